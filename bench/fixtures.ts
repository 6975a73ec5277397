import { randomBytes } from 'node:crypto';
import {
  ADDRESSEES,
  REGIONS,
  receiptFromToken,
  receiptHash,
  referenceFromToken,
  type SubmissionRecord,
  type SubmissionStatus,
  TOPIC_IDS,
  tokenHash,
} from '#core';

/** A fresh form token, as the form itself would carry: 18 random bytes, base64url. */
export const newToken = () => randomBytes(18).toString('base64url');

const ARABIC_SENTENCE = 'نحتاج إلى معرفة مصير المعتقلات والمعتقلين، وإلى ضمان وصول المساعدات إلى المخيمات قبل الشتاء. ';
const ENGLISH_SENTENCE = 'We need to know what happened to the detainees, and aid must reach the camps before winter. ';

/** The body a browser posts for a typical anonymous submission (no email: nothing to encrypt). */
export function formBody(formToken: string, extra: Record<string, string> = {}): string {
  const body = new URLSearchParams({ formToken, addressee: 'ose' });
  body.append('topics', 'detainees');
  body.append('topics', 'humanitarian-access');
  body.append('message', ARABIC_SENTENCE.repeat(4).trim());
  body.append('region', 'syria-northwest');
  body.append('gender', 'prefer-not');
  for (const [name, value] of Object.entries(extra)) body.set(name, value);
  return body.toString();
}

/** Deterministic pseudo-random numbers, so every run seeds the same mix. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** Roughly what a year of triage leaves behind: most work done, a third still new. */
const STATUS_MIX: [SubmissionStatus, number][] = [
  ['new', 0.3],
  ['in-review', 0.15],
  ['forwarded', 0.1],
  ['answered', 0.2],
  ['closed', 0.2],
  ['spam', 0.05],
];

function pickStatus(roll: number): SubmissionStatus {
  let left = roll;
  for (const [status, share] of STATUS_MIX) {
    left -= share;
    if (left < 0) return status;
  }
  return 'new';
}

export interface SeedSample {
  reference: string;
  receipt: string;
}

export interface SeedBatch {
  records: SubmissionRecord[];
  /** A few records with their receipt codes, for timing the status lookup. */
  samples: SeedSample[];
}

/**
 * `count` submissions spread over the past year, in the status mix above, routed as the
 * intake workflow would have routed them. Codes derive from random tokens as in real
 * intake, so references never collide across batches. `samples` of them, spread evenly,
 * come back with their receipt codes.
 */
export function seedRecords(
  count: number,
  receiptSecret: string,
  seed: number,
  { now = Date.now(), samples: sampleCount = 5 }: { now?: number; samples?: number } = {},
): SeedBatch {
  const random = generator(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const records: SubmissionRecord[] = [];
  const samples: SeedSample[] = [];
  for (let i = 0; i < count; i++) {
    const token = newToken();
    const reference = referenceFromToken(token);
    const receipt = receiptFromToken(receiptSecret, token);
    const language = random() < 0.8 ? 'ar' : 'en';
    const sentence = language === 'ar' ? ARABIC_SENTENCE : ENGLISH_SENTENCE;
    const status = pickStatus(random());
    const addressee = pick(ADDRESSEES);
    const createdAt = new Date(now - Math.floor(random() * 365 * 24 * 3600 * 1000));
    const routedTo = addressee === 'donors' ? ['donors'] : addressee === 'both' ? ['ose', 'donors'] : ['ose'];
    const topics = [...new Set([pick(TOPIC_IDS), pick(TOPIC_IDS)])];
    const record: SubmissionRecord = {
      reference,
      tokenHash: tokenHash(token),
      receiptHash: receiptHash(receipt),
      language,
      addressee,
      topics,
      urgent: topics.includes('detainees') || topics.includes('protection-of-civilians'),
      message: sentence.repeat(1 + Math.floor(random() * 6)).trim(),
      hasEmail: false,
      status,
      createdAt: createdAt.toISOString(),
      version: status === 'new' ? 1 : 2,
      routing: 'routed',
      routedTo,
      routedAt: new Date(createdAt.getTime() + 5000).toISOString(),
    };
    if (random() < 0.6) record.region = pick(REGIONS);
    records.push(record);
    if (samples.length < sampleCount && i % Math.max(1, Math.floor(count / sampleCount)) === 0) {
      samples.push({ reference, receipt });
    }
  }
  return { records, samples };
}
