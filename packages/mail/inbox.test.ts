import { describe, expect, it } from 'vitest';
import { languageName, type SubmissionRecord, translator } from '#core';
import { type InboxEmailInput, inboxFields, renderInboxEmail } from './inbox.ts';
import { ARABIC, htmlProblems, inboxInput, languageSections } from './test-fixtures.ts';

const ar = translator('ar');
const en = translator('en');

describe('the inbox email', () => {
  it('gives the Special Envoy’s office an Arabic (rtl) part and an English (ltr) part in one email', () => {
    const mail = renderInboxEmail(inboxInput({ inbox: 'ose' }));
    expect(mail.html).toMatch(/^<!DOCTYPE html>\n<html lang="ar" dir="rtl">/);
    expect(mail.html).toContain('<meta charset="utf-8">');
    const sections = languageSections(mail.html);
    expect(sections.map(({ lang, dir }) => `${lang}/${dir}`)).toEqual(['ar/rtl', 'en/ltr']);
    const [arabic, english] = sections;
    expect(arabic!.html).toContain(ar('mail.inbox.heading'));
    expect(arabic!.html).toContain('التعليم بكل مراحله والهوية الوطنية الجامعة');
    expect(arabic!.html).not.toContain(en('mail.inbox.heading'));
    expect(english!.html).toContain(en('mail.inbox.heading'));
    expect(english!.html).toContain('Education at every level and a shared national identity');
    expect(english!.html).not.toMatch(ARABIC);
    expect(mail.text).toContain(ar('mail.inbox.heading'));
    expect(mail.text).toContain(en('mail.inbox.heading'));
  });

  it('gives the donors English only', () => {
    const mail = renderInboxEmail(inboxInput({ inbox: 'donors', message: 'We need safe schools.' }));
    expect(mail.html).toMatch(/<html lang="en" dir="ltr">/);
    expect(languageSections(mail.html).map(({ lang, dir }) => `${lang}/${dir}`)).toEqual(['en/ltr']);
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(ARABIC);
  });

  it('shows the person’s text once, isolated with dir="auto" and an unknown language', () => {
    const mail = renderInboxEmail(inboxInput({ message: 'نريد مدارس آمنة.\n\nWe need safe schools.\nNow.' }));
    expect(mail.html.match(/نريد مدارس آمنة/g)).toHaveLength(1);
    expect(mail.html).toContain('<div lang="" ');
    expect(mail.html).toMatch(
      /<p dir="auto"[^>]*>نريد مدارس آمنة.<\/p><p dir="auto"[^>]*>We need safe schools.<br>Now.<\/p>/,
    );
    expect(mail.text).toContain('نريد مدارس آمنة.\n\nWe need safe schools.\nNow.');
  });

  it('shows the grouped reference left-to-right, addressee, topics, urgency, form language and region', () => {
    const mail = renderInboxEmail(inboxInput({ addressee: 'both', region: 'syria-damascus', language: 'en' }));
    const [arabic, english] = languageSections(mail.html);
    expect(arabic!.html).toContain('<bdi dir="ltr"');
    expect(arabic!.html).toMatch(/<bdi dir="ltr"[^>]*>ABCD-2345-WXYZ<\/bdi>/);
    expect(english!.html).toMatch(/<bdi dir="ltr"[^>]*>ABCD-2345-WXYZ<\/bdi>/);
    for (const [section, t, reader] of [
      [arabic!, ar, 'ar'],
      [english!, en, 'en'],
    ] as const) {
      // The person wrote in English: each section names English in its own language (languages.ts).
      expect(section.html).toContain(languageName('en', reader));
      for (const key of [
        'mail.inbox.reference',
        'mail.inbox.addressee',
        'mail.inbox.topics',
        'mail.inbox.urgency',
        'mail.inbox.language',
        'mail.inbox.region',
        'addressee.both',
        'mail.urgency.normal',
        'region.syria-damascus',
        'mail.inbox.staffLink',
      ] as const) {
        expect(section.html, key).toContain(t(key));
      }
      expect(section.html).toContain('<th scope="row"');
      expect(section.html).toContain('href="https://mashura.example/staff/submissions/ABCD2345WXYZ"');
    }
    expect(mail.text).toContain('Reference: ABCD-2345-WXYZ');
    expect(mail.text).toContain('Based in: Syria: Damascus and its countryside');
    expect(mail.text).toContain('https://mashura.example/staff/submissions/ABCD2345WXYZ');
  });

  it('says so when no region was given, and when the person was not sure who it is for', () => {
    const mail = renderInboxEmail(inboxInput({ region: undefined, addressee: 'unsure' }));
    expect(mail.text).toContain(`${en('mail.inbox.region')}: ${en('mail.inbox.regionNone')}`);
    expect(mail.text).toContain(`${ar('mail.inbox.region')}: ${ar('mail.inbox.regionNone')}`);
    expect(mail.text).toContain(en('mail.inbox.triageDecision'));
    expect(mail.text).toContain(ar('mail.inbox.triageDecision'));
  });

  it('puts "urgent" first in the subject, in every language the inbox reads, and flags it in the body', () => {
    const ose = renderInboxEmail(inboxInput({ inbox: 'ose', urgent: true, topics: ['detainees'] }));
    const donors = renderInboxEmail(inboxInput({ inbox: 'donors', urgent: true, topics: ['detainees'] }));
    expect(ose.subject.startsWith('عاجل / Urgent · ')).toBe(true);
    expect(donors.subject.startsWith('Urgent · ')).toBe(true);
    expect(ose.text).toContain(ar('mail.inbox.urgentNote'));
    expect(ose.text).toContain(en('mail.inbox.urgentNote'));
    expect(donors.html).toContain('Urgent: this input concerns people’s safety. Please triage it first.');
  });

  it('names the input, its reference and its topics in the subject, and no urgency when it is not urgent', () => {
    const ose = renderInboxEmail(inboxInput({ inbox: 'ose' }));
    const donors = renderInboxEmail(inboxInput({ inbox: 'donors', topics: ['advocacy', 'education'] }));
    expect(ose.subject).toBe(
      'مشاركة جديدة / New input · ABCD-2345-WXYZ · التعليم بكل مراحله والهوية الوطنية الجامعة, الملكية السورية للغرفة: الرؤية والبنية والشفافية والمساءلة',
    );
    expect(donors.subject).toBe(
      'New input · ABCD-2345-WXYZ · Advocacy with decision makers to include civil society, Education at every level and a shared national identity',
    );
    const long = renderInboxEmail(inboxInput({ inbox: 'donors', topics: ['education', 'cssr-ownership'] }));
    expect([...long.subject].length).toBeLessThanOrEqual(150);
    expect(long.subject.endsWith('transparency,…')).toBe(true);
    for (const subject of [ose.subject, donors.subject]) {
      expect(subject).not.toMatch(/urgent|عاجل/i);
      expect([...subject].length).toBeLessThanOrEqual(150);
    }
  });

  it('says how long a reminder has waited, in the subject and the body, with plural forms', () => {
    const four = renderInboxEmail(inboxInput({ urgent: true, reminder: { waitingDays: 4 } }));
    expect(
      four.subject.startsWith('عاجل / Urgent · تذكير: بانتظار الفرز منذ ٤ أيام / Reminder: waiting 4 days · '),
    ).toBe(true);
    expect(four.text).toContain('Reminder: this input has waited 4 days without a triage decision.');
    expect(four.text).toContain('تذكير: تنتظر هذه المشاركة قرار الفرز منذ ٤ أيام.');
    const one = renderInboxEmail(inboxInput({ inbox: 'donors', reminder: { waitingDays: 1.7 } }));
    expect(one.subject.startsWith('Reminder: waiting 1 day · ABCD-2345-WXYZ')).toBe(true);
    const eleven = renderInboxEmail(inboxInput({ reminder: { waitingDays: 11 } }));
    expect(eleven.text).toContain('منذ ١١ يومًا');
    const plain = renderInboxEmail(inboxInput());
    expect(plain.text).not.toContain('Reminder');
  });

  it('never shows contact details or personal answers, even when a whole record is passed in', () => {
    const secrets = {
      email: 'amal.private@example.org',
      organisation: 'Hidden Organisation of Idlib',
      gender: 'woman',
      disability: 'yes',
      contactCiphertext: 'CIPHERTEXT-MUST-NOT-LEAK',
      contact: { email: 'second.private@example.org', organisation: 'Second Hidden Org' },
      hasEmail: true,
    };
    const record = { ...inboxInput({ topics: ['education'] }), ...secrets } as unknown as InboxEmailInput;
    for (const inbox of ['ose', 'donors'] as const) {
      const mail = renderInboxEmail({ ...record, inbox });
      const everything = [mail.subject, mail.html, mail.text].join('\n');
      for (const value of [
        secrets.email,
        secrets.organisation,
        secrets.contactCiphertext,
        secrets.contact.email,
        secrets.contact.organisation,
        '@example.org',
        en('gender.woman'),
        ar('gender.woman'),
        en('field.gender.legend'),
        ar('field.gender.legend'),
        en('field.disability.legend'),
        ar('field.disability.legend'),
        en('field.organisation.label'),
        ar('field.organisation.label'),
      ]) {
        expect(everything, value).not.toContain(value);
      }
    }
  });

  it('takes only the shareable fields from a stored record (a whole record does not type-check)', () => {
    const record: SubmissionRecord = {
      reference: 'ABCD2345WXYZ',
      tokenHash: 'hash',
      receiptHash: 'hash',
      language: 'en',
      addressee: 'donors',
      topics: ['advocacy'],
      urgent: false,
      message: 'Include us.',
      region: 'europe',
      gender: 'man',
      disability: 'no',
      contactCiphertext: 'CIPHERTEXT',
      hasEmail: true,
      status: 'new',
      createdAt: '2025-01-01T00:00:00.000Z',
      version: 1,
    };
    expect(inboxFields(record)).toEqual({
      reference: 'ABCD2345WXYZ',
      addressee: 'donors',
      topics: ['advocacy'],
      urgent: false,
      language: 'en',
      region: 'europe',
      message: 'Include us.',
    });
    // @ts-expect-error personal fields are typed `never`: a whole record is refused at compile time
    const whole: InboxEmailInput = { ...record, inbox: 'donors', staffUrl: 'https://mashura.example/staff' };
    expect(whole.gender).toBe('man');
  });

  it('refuses a staff link that is not http(s)', () => {
    expect(() => renderInboxEmail(inboxInput({ staffUrl: 'javascript:alert(1)' }))).toThrow(TypeError);
    expect(() => renderInboxEmail(inboxInput({ staffUrl: 'not a url' }))).toThrow(TypeError);
  });

  it('is valid HTML, with no images, scripts or remote resources', async () => {
    for (const mail of [
      renderInboxEmail(inboxInput({ inbox: 'ose', urgent: true, addressee: 'unsure', reminder: { waitingDays: 3 } })),
      renderInboxEmail(inboxInput({ inbox: 'donors' })),
    ]) {
      expect(await htmlProblems(mail.html)).toEqual([]);
      expect(mail.html).not.toMatch(/<(img|script|link|iframe|object|style)\b|src=|url\(/i);
    }
  });
});
