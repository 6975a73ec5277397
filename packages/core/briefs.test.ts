import { describe, expect, it } from 'vitest';
import {
  checkConsentToken,
  checkQuote,
  consentToken,
  identifyingDetails,
  isFirstWorkingDay,
  isVerbatim,
  previousMonth,
  previousPeriod,
  QUOTE_SLOTS,
  quoteText,
  validateBriefForm,
} from './briefs.ts';
import { ar } from './i18n/ar.ts';
import { en } from './i18n/en.ts';
import { staffCatalogues } from './i18n/staff.ts';
import { REGIONS } from './options.ts';
import type { SubmissionRecord } from './submission.ts';

const message =
  'The schools in our area have no heating. Children study in coats. We ask the donors to fund repairs before winter.';

describe('quotes are the submission’s own words', () => {
  it('accepts a passage, and parts joined by an ellipsis, in order', () => {
    expect(isVerbatim('Children study in coats.', message)).toBe(true);
    expect(isVerbatim('The schools in our area have no heating … fund repairs before winter.', message)).toBe(true);
    expect(isVerbatim('… have no heating...', message)).toBe(true);
    expect(quoteText('The schools ... before winter.')).toBe('The schools … before winter.');
  });

  it('refuses changed words, words left out without an ellipsis, and parts out of order', () => {
    expect(isVerbatim('Children study in jackets.', message)).toBe(false);
    expect(isVerbatim('The schools have no heating.', message)).toBe(false);
    expect(isVerbatim('fund repairs … Children study', message)).toBe(false);
    expect(isVerbatim('…', message)).toBe(false);
  });
});

describe('the identifying-detail check', () => {
  it('flags capitalised names, numbers, places from the region list and staff-flagged words', () => {
    const found = identifyingDetails('My neighbour Ahmad left Homs with 3 children for Lebanon near Kafr Batna', [
      'kafr batna',
    ]);
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'name', text: 'Ahmad' },
        { kind: 'number', text: '3' },
        { kind: 'place', text: 'Homs' },
        { kind: 'place', text: 'Lebanon' },
        { kind: 'flagged', text: 'kafr batna' },
      ]),
    );
    expect(identifyingDetails('غادر أخي حلب في ٢٠١٩')).toEqual([
      { kind: 'number', text: '٢٠١٩' },
      { kind: 'place', text: 'حلب' },
    ]);
  });

  it('stays quiet for a sentence’s first word and plain text', () => {
    expect(identifyingDetails('Schools need heating. We ask for help.')).toEqual([]);
    expect(identifyingDetails('نحتاج إلى مدارس آمنة')).toEqual([]);
  });

  it('knows every place its list names from the region labels', () => {
    const labels = REGIONS.flatMap((id) => [en[`region.${id}`], ar[`region.${id}`]]).join(' ');
    for (const place of ['Homs', 'Aleppo', 'Lebanon', 'حلب', 'دمشق', 'الأردن']) expect(labels).toContain(place);
  });
});

const record = (overrides: Partial<SubmissionRecord> = {}): SubmissionRecord => ({
  reference: 'ABCDEFGHJKMN',
  tokenHash: 'x',
  receiptHash: 'y',
  language: 'en',
  addressee: 'ose',
  topics: ['education'],
  urgent: false,
  message,
  hasEmail: false,
  status: 'new',
  createdAt: '2026-03-01T00:00:00.000Z',
  version: 1,
  routing: 'routed',
  routedTo: ['ose'],
  quoteConsent: true,
  ...overrides,
});
const draft = (text: string, confirmed = false) => ({
  slot: 1,
  reference: 'ABCDEFGHJKMN',
  topic: 'education',
  text,
  confirmed,
});

describe('checking a quote', () => {
  it('refuses a submission whose author did not consent, whatever the passage', () => {
    expect(checkQuote(draft('Children study in coats.'), record({ quoteConsent: undefined }), 'ose', [])).toEqual({
      ok: false,
      error: 'no-consent',
    });
    expect(checkQuote(draft('Children study in coats.'), record({ quoteConsent: false }), 'ose', []).ok).toBe(false);
  });

  it('refuses input the addressee never received, spam and unknown references', () => {
    expect(checkQuote(draft('Children study in coats.'), record(), 'donors', [])).toEqual({
      ok: false,
      error: 'out-of-scope',
    });
    expect(checkQuote(draft('Children'), record({ status: 'spam' }), 'ose', [])).toEqual({
      ok: false,
      error: 'missing',
    });
    expect(checkQuote(draft('Children'), undefined, 'ose', [])).toEqual({ ok: false, error: 'missing' });
  });

  it('asks for confirmation when something could identify someone, and takes the quote once confirmed', () => {
    const flagged = checkQuote(draft('We ask the donors'), record(), 'ose', ['donors']);
    expect(flagged).toEqual({ ok: false, error: 'confirm', details: [{ kind: 'flagged', text: 'donors' }] });
    expect(checkQuote(draft('We ask the donors', true), record(), 'ose', ['donors'])).toEqual({
      ok: true,
      quote: { reference: 'ABCDEFGHJKMN', topic: 'education', text: 'We ask the donors', confirmed: true },
    });
  });
});

