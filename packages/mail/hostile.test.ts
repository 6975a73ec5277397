import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderInboxEmail } from './inbox.ts';
import { renderOperatorAlert } from './operator.ts';
import { renderAcknowledgement, renderOutcomeUpdate } from './submitter.ts';
import { BIDI_CONTROLS, HOSTILE, HOSTILE_TEXT, inboxInput } from './test-fixtures.ts';
import { SUBJECT_MAX_LENGTH } from './text.ts';

const SUBJECT_UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const statusUrl = 'https://mashura.example/status';

/** The subject is one header line: no CR/LF, controls or bidi characters, and not too long. */
function expectSafeSubject(subject: string) {
  expect(subject).not.toMatch(SUBJECT_UNSAFE);
  expect(subject).not.toMatch(/\s{2}/);
  expect([...subject].length).toBeLessThanOrEqual(SUBJECT_MAX_LENGTH);
}

describe('hostile text in the input', () => {
  const mail = renderInboxEmail(inboxInput({ message: HOSTILE_TEXT }));

  it('is escaped in the HTML part: no element or attribute comes from it', () => {
    expect(mail.html).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('has its bidi overrides and isolates removed, in both parts', () => {
    expect(mail.html).not.toMatch(BIDI_CONTROLS);
    expect(mail.text).not.toMatch(BIDI_CONTROLS);
    expect(mail.text).toContain('evil');
    expect(mail.text).toContain('isolated');
  });

  it('keeps its line breaks as text, never as headers (no CR, the "Bcc:" stays inside the body)', () => {
    expect(mail.text).not.toContain('\r');
    expect(mail.text).toContain('hello\nBcc: victim@example.org\nX-Injected: yes');
    expect(mail.subject).not.toContain('Bcc');
    expect(mail.html).toMatch(/hello<br>Bcc: victim@example.org<br>X-Injected: yes/);
  });

  it('stays in plain text as the neutralised text only, with nothing added around it', () => {
    expect(mail.text).toContain(`${HOSTILE.script} ${HOSTILE.attribute} evil isolated hello\nBcc:`);
  });
});

describe('hostile values that reach a subject line', () => {
  const injected = 'ABCD\r\nBcc: victim@example.org\r\nSubject: fake\u202E';

  it('cannot break the inbox email subject (reference, topics, region, addressee)', () => {
    const mail = renderInboxEmail(
      inboxInput({
        reference: injected,
        topics: ['education', `x\r\nBcc: victim@example.org ${HOSTILE.script}`],
        region: `\u202Eevil\nX-Header: 1 ${HOSTILE.attribute}`,
        addressee: `ose\r\nCc: victim@example.org` as never,
      }),
    );
    expectSafeSubject(mail.subject);
    expect(mail.html).not.toMatch(/<script|<img/);
    expect(mail.html).not.toMatch(BIDI_CONTROLS);
    expect(mail.text).not.toContain('\r');
    expect(mail.html).toContain('&lt;script&gt;');
  });

  it('cannot break the subject of the submitter’s and the operators’ emails', () => {
    for (const language of ['ar', 'en'] as const) {
      expectSafeSubject(renderAcknowledgement({ reference: injected, language, statusUrl }).subject);
      expectSafeSubject(renderOutcomeUpdate({ reference: injected, language, statusUrl }).subject);
    }
    const alert = renderOperatorAlert({ reference: injected, what: HOSTILE_TEXT });
    expectSafeSubject(alert.subject);
    expect(alert.subject).not.toContain('victim@example.org\r');
  });
});

describe('any text at all (property)', () => {
  const fragments = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(...Object.values(HOSTILE), '\r', '\n', '\u0000', '\u2028', '\uFEFF', '<', '>', '"', '&'),
  );
  const hostileText = fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join(''));

  it('never yields markup, bidi controls or a broken subject', () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (message, reference, topic) => {
        const mail = renderInboxEmail(inboxInput({ message, reference, topics: [topic], region: topic }));
        expectSafeSubject(mail.subject);
        expect(mail.html).not.toMatch(/<script|<img/i);
        expect(mail.html).not.toMatch(BIDI_CONTROLS);
        expect(mail.text).not.toMatch(BIDI_CONTROLS);
        expect(mail.text).not.toContain('\r');
      }),
      { numRuns: 200 },
    );
  });
});
