import { describe, expect, it } from 'vitest';
import { DIFFERENT, FAMILIES } from '../../../tests/fixtures/near-duplicates.ts';
import {
  bandKeys,
  jaccard,
  minhash,
  packSignature,
  SIMILARITY_THRESHOLD,
  shingles,
  similarity,
  unpackSignature,
} from './similar.ts';

const variants = FAMILIES.flatMap((family) =>
  family.variants.map((variant) => [`${family.name}: ${variant.change}`, family.original, variant.text] as const),
);
const originals = [...FAMILIES.map((family) => family.original), ...DIFFERENT];
const pairs = originals.flatMap((a, i) => originals.slice(i + 1).map((b) => [a, b] as const));

describe('near-duplicate threshold, on the corpus', () => {
  it.each(variants)('groups %s with its original', (_, original, variant) => {
    expect(jaccard(shingles(original), shingles(variant))).toBeGreaterThanOrEqual(0.75);
    const a = minhash(original);
    const b = minhash(variant);
    expect(similarity(a, b)).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    // LSH finds it as a candidate: at least one band in common.
    const bands = new Set(bandKeys(a));
    expect(bandKeys(b).some((key) => bands.has(key))).toBe(true);
  });

  it('keeps different messages on the same topics apart', () => {
    for (const [a, b] of pairs) {
      expect(jaccard(shingles(a), shingles(b))).toBeLessThan(0.1);
      expect(similarity(minhash(a), minhash(b))).toBeLessThan(SIMILARITY_THRESHOLD);
    }
  });

  it('estimates Jaccard within 0.15 of the exact value', () => {
    for (const [, original, variant] of variants) {
      const exact = jaccard(shingles(original), shingles(variant));
      expect(Math.abs(similarity(minhash(original), minhash(variant)) - exact)).toBeLessThan(0.15);
    }
  });
});

describe('signatures', () => {
  it('are the same for the same text, whatever the spelling of hamza or diacritics', () => {
    expect(minhash('أحمد في إدلب')).toEqual(minhash('احمد في ادلب'));
    expect(minhash('مُعتقَل')).toEqual(minhash('معتقل'));
  });

  it('pack and unpack without loss, and refuse anything else', () => {
    const signature = minhash('a text to sign');
    expect(unpackSignature(packSignature(signature))).toEqual(signature);
    expect(unpackSignature('zz')).toBeUndefined();
  });
});
