import { gzipSync } from 'node:zlib';
import {
  type Consultation,
  DEFAULT_RULES,
  groupsOf,
  loadConfig,
  newConsultationId,
  newParticipantId,
  newPointId,
  TOPICS,
  type VoteChoice,
  voteDeltas,
} from '#core';
import { createConsultationStore, createDocumentClient } from '#store';
import { median } from './stats.ts';

/**
 * A consultation's results page at 10 and at 1,000 participants, each voting on 100 points
 * (1,000 and 100,000 votes): counts are kept on the points as votes arrive, so the page is
 * one Query of the consultation's partition whatever the number of votes.
 *
 * The 10-participant consultation is voted through ConsultationStore.vote, as the pages do.
 * The 1,000-participant one gets the same counters with one ADD per point
 * (ConsultationStore.addCounts, named as voteDeltas names them): 300,000 single-item
 * writes to dynalite would take most of an hour and change nothing the page reads, since
 * the results page never reads vote items (tests/integration/consultations-store.test.ts).
 */
export interface ConsultationFigure {
  participants: number;
  points: number;
  votes: number;
  requests: number;
  medianMs: number;
  /** The results page's HTML, gzip-compressed (the app compresses it the same way). */
  htmlGzipBytes: number;
  path: string;
}

const POINTS = 100;
const choiceOf = (participant: number, point: number): VoteChoice =>
  (['agree', 'agree', 'agree', 'disagree', 'pass'] as const)[(participant * 7 + point * 3) % 5]!;

function consultation(): Consultation {
  return {
    id: newConsultationId(),
    title: { ar: 'مشاورة للقياس', en: 'Benchmark consultation' },
    description: { ar: '', en: '' },
    themes: TOPICS.slice(0, 10).map((topic) => ({
      id: topic.id,
      label: { ...topic.label },
      addressee: topic.raisedFor,
    })),
    addressees: ['ose', 'donors'],
    // Closed, so both rounds' results are public.
    schedule: {
      opensAt: '2020-01-01T00:00:00.000Z',
      round1ClosesAt: '2020-01-05T00:00:00.000Z',
      round2ClosesAt: '2020-01-08T00:00:00.000Z',
    },
    access: 'closed',
    rules: DEFAULT_RULES,
    codeBatches: [],
    createdAt: new Date().toISOString(),
    createdBy: 'bench',
    version: 1,
  };
}

export async function measureConsultations(
  service: { url: string; dynamodbEndpoint: string },
  sizes: number[],
  requests: number,
  update: (message: string) => void = () => {},
): Promise<ConsultationFigure[]> {
  const config = loadConfig({});
  const client = createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint });
  const store = createConsultationStore(client, config.tableName);
  const figures: ConsultationFigure[] = [];
  try {
    for (const participants of sizes) {
      const c = consultation();
      await store.create(c);
      const pointIds: string[] = [];
      for (let i = 0; i < POINTS; i++) {
        const id = newPointId();
        pointIds.push(id);
        await store.addPoint({
          id,
          consultationId: c.id,
          theme: c.themes[i % c.themes.length]!.id,
          round: 1,
          text: `Point ${i + 1}: a proposal the group can agree or disagree with`,
          status: 'approved',
          createdAt: new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString(),
          counts: { all: { agree: 0, disagree: 0, pass: 0 }, groups: {} },
          version: 1,
        });
      }
      const declarations = Array.from({ length: participants }, (_, p) => ({
        gender: p % 2 ? ('man' as const) : ('woman' as const),
        location: p % 3 ? ('outside' as const) : ('inside' as const),
      }));
      if (participants <= 10) {
        for (const [p, declaration] of declarations.entries()) {
          update(`${participants} participants: voting ${p + 1}/${participants}`);
          const { participant } = await store.join({
            consultationId: c.id,
            id: newParticipantId(),
            via: 'open',
            declaration,
            joinedAt: 'bench',
          });
          for (const [i, id] of pointIds.entries()) await store.vote(participant, id, choiceOf(p, i));
        }
      } else {
        for (const [i, id] of pointIds.entries()) {
          update(`${participants} participants: counting point ${i + 1}/${POINTS}`);
          const counters: Record<string, number> = {};
          for (const [p, declaration] of declarations.entries()) {
            for (const [name, delta] of Object.entries(voteDeltas(groupsOf(declaration), undefined, choiceOf(p, i)))) {
              counters[name] = (counters[name] ?? 0) + delta;
            }
          }
          await store.addCounts(c.id, id, counters);
        }
      }
      const path = `/consultations/${c.id}/results`;
      const timings: number[] = [];
      let htmlGzipBytes = 0;
      for (let r = 0; r < requests + 2; r++) {
        const start = performance.now();
        const response = await fetch(`${service.url}${path}`, { headers: { 'accept-encoding': 'gzip' } });
        const body = await response.arrayBuffer();
        if (!response.ok) throw new Error(`results page answered ${response.status}`);
        // The first two warm up the connection and the module caches.
        if (r >= 2) timings.push(performance.now() - start);
        htmlGzipBytes = gzipSync(Buffer.from(body)).length;
      }
      figures.push({
        participants,
        points: POINTS,
        votes: participants * POINTS,
        requests,
        medianMs: Math.round(median(timings) * 10) / 10,
        htmlGzipBytes,
        path,
      });
    }
  } finally {
    client.destroy();
  }
  return figures;
}
