import { describe, expect, it } from 'vitest';
import { emptyVoteTally } from './consensus.ts';
import {
  CONSULTATION_LIMITS,
  type Consultation,
  checkField,
  codeCountSchema,
  normaliseParticipantCode,
  phaseAt,
  pointTextSchema,
  validateConsultationForm,
  validateDeclaration,
} from './model.ts';
import {
  carryCandidates,
  composeStatement,
  missingWordings,
  moderate,
  type Point,
  pointSimilarity,
  proposeMerges,
  withWording,
  wordingIn,
} from './points.ts';

const rules = { minVoters: 3, thresholdPercent: 60, groupBy: ['gender'] as const };
const consultation: Pick<Consultation, 'themes' | 'rules'> = {
  rules: { ...rules, groupBy: [...rules.groupBy] },
  themes: [
    { id: 'detainees', label: { ar: 'المعتقلون', en: 'Detainees' }, addressee: 'ose' },
    { id: 'cssr-ownership', label: { ar: 'الملكية', en: 'Ownership' }, addressee: 'donors' },
  ],
};

let next = 0;
function point(partial: Partial<Point> & Pick<Point, 'theme'>): Point {
  next += 1;
  return {
    id: `P${String(next).padStart(9, '0')}`,
    consultationId: 'C000000001',
    round: 1,
    text: `point ${next}`,
    status: 'approved',
    createdAt: '2026-12-01T00:00:00.000Z',
    counts: { all: emptyVoteTally(), groups: {} },
    version: 1,
    ...partial,
  };
}
const agreed = { all: { agree: 4, disagree: 0, pass: 0 }, groups: {} };
const split = { all: { agree: 2, disagree: 2, pass: 0 }, groups: {} };

describe('moderation', () => {
  it('keeps the author’s words when a moderator edits for clarity, even after a second edit', () => {
    const edited = moderate(point({ theme: 'detainees', text: 'release them' }), {
      kind: 'edit',
      text: 'Release all detainees',
    });
    expect(edited).toMatchObject({ text: 'Release all detainees', originalText: 'release them' });
    expect(moderate(edited, { kind: 'edit', text: 'Release every detainee' }).originalText).toBe('release them');
  });

  it('records the reason for a rejection and the target of a merge', () => {
    expect(moderate(point({ theme: 'detainees' }), { kind: 'reject', reason: 'off topic' })).toMatchObject({
      status: 'rejected',
      rejectReason: 'off topic',
    });
    expect(moderate(point({ theme: 'detainees' }), { kind: 'merge', into: 'X' })).toMatchObject({
      status: 'merged',
      mergedInto: 'X',
    });
  });

  it('proposes merging near-identical Arabic wording (article, diacritics, alef forms aside)', () => {
    expect(pointSimilarity('الإفراج عن المعتقلين', 'الافراج عن معتقلين')).toBe(1);
    const a = point({ theme: 'detainees', text: 'الإفراج الفوري عن جميع المعتقلات والمعتقلين' });
    const b = point({ theme: 'detainees', text: 'الافراج الفوري عن جميع المعتقلات و المعتقلين', status: 'pending' });
    const c = point({ theme: 'detainees', text: 'فتح المعابر للمساعدات الإنسانية' });
    const d = point({ theme: 'cssr-ownership', text: 'الإفراج الفوري عن جميع المعتقلات والمعتقلين' });
    expect(proposeMerges([a, b, c, d])).toEqual([{ keep: a.id, merge: b.id, similarity: 1 }]);
  });
});

describe('rounds', () => {
  const schedule = {
    opensAt: '2026-12-01T00:00:00.000Z',
    round1ClosesAt: '2026-12-05T00:00:00.000Z',
    round2ClosesAt: '2026-12-08T00:00:00.000Z',
  };
  it('moves from upcoming to round 1, round 2 and closed with the schedule', () => {
    expect(phaseAt(schedule, new Date('2026-11-30T23:59:59Z'))).toBe('upcoming');
    expect(phaseAt(schedule, new Date('2026-12-01T00:00:00Z'))).toBe('round1');
    expect(phaseAt(schedule, new Date('2026-12-05T00:00:00Z'))).toBe('round2');
    expect(phaseAt(schedule, new Date('2026-12-08T00:00:00Z'))).toBe('closed');
  });

  it('offers for round 2 only approved round-1 points without consensus, not yet carried', () => {
    const withConsensus = point({ theme: 'detainees', counts: agreed });
    const without = point({ theme: 'detainees', counts: split });
    const carried = point({ theme: 'detainees', counts: split, carriedTo: 'Z' });
    const rejected = point({ theme: 'detainees', counts: split, status: 'rejected' });
    expect(carryCandidates(consultation.rules, [withConsensus, without, carried, rejected]).map((p) => p.id)).toEqual([
      without.id,
    ]);
  });
});

