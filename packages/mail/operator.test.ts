import { describe, expect, it } from 'vitest';
import { renderOperatorAlert } from './operator.ts';
import { BIDI_CONTROLS, HOSTILE_TEXT, htmlProblems } from './test-fixtures.ts';

describe('the operator alert', () => {
  it('says in English which submission failed and what happened', async () => {
    const mail = renderOperatorAlert({ reference: 'ABCD2345WXYZ', what: 'inbox-ose: MailRejected after 6 attempts' });
    expect(mail.subject).toBe('Mashura operator alert · delivery failure for ABCD-2345-WXYZ');
    expect(mail.html).toMatch(/<html lang="en" dir="ltr">/);
    expect(mail.text).toContain('Submission: ABCD-2345-WXYZ');
    expect(mail.text).toContain('inbox-ose: MailRejected after 6 attempts');
    expect(await htmlProblems(mail.html)).toEqual([]);
  });

  it('removes email addresses from the failure detail (SES errors can name the recipient)', () => {
    const mail = renderOperatorAlert({
      reference: 'ABCD2345WXYZ',
      what: 'MessageRejected: Email address is not verified: amal.private@example.org, <other@example.net>',
    });
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(/@example\.(org|net)/);
    expect(mail.text).toContain('[address removed]');
  });

  it('escapes and neutralises a hostile detail', () => {
    const mail = renderOperatorAlert({ reference: 'ABCD2345WXYZ', what: HOSTILE_TEXT });
    expect(mail.html).not.toMatch(/<script|<img/);
    expect(mail.html).toContain('&lt;script&gt;');
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(BIDI_CONTROLS);
    expect(mail.text).not.toContain('\r');
  });
});