describe('the brief form', () => {
  const valid = {
    periodStart: '2026-03',
    periodEnd: '2026-03',
    addressee: 'ose',
    topics: ['education', 'detainees'],
    introAr: 'مقدمة',
    introEn: 'Introduction',
    flagWords: 'Kafr Batna، Ahmad',
  };

  it('reads a brief, its notes on chosen topics only, and its quote slots', () => {
    const result = validateBriefForm({
      ...valid,
      'note-education-ar': 'ملاحظة',
      'note-education-en': 'A note',
      'note-sanctions-en': 'not a chosen topic',
      quote1Reference: 'abcd-efgh-jkmn',
      quote1Topic: 'education',
      quote1Text: 'Children study in coats.',
      quote2Reference: '',
      quote2Text: '',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.notes).toEqual({ education: { ar: 'ملاحظة', en: 'A note' } });
    expect(result.value.flagWords).toEqual(['Kafr Batna', 'Ahmad']);
    expect(result.quotes).toEqual([draft('Children study in coats.')]);
  });

  it('gives each wrong field a catalogue key, and a quote outside the brief’s topics an error', () => {
    const result = validateBriefForm({
      periodStart: '2026-13',
      periodEnd: '2026-01',
      topics: ['nope'],
      quote2Reference: 'x',
      quote2Topic: 'sanctions',
      [`quote${QUOTE_SLOTS}Text`]: 'text without a reference',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      periodStart: 'briefs.error.month',
      addressee: 'briefs.error.addressee',
      topics: 'briefs.error.topics',
      introAr: 'briefs.error.introAr',
      introEn: 'briefs.error.introEn',
      quote2Reference: 'briefs.error.quote.reference',
      quote2Text: 'briefs.error.quote.text',
      quote2Topic: 'briefs.error.quote.topic',
      [`quote${QUOTE_SLOTS}Reference`]: 'briefs.error.quote.reference',
    });
    for (const key of Object.values(result.errors)) expect(staffCatalogues.en).toHaveProperty(key!);
  });
});

describe('periods and the monthly schedule', () => {
  it('finds the previous period of the same length, across years', () => {
    expect(previousPeriod('2026-01', '2026-03')).toEqual({ periodStart: '2025-10', periodEnd: '2025-12' });
    expect(previousPeriod('2026-05', '2026-05')).toEqual({ periodStart: '2026-04', periodEnd: '2026-04' });
    expect(previousMonth(new Date('2026-01-02T06:00:00Z'))).toBe('2025-12');
  });

  it('runs on the first weekday of the month only', () => {
    expect(isFirstWorkingDay(new Date('2026-12-01T06:00:00Z'))).toBe(true); // a Tuesday
    expect(isFirstWorkingDay(new Date('2026-12-02T06:00:00Z'))).toBe(false);
    expect(isFirstWorkingDay(new Date('2026-11-01T06:00:00Z'))).toBe(false); // a Sunday
    expect(isFirstWorkingDay(new Date('2026-11-02T06:00:00Z'))).toBe(true); // the Monday after
    expect(isFirstWorkingDay(new Date('2026-08-03T06:00:00Z'))).toBe(true); // 1 and 2 August are a weekend
  });
});

describe('the consent form’s token', () => {
  it('works for its reference until it expires, and for nothing else', () => {
    const now = Date.UTC(2026, 2, 1);
    const expires = now + 30 * 60_000;
    const token = consentToken('secret', 'ABCDEFGHJKMN', expires);
    expect(checkConsentToken('secret', 'ABCDEFGHJKMN', expires, token, now)).toBe(true);
    expect(checkConsentToken('secret', 'ABCDEFGHJKMP', expires, token, now)).toBe(false);
    expect(checkConsentToken('other', 'ABCDEFGHJKMN', expires, token, now)).toBe(false);
    expect(checkConsentToken('secret', 'ABCDEFGHJKMN', expires + 1, token, now)).toBe(false);
    expect(checkConsentToken('secret', 'ABCDEFGHJKMN', expires, token, expires + 1)).toBe(false);
  });
});