describe('statements', () => {
  it('gathers the points with consensus under each addressee’s themes, round 2 carrying round 1', () => {
    const first = point({ theme: 'detainees', text: 'Release all detainees', counts: agreed });
    const carriedOriginal = point({ theme: 'detainees', text: 'old wording', counts: split, carriedTo: 'R2' });
    const carried = point({
      theme: 'detainees',
      text: 'new wording',
      round: 2,
      counts: agreed,
      carriedFrom: carriedOriginal.id,
    });
    const noConsensus = point({ theme: 'detainees', text: 'no', counts: split });
    const donors = point({
      theme: 'cssr-ownership',
      text: 'Syrian ownership',
      counts: { ...agreed, all: { agree: 3, disagree: 1, pass: 1 } },
    });

    const ose = composeStatement(consultation, [first, carriedOriginal, carried, noConsensus, donors], 'ose');
    expect(ose).toHaveLength(1);
    expect(ose[0]?.points.map((p) => [p.text, p.round, p.agreePercent])).toEqual([
      ['Release all detainees', 1, 100],
      ['new wording', 2, 100],
    ]);
    const toDonors = composeStatement(consultation, [first, donors], 'donors');
    expect(toDonors[0]?.points[0]).toMatchObject({ text: 'Syrian ownership', agree: 3, voters: 5, agreePercent: 60 });
  });
});

describe('statements in Arabic and English', () => {
  it('takes each point’s own words as its wording in the language they are in, and counts what is missing', () => {
    const arabic = point({ theme: 'detainees', text: 'الإفراج عن المعتقلين', counts: agreed });
    const english = point({ theme: 'detainees', text: 'Open the crossings', counts: agreed });
    const sections = composeStatement(consultation, [arabic, english], 'ose');
    expect(sections[0]?.points.map((p) => p.wording)).toEqual([
      { ar: 'الإفراج عن المعتقلين' },
      { en: 'Open the crossings' },
    ]);
    expect(missingWordings(sections)).toBe(2);
    const worded = withWording(
      sections,
      new Map([
        ['en-0', 'Release the detainees'],
        ['ar-1', 'فتح المعابر'],
      ]),
    );
    expect(missingWordings(worded)).toBe(0);
    expect(worded[0]?.points.map((p) => [wordingIn(p, 'ar'), wordingIn(p, 'en')])).toEqual([
      ['الإفراج عن المعتقلين', 'Release the detainees'],
      ['فتح المعابر', 'Open the crossings'],
    ]);
    // Clearing a wording makes it missing again; the voted words stand in for it meanwhile.
    const cleared = withWording(worded, new Map([['en-0', '']]));
    expect(missingWordings(cleared)).toBe(1);
    expect(wordingIn(cleared[0]!.points[0]!, 'en')).toBe('الإفراج عن المعتقلين');
  });

  it('keeps the translations when composed again, unless the point’s words changed', () => {
    const kept = point({ theme: 'detainees', text: 'الإفراج عن المعتقلين', counts: agreed });
    const changed = point({ theme: 'detainees', text: 'فتح المعابر', counts: agreed });
    const first = withWording(
      composeStatement(consultation, [kept, changed], 'ose'),
      new Map([
        ['en-0', 'Release the detainees'],
        ['en-1', 'Open the crossings'],
      ]),
    );
    const again = composeStatement(consultation, [kept, { ...changed, text: 'فتح جميع المعابر' }], 'ose', first);
    expect(again[0]?.points.map((p) => p.wording)).toEqual([
      { ar: 'الإفراج عن المعتقلين', en: 'Release the detainees' },
      { ar: 'فتح جميع المعابر' },
    ]);
  });
});

