import { describe, expect, it } from 'vitest';
import { outcomeFormValues, periodBounds, publicCount, validateOutcome } from './outcomes.ts';

const valid = {
  topic: 'detainees',
  periodStart: '2026-07',
  periodEnd: '2026-09',
  actor: 'ose',
  saidAr: 'طالبت المشاركات والمشاركون بالكشف عن مصير المعتقلات والمعتقلين.',
  saidEn: 'People asked to know what happened to detainees.',
  didAr: 'أثار المبعوث الخاص المسألة في إحاطته.',
  didEn: 'The Special Envoy raised it in his briefing.',
};

describe('outcome notes', () => {
  it('accept a complete note in both languages, and give the form its values back', () => {
    const result = validateOutcome(valid);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.said).toEqual({ ar: valid.saidAr, en: valid.saidEn });
      expect(outcomeFormValues(result.value)).toEqual(valid);
    }
  });

  it('explain every missing or wrong field with a catalogue key', () => {
    expect(validateOutcome({ periodStart: '2026-13', periodEnd: 'July' })).toEqual({
      ok: false,
      errors: {
        topic: 'outcomes.error.topic',
        periodStart: 'outcomes.error.month',
        periodEnd: 'outcomes.error.month',
        actor: 'outcomes.error.actor',
        saidAr: 'outcomes.error.saidAr',
        saidEn: 'outcomes.error.saidEn',
        didAr: 'outcomes.error.didAr',
        didEn: 'outcomes.error.didEn',
      },
    });
    expect(validateOutcome({ ...valid, periodEnd: '2026-06' })).toEqual({
      ok: false,
      errors: { periodEnd: 'outcomes.error.periodOrder' },
    });
    expect(validateOutcome({ ...valid, didEn: 'x'.repeat(2001) })).toEqual({
      ok: false,
      errors: { didEn: 'outcomes.error.text.tooLong' },
    });
  });

  it('strip bidi controls from staff text', () => {
    const result = validateOutcome({ ...valid, didEn: 'done\u202Eenod' });
    expect(result.ok && result.value.did.en).toBe('doneenod');
  });

  it('cover whole months, the last one included', () => {
    expect(periodBounds('2026-07', '2026-09')).toEqual({
      from: '2026-07-01T00:00:00.000Z',
      until: '2026-10-01T00:00:00.000Z',
    });
    expect(periodBounds('2026-12', '2026-12').until).toBe('2027-01-01T00:00:00.000Z');
  });

  it('show counts under 5 only as "fewer than 5"', () => {
    expect(publicCount(0)).toEqual({ kind: 'fewer', than: 5 });
    expect(publicCount(4)).toEqual({ kind: 'fewer', than: 5 });
    expect(publicCount(5)).toEqual({ kind: 'count', value: 5 });
  });
});
