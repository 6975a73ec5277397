import { describe, expect, it } from 'vitest';
import { indexKeys, matchTexts, normaliseText, parseQuery } from './text.ts';

/** Found: the query, typed one way, finds the text written another. */
const found = (query: string, text: string) => {
  const parsed = parseQuery(query);
  return parsed !== undefined && matchTexts([{ field: 'message', text }], parsed) !== undefined;
};

describe('Arabic matching', () => {
  // [typed, written]: each pair must match, in both directions where the issue says "~".
  const MUST_MATCH: [string, string, string][] = [
    ['article and plural', 'معتقلين', 'المعتقلين'],
    ['singular finds the plural with the article', 'معتقل', 'المعتقلين'],
    ['plural -ون', 'معتقل', 'المعتقلون'],
    ['feminine plural -ات', 'معتقل', 'معتقلات'],
    ['feminine plural with the article', 'معتقلين', 'المعتقلات'],
    ['feminine singular', 'معتقل', 'معتقلة'],
    ['taa marbuta as haa', 'مدرسه', 'مدرسة'],
    ['haa as taa marbuta', 'مدرسة', 'مدرسه'],
    ['alef maqsura as yaa', 'مستشفي', 'مستشفى'],
    ['yaa as alef maqsura', 'مستشفى', 'مستشفي'],
    ['diacritics ignored', 'معتقل', 'مُعتقَل'],
    ['diacritics in the query ignored', 'مُعْتَقَل', 'معتقل'],
    ['tatweel ignored', 'معتقل', 'معـــتقل'],
    ['hamza on alef (above)', 'احمد', 'أحمد'],
    ['hamza on alef (below)', 'ادلب', 'إدلب'],
    ['alef madda', 'امنة', 'آمنة'],
    ['alef wasla', 'استشارة', 'ٱستشارة'],
    ['Arabic-Indic digits', '2020', '٢٠٢٠'],
    ['Eastern (Persian) digits', '2020', '۲۰۲۰'],
    ['ASCII digits typed, Arabic-Indic written', '١٥', 'في 15 آذار'],
    ['lam-alef ligature', 'لاجئ', 'ﻻجئ'],
    ['attached wa + article', 'معتقلين', 'والمعتقلين'],
    ['attached fa + article', 'معتقل', 'فالمعتقلين'],
    ['attached bi', 'مدرسة', 'بالمدرسة'],
    ['attached li without article', 'مدرسة', 'لمدرسة'],
    ['attached li + article', 'معتقل', 'للمعتقلين'],
    ['attached ka', 'معتقل', 'كالمعتقل'],
    ['wa + plural', 'معتقل', 'ومعتقلين'],
    ['hospital plural', 'مستشفى', 'المستشفيات'],
    ['refugees', 'لاجئ', 'اللاجئين'],
  ];
  it.each(MUST_MATCH)('%s: %s finds %s', (_, typed, written) => {
    expect(found(typed, written)).toBe(true);
  });

  const MUST_NOT_MATCH: [string, string, string][] = [
    ['different root', 'معتقل', 'مدرسة'],
    ['school is not teacher', 'مدرسة', 'مدارس'],
    ['hospital is not school', 'مستشفى', 'مدرسة'],
    ['different digits', '2020', '٢٠٢١'],
    ['Idlib is not Aleppo', 'ادلب', 'حلب'],
    ['water is not missing', 'مياه', 'مفقودين'],
    ['a word is not found inside a longer unrelated one', 'عتق', 'معتقل'],
    ['detainees is not displaced', 'معتقلين', 'النازحين'],
  ];
  it.each(MUST_NOT_MATCH)('%s: %s does not find %s', (_, typed, written) => {
    expect(found(typed, written)).toBe(false);
  });
});

describe('English matching', () => {
  it.each([
    ['detainee', 'The detainees were moved.'],
    ['Detained', 'people detained in 2019'],
    ['HOSPITAL', 'two hospitals closed'],
    ['cafe', 'the Café on the corner'],
  ])('%s finds %s', (typed, written) => expect(found(typed, written)).toBe(true));

  it.each([
    ['war', 'the ward was full'],
    ['camp', 'campaign'],
  ])('%s does not find %s', (typed, written) => expect(found(typed, written)).toBe(false));
});

describe('queries', () => {
  it('needs every word (AND by default)', () => {
    expect(found('معتقل إدلب', 'المعتقلين في ادلب')).toBe(true);
    expect(found('معتقل حلب', 'المعتقلين في ادلب')).toBe(false);
  });

  it('reads a quoted phrase as words in that order, next to each other', () => {
    expect(found('"مصير المعتقلين"', 'نريد معرفة مصير المعتقلين')).toBe(true);
    expect(found('"مصير المعتقلين"', 'المعتقلين ومصير العائلات')).toBe(false);
    expect(found('«مصير المعتقلين»', 'نريد معرفة مصير المعتقلين')).toBe(true);
    expect(found('"missing persons" Idlib', 'Missing persons in Idlib')).toBe(true);
    expect(found('"missing persons"', 'persons missing in Idlib')).toBe(false);
  });

  it('has nothing to look up in punctuation alone', () => {
    expect(parseQuery('  ،.!  ')).toBeUndefined();
    expect(parseQuery('""')).toBeUndefined();
  });

  it('marks each match in the passage, over the original spelling', () => {
    const query = parseQuery('معتقل')!;
    const passage = matchTexts([{ field: 'message', text: 'نريد معرفة مصير المُعتقَلين في إدلب' }], query)!;
    expect(passage.pieces.filter((p) => p.mark).map((p) => p.text)).toEqual(['المُعتقَلين']);
    expect(passage.pieces.map((p) => p.text).join('')).toBe('نريد معرفة مصير المُعتقَلين في إدلب');
  });

  it('shows the passage from the note or reply that matches when the message does not', () => {
    const query = parseQuery('Geneva')!;
    const passage = matchTexts(
      [
        { field: 'message', text: 'about the camps' },
        { field: 'note', text: 'raised in Geneva' },
      ],
      query,
    );
    expect(passage?.field).toBe('note');
  });
});

describe('normalisation', () => {
  it('folds alef, taa marbuta, alef maqsura, diacritics, tatweel, digits and case', () => {
    expect(normaliseText('أإآٱ مدرسه ى مُـعتَقَل ٢٠٢٠ ۱۹ ÉTÉ')).toBe('اااا مدرسة ي معتقل 2020 19 ete');
  });

  it('indexes both stems of a word with an attached particle', () => {
    expect([...indexKeys('فالمعتقلين')]).toContain([...indexKeys('معتقل')][0]);
  });
});
