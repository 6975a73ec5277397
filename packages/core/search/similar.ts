import { normaliseText, queryKey } from './text.ts';

/**
 * Near-duplicates (issue 15): MinHash over word shingles of the normalised, stemmed text,
 * and locality-sensitive hashing (LSH) bands to find candidates without comparing a new
 * submission with every other one. No maintained npm package does MinHash with a seeded,
 * stable hash small enough for the intake Lambda; the whole method is the ~60 lines below,
 * checked against exact Jaccard on the corpus in similar.test.ts (docs/adr/0011-search.md).
 *
 * Why these numbers (measured on tests/fixtures/near-duplicates.ts, see the test):
 * - shingles of 2 words: a changed name or an added greeting touches few of them, and
 *   reordered sentences keep all but the ones across a sentence boundary;
 * - threshold 0.6 estimated Jaccard: every variant in the corpus is ≥ 0.78 exact (≥ 0.77
 *   estimated) to its original, every other message on the same topics ≤ 0.03. The 0.8 the
 *   issue suggests would lose real variants (a changed town with a closing line: 0.78), and
 *   with 64 hashes an estimate wanders ±0.05 around the true value; 0.6 keeps a margin on
 *   both sides, and a wrong grouping costs a click, never a submission;
 * - 64 hashes in 16 bands of 4 rows: a pair at 0.78 shares a band with probability 0.9994,
 *   at 0.6 with 0.89, at 0.2 with 0.03 (candidates are then checked on the estimate).
 */
export const SHINGLE_WORDS = 2;
export const MINHASH_SIZE = 64;
export const LSH_BANDS = 16;
export const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;
export const SIMILARITY_THRESHOLD = 0.6;

function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads the bits of a 32-bit value. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The word shingles of a text, after the same normalisation and stemming search uses. */
export function shingles(text: string): Set<string> {
  const keys = (normaliseText(text).match(/[\p{L}\p{N}]+/gu) ?? []).map(queryKey);
  const found = new Set<string>();
  if (keys.length < SHINGLE_WORDS) {
    if (keys.length > 0) found.add(keys.join(' '));
    return found;
  }
  for (let i = 0; i + SHINGLE_WORDS <= keys.length; i++) found.add(keys.slice(i, i + SHINGLE_WORDS).join(' '));
  return found;
}

/** Exact Jaccard similarity of two shingle sets. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** The MinHash signature: for each of MINHASH_SIZE hash functions, the least hash over the shingles. */
export function minhash(text: string): number[] {
  const signature = new Array<number>(MINHASH_SIZE).fill(0xffffffff);
  for (const shingle of shingles(text)) {
    // Double hashing: h_i = mix(h1 + i·h2) stands in for MINHASH_SIZE independent hashes.
    const h1 = fnv1a(shingle, 0);
    const h2 = fnv1a(shingle, 0x9e3779b9) | 1;
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const h = mix((h1 + Math.imul(i, h2)) >>> 0);
      if (h < signature[i]!) signature[i] = h;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity: the share of positions where two signatures agree. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

/** One key per band: two texts sharing any band key are candidates. */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < LSH_BANDS; band++) {
    const rows = signature.slice(band * LSH_ROWS, (band + 1) * LSH_ROWS).join('.');
    keys.push(`${band}.${fnv1a(rows, band).toString(36)}`);
  }
  return keys;
}

/** A signature packed for storage (hex, 8 characters per hash) and read back. */
export const packSignature = (signature: readonly number[]) =>
  signature.map((h) => h.toString(16).padStart(8, '0')).join('');
export function unpackSignature(packed: string): number[] | undefined {
  if (!/^[0-9a-f]+$/.test(packed) || packed.length !== MINHASH_SIZE * 8) return undefined;
  return Array.from({ length: MINHASH_SIZE }, (_, i) => Number.parseInt(packed.slice(i * 8, i * 8 + 8), 16));
}

export { type CampaignRule, DEFAULT_CAMPAIGN } from '../campaign.ts';
