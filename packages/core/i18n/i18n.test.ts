import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../languages.ts';
import { TOPICS } from '../topics.ts';
import {
  assertCataloguesComplete,
  assertPublicCataloguesComplete,
  catalogues,
  type Entries,
  formatNumber,
  pluralTemplates,
  translator,
} from './index.ts';
import { assertStaffCataloguesComplete, staffCatalogues, useStaffCatalogues } from './staff.ts';

describe('the catalogues', () => {
  it('have the same keys in Arabic and English', () => {
    expect(Object.keys(catalogues.ar).sort()).toEqual(Object.keys(catalogues.en).sort());
  });

  it('have no empty messages and the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(catalogues.en) as (keyof typeof catalogues.en)[]) {
      const en = catalogues.en[key];
      const ar = catalogues.ar[key];
      const flat = (entry: typeof en) => (typeof entry === 'string' ? [entry] : Object.values(entry));
      for (const text of [...flat(en), ...flat(ar)]) expect(text.trim(), key).not.toBe('');
      expect(
        placeholders(flat(ar).join(' ')).filter((v, i, a) => a.indexOf(v) === i),
        key,
      ).toEqual(placeholders(flat(en).join(' ')).filter((v, i, a) => a.indexOf(v) === i));
    }
  });

  it('keep the staff side in a catalogue of its own, with the same keys in both languages', () => {
    expect(Object.keys(staffCatalogues.ar).sort()).toEqual(Object.keys(staffCatalogues.en).sort());
    // The public catalogue carries none of them: the public function never loads the staff strings.
    expect(Object.keys(catalogues.en).filter((key) => key.startsWith('staff.'))).toEqual([]);
    expect(Object.keys(catalogues.ar).filter((key) => key.startsWith('staff.'))).toEqual([]);
    useStaffCatalogues();
    expect(translator('en')('staff.nav.queue')).toBe('Queue');
    expect(translator('ar')('staff.nav.queue')).toBe(staffCatalogues.ar['staff.nav.queue']);
  });

  it('label every topic in both languages', () => {
    for (const topic of TOPICS) {
      expect(topic.label.ar.length).toBeGreaterThan(2);
      expect(topic.label.en.length).toBeGreaterThan(2);
    }
  });

  it('choose Arabic plural forms with Intl.PluralRules (six forms)', () => {
    const t = translator('ar');
    expect(t('count.remaining', { n: 0 })).toBe('لم يبقَ أي حرف');
    expect(t('count.remaining', { n: 1 })).toBe('بقي حرف واحد');
    expect(t('count.remaining', { n: 2 })).toBe('بقي حرفان');
    expect(t('count.remaining', { n: 5 })).toBe('بقيت ٥ أحرف');
    expect(t('count.remaining', { n: 11 })).toBe('بقي ١١ حرفًا');
    expect(t('count.remaining', { n: 100 })).toBe('بقي ١٠٠ حرف');
    expect(Object.keys(pluralTemplates('ar', 'count.remaining')).sort()).toEqual(
      ['few', 'many', 'one', 'other', 'two', 'zero'].sort(),
    );
  });

  it('format numbers for each language', () => {
    expect(formatNumber('ar', 5000)).toBe('٥٠٠٠');
    expect(formatNumber('ar', 50000)).toBe('٥٠٬٠٠٠');
    expect(formatNumber('en', 5000)).toBe('5,000');
    expect(translator('en')('count.remaining', { n: 1 })).toBe('You have 1 character remaining');
  });
});

describe('the start-up check of the catalogues', () => {
  const reference = {
    'form.title': 'Send your input',
    'count.remaining': { one: '{n} character left', other: '{n} characters left' },
    'form.intro': 'Kept {days} after {event}',
  } as unknown as Entries;
  // Every served language is checked the same way: the first row of the table stands for them.
  const served = LANGUAGES[0];
  const check = (candidate: Record<string, unknown> | undefined) => () =>
    assertCataloguesComplete(reference, () => candidate as Entries | undefined, [served]);

  it('passes the shipped catalogues, public and staff', () => {
    expect(assertPublicCataloguesComplete).not.toThrow();
    expect(assertStaffCataloguesComplete).not.toThrow();
  });

  it('names every missing, empty or mismatched message, and a missing catalogue', () => {
    const complete = {
      'form.title': 'إرسال',
      'count.remaining': { zero: 'لا', one: 'حرف {n}', other: '{n} حرفًا' },
      'form.intro': 'يُحفظ {event} {days}',
    };
    expect(check(complete)).not.toThrow();
    expect(check({ ...complete, 'form.title': '  ' })).toThrow(`${served}: form.title`);
    expect(check({ ...complete, 'form.intro': undefined })).toThrow(`${served}: form.intro`);
    expect(check({ ...complete, 'form.intro': 'يُحفظ {days}' })).toThrow(`${served}: form.intro (placeholders)`);
    expect(check({ ...complete, 'count.remaining': { one: 'حرف', other: 'أحرف' } })).toThrow(
      `${served}: count.remaining (placeholders)`,
    );
    expect(check({ ...complete, 'form.title': 'إرسال {name}' })).toThrow(`${served}: form.title (placeholders)`);
    expect(check(undefined)).toThrow(`${served}: no catalogue`);
  });
});
