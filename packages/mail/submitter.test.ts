import { describe, expect, it } from 'vitest';
import { translator } from '#core';
import { renderAcknowledgement, renderOutcomeUpdate, type SubmitterEmailInput } from './submitter.ts';
import { ARABIC, htmlProblems, languageSections } from './test-fixtures.ts';

const statusUrl = 'https://mashura.example/status';

describe('the acknowledgement', () => {
  it('is in Arabic, right to left, for a person who used the Arabic form', () => {
    const mail = renderAcknowledgement({ reference: 'ABCD2345WXYZ', language: 'ar', statusUrl });
    const t = translator('ar');
    expect(mail.subject).toBe('وصلت مشاركتك: ABCD-2345-WXYZ');
    expect(mail.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(languageSections(mail.html).map(({ lang, dir }) => `${lang}/${dir}`)).toEqual(['ar/rtl']);
    for (const key of [
      'mail.ack.heading',
      'mail.ack.followUp',
      'mail.ack.receiptNote',
      'mail.ack.nothingNeeded',
      'mail.statusLink',
    ] as const) {
      expect(mail.html, key).toContain(t(key));
      expect(mail.text, key).toContain(t(key));
    }
    expect(mail.html).toMatch(/<bdi dir="ltr"[^>]*>ABCD-2345-WXYZ<\/bdi>/);
    expect(mail.html).toContain(`href="${statusUrl}"`);
    expect(mail.text).toContain(statusUrl);
  });

  it('is in English, left to right, for a person who used the English form', () => {
    const mail = renderAcknowledgement({ reference: 'ABCD2345WXYZ', language: 'en', statusUrl });
    expect(mail.subject).toBe('Your input has been received: ABCD-2345-WXYZ');
    expect(mail.html).toMatch(/<html lang="en" dir="ltr">/);
    expect(languageSections(mail.html).map(({ lang, dir }) => `${lang}/${dir}`)).toEqual(['en/ltr']);
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(ARABIC);
    expect(mail.text).toContain('Your reference: ABCD-2345-WXYZ');
    expect(mail.text).toContain('receipt code shown on the confirmation page');
    expect(mail.text).toContain('Nothing more is needed from you.');
  });

  it('never contains the input itself, even if a caller passes it', () => {
    const input = {
      reference: 'ABCD2345WXYZ',
      language: 'en',
      statusUrl,
      message: 'A secret only the office should read',
      email: 'person@example.org',
    } as unknown as SubmitterEmailInput;
    for (const mail of [renderAcknowledgement(input), renderOutcomeUpdate(input)]) {
      for (const part of [mail.subject, mail.html, mail.text]) {
        expect(part).not.toContain('A secret only the office should read');
        expect(part).not.toContain('person@example.org');
      }
    }
  });

  it('refuses a status link that is not http(s)', () => {
    expect(() =>
      renderAcknowledgement({ reference: 'ABCD2345WXYZ', language: 'ar', statusUrl: 'data:text/html,x' }),
    ).toThrow(TypeError);
  });
});

describe('the outcome update', () => {
  it('says there is news and points to the status page, in the person’s language and direction', () => {
    const arabic = renderOutcomeUpdate({ reference: 'ABCD2345WXYZ', language: 'ar', statusUrl });
    expect(arabic.subject).toBe('مستجدات بشأن مشاركتك: ABCD-2345-WXYZ');
    expect(arabic.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(arabic.text).toContain(translator('ar')('mail.outcome.body'));
    expect(arabic.html).toContain(`href="${statusUrl}"`);

    const english = renderOutcomeUpdate({ reference: 'ABCD2345WXYZ', language: 'en', statusUrl });
    expect(english.subject).toBe('News about your input: ABCD-2345-WXYZ');
    expect(english.html).toMatch(/<html lang="en" dir="ltr">/);
    expect(english.text).toContain('There is news about your input');
    expect(english.text).toContain(statusUrl);
  });
});

describe('emails to the submitter', () => {
  it('are valid HTML with no remote resources', async () => {
    for (const language of ['ar', 'en'] as const) {
      for (const mail of [
        renderAcknowledgement({ reference: 'ABCD2345WXYZ', language, statusUrl }),
        renderOutcomeUpdate({ reference: 'ABCD2345WXYZ', language, statusUrl }),
      ]) {
        expect(await htmlProblems(mail.html)).toEqual([]);
        expect(mail.html).not.toMatch(/<(img|script|link|iframe|object|style)\b|src=|url\(/i);
      }
    }
  });
});