describe('the staff form', () => {
  const valid = {
    titleAr: 'مشاورة تركيا',
    titleEn: 'Turkey consultation',
    addressees: ['ose', 'donors'],
    themes: ['detainees', 'cssr-ownership'],
    ownThemes: 'التراث الثقافي | Cultural heritage',
    ownThemesFor: 'ose',
    opens: '2026-12-01',
    round1Closes: '2026-12-04',
    round2Closes: '2026-12-06',
    access: 'closed',
    minVoters: '4',
    threshold: '60',
    groupBy: ['gender', 'location'],
  };

  it('builds themes with their addressee from the topic list and own lines', () => {
    const result = validateConsultationForm(valid);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.themes.map((t) => [t.id, t.addressee, t.label.en])).toEqual([
      ['detainees', 'ose', 'Detainees, abductees and the forcibly disappeared'],
      ['cssr-ownership', 'donors', expect.any(String)],
      ['own-1', 'ose', 'Cultural heritage'],
    ]);
    expect(result.value.schedule.round1ClosesAt).toBe('2026-12-05T00:00:00.000Z');
    expect(result.value.rules).toEqual({ minVoters: 4, thresholdPercent: 60, groupBy: ['gender', 'location'] });
  });

  it('refuses rounds out of order, a threshold under 50 % and unknown themes, each with its own message', () => {
    const result = validateConsultationForm({
      ...valid,
      round1Closes: '2026-11-30',
      threshold: '40',
      themes: ['nope'],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      round1Closes: 'cons.error.round1.order',
      threshold: 'cons.error.threshold',
      themes: 'cons.error.themes.invalid',
    });
  });

  it('says what is wrong with each field, and takes the defaults for empty numbers', () => {
    const result = validateConsultationForm({
      ...valid,
      titleAr: '  \u202E ',
      titleEn: 'x'.repeat(CONSULTATION_LIMITS.title + 1),
      addressees: ['ose', 'elsewhere'],
      opens: '2026-13-45',
      round2Closes: 'tomorrow',
      access: 'half-open',
      minVoters: '2.5',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      titleAr: 'cons.error.title.required',
      titleEn: 'cons.error.title.tooLong',
      addressees: 'cons.error.addressees.required',
      opens: 'cons.error.opens.required',
      round2Closes: 'cons.error.round2.required',
      access: 'cons.error.access.required',
      minVoters: 'cons.error.minVoters',
    });
    const defaults = validateConsultationForm({ ...valid, minVoters: ' ', threshold: '', groupBy: undefined });
    if (!defaults.ok) throw new Error(JSON.stringify(defaults.errors));
    expect(defaults.value.rules).toEqual({ minVoters: 5, thresholdPercent: 60, groupBy: [] });
    const cleaned = validateConsultationForm({ ...valid, titleEn: ' \u200BTurkey\u202E ', addressees: 'donors' });
    if (!cleaned.ok) throw new Error(JSON.stringify(cleaned.errors));
    expect([cleaned.value.title.en, cleaned.value.addressees]).toEqual(['Turkey', ['donors']]);
  });

  it('checks one field at a time: points, code counts, declarations', () => {
    expect(checkField(pointTextSchema, '  ')).toEqual({ ok: false, error: 'cons.error.point.required' });
    expect(checkField(pointTextSchema, 7)).toEqual({ ok: false, error: 'error.invalid' });
    expect(checkField(pointTextSchema, ' فتح المعابر ')).toEqual({ ok: true, value: 'فتح المعابر' });
    for (const count of ['0', '1.5', 'ten', String(CONSULTATION_LIMITS.codesPerBatch + 1)]) {
      expect(checkField(codeCountSchema, count)).toEqual({ ok: false, error: 'cons.error.count' });
    }
    expect(checkField(codeCountSchema, '25')).toEqual({ ok: true, value: 25 });
    expect(validateDeclaration({ gender: 'prefer-not', location: 'inside', disability: '' })).toEqual({
      gender: undefined,
      location: 'inside',
      disability: undefined,
    });
    expect(validateDeclaration({ gender: 'robot' })).toBeUndefined();
  });

  it('reads participant codes the way people type them', () => {
    expect(normaliseParticipantCode(' abcd-efgh-oil1 ')).toBe('ABCDEFGH0111');
  });
});
