import { describe, expect, it } from 'vitest';
import { newFormToken } from './codes.ts';
import { LIMITS } from './options.ts';
import { neutraliseControls, validateSubmission } from './submission.ts';

const valid = () => ({
  formToken: newFormToken(),
  addressee: 'ose',
  topics: ['detainees'],
  message: 'نطالب بالإفراج عن المعتقلات والمعتقلين',
});

describe('the submission schema', () => {
  it('accepts a minimal anonymous submission', () => {
    const result = validateSubmission(valid());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.email).toBeUndefined();
      expect(result.value.topics).toEqual(['detainees']);
    }
  });

  it('explains every missing required answer with a catalogue key', () => {
    const result = validateSubmission({ formToken: newFormToken() });
    expect(result).toEqual({
      ok: false,
      errors: {
        addressee: 'error.addressee.required',
        topics: 'error.topics.required',
        message: 'error.message.required',
      },
    });
  });

  it('takes a single checkbox value as a list and drops repeats', () => {
    const one = validateSubmission({ ...valid(), topics: 'education' });
    expect(one.ok && one.value.topics).toEqual(['education']);
    const twice = validateSubmission({ ...valid(), topics: ['education', 'education', 'sanctions'] });
    expect(twice.ok && twice.value.topics).toEqual(['education', 'sanctions']);
  });

  it('rejects topics that are not in the list', () => {
    const result = validateSubmission({ ...valid(), topics: ['detainees', 'made-up'] });
    expect(result).toMatchObject({ ok: false, errors: { topics: 'error.topics.invalid' } });
  });

  it('rejects a message longer than the limit, and one that is only spaces', () => {
    expect(validateSubmission({ ...valid(), message: 'x'.repeat(LIMITS.message + 1) })).toMatchObject({
      ok: false,
      errors: { message: 'error.message.tooLong' },
    });
    expect(validateSubmission({ ...valid(), message: 'x'.repeat(LIMITS.message) }).ok).toBe(true);
    expect(validateSubmission({ ...valid(), message: '   \n ' })).toMatchObject({
      errors: { message: 'error.message.required' },
    });
  });

  it('checks the email only when one is given', () => {
    expect(validateSubmission({ ...valid(), email: '' }).ok).toBe(true);
    expect(validateSubmission({ ...valid(), email: 'not an email' })).toMatchObject({
      errors: { email: 'error.email.invalid' },
    });
    expect(validateSubmission({ ...valid(), email: 'a@b.org\r\nBcc: x@y.org' }).ok).toBe(false);
    const ok = validateSubmission({ ...valid(), email: ' rasha@example.org ' });
    expect(ok.ok && ok.value.email).toBe('rasha@example.org');
  });

  it('treats "prefer not to say" and empty choices as no answer', () => {
    const result = validateSubmission({ ...valid(), gender: 'prefer-not', disability: '', region: '' });
    expect(result.ok && [result.value.gender, result.value.disability, result.value.region]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('rejects a choice that is not offered, and a single field sent twice', () => {
    expect(validateSubmission({ ...valid(), region: 'atlantis' })).toMatchObject({
      errors: { region: 'error.invalid' },
    });
    expect(validateSubmission({ ...valid(), addressee: ['ose', 'donors'] })).toMatchObject({
      errors: { addressee: 'error.addressee.required' },
    });
    expect(validateSubmission({ ...valid(), message: ['a', 'b'] })).toMatchObject({
      errors: { message: 'error.invalid' },
    });
  });

  it('asks for a fresh form when the token is missing or malformed', () => {
    expect(validateSubmission({ ...valid(), formToken: 'short' })).toMatchObject({
      errors: { formToken: 'error.formToken' },
    });
  });

  it('removes bidi overrides and invisible controls but keeps Arabic, newlines and emoji', () => {
    expect(neutraliseControls('a\u202Eb\u2066c\u2069d\u0000e\r\nf')).toBe('abcde\nf');
    const result = validateSubmission({ ...valid(), message: 'سلام\u202E عليكم 🌿\nثانيًا' });
    expect(result.ok && result.value.message).toBe('سلام عليكم 🌿\nثانيًا');
  });
});

describe('invisible characters (finding 11 of issue 12)', () => {
  const INVISIBLE = {
    'zero width space': '\u200B',
    'byte-order mark / zero width no-break space': '\uFEFF',
    'soft hyphen': '\u00AD',
    'word joiner': '\u2060',
    'invisible times': '\u2062',
    'Mongolian vowel separator': '\u180E',
    'Hangul filler': '\u3164',
    'interlinear annotation anchor': '\uFFF9',
    'deprecated format (inhibit symmetric swapping)': '\u206A',
    'C1 control': '\u0090',
    'tag latin small a': '\u{E0061}',
    'cancel tag': '\u{E007F}',
    'language tag': '\u{E0001}',
  };

  it.each(Object.entries(INVISIBLE))('removes the %s from stored text', (_name, char) => {
    const result = validateSubmission({ ...valid(), message: `a${char}b${char}`, organisation: `O${char}rg` });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.message).toBe('ab');
      expect(result.value.organisation).toBe('Org');
    }
  });

  it('turns line and paragraph separators (and NEL) into ordinary line breaks', () => {
    expect(neutraliseControls('one\u2028two\u2029three\u0085four')).toBe('one\ntwo\nthree\nfour');
  });

  it('keeps ZWNJ and ZWJ, which Persian, Kurdish and emoji sequences use meaningfully', () => {
    const kurdish = 'دە\u200Cچم';
    const family = '👩\u200D👩\u200D👧';
    expect(neutraliseControls(kurdish)).toBe(kurdish);
    expect(neutraliseControls(family)).toBe(family);
    // Variation selectors pick an emoji's presentation: kept too.
    expect(neutraliseControls('❤\uFE0F')).toBe('❤\uFE0F');
  });

  it('does not let a message made only of invisible characters pass as written', () => {
    const result = validateSubmission({ ...valid(), message: '\u200B\uFEFF\u00AD\u{E0041}' });
    expect(result.ok).toBe(false);
  });
});
