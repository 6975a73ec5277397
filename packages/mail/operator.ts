import { neutraliseControls } from '#core';
import {
  documentHtml,
  languageSection,
  paragraphHtml,
  type RenderedEmail,
  referenceHtml,
  STYLE,
  textDocument,
} from './layout.ts';
import { html } from './safe-html.ts';
import { displayReference, redactAddresses, subjectLine } from './text.ts';

export interface OperatorAlertInput {
  reference: string;
  /** What went wrong, e.g. "inbox-ose: MailRejected after 6 attempts". Addresses are removed. */
  what: string;
}

const WHAT_MAX_LENGTH = 2000;
const NEXT_STEP =
  'The submission itself is stored safely. If this repeats, check the mail configuration (sender identity, sending status, suppression list).';

/** English, for the operators' address: a delivery failed and needs a look. No personal data. */
export function renderOperatorAlert({ reference, what }: OperatorAlertInput): RenderedEmail {
  const code = displayReference(reference);
  const detail = [...redactAddresses(neutraliseControls(what)).trim()].slice(0, WHAT_MAX_LENGTH).join('');
  const subject = subjectLine(['Mashura operator alert', `delivery failure for ${code}`]);
  const body = languageSection(
    'en',
    html`<h1 style="${STYLE.heading}">Mashura: a delivery failed</h1>
${paragraphHtml(html`Submission: ${referenceHtml(code)}`)}
<p style="${STYLE.paragraph}">What happened:</p>
<pre dir="auto" style="${STYLE.userText};white-space:pre-wrap;font-family:Consolas,'Courier New',monospace">${detail}</pre>
${paragraphHtml(NEXT_STEP)}`,
  );
  const text = textDocument([
    'Mashura: a delivery failed',
    `Submission: ${code}`,
    `What happened:\n${detail}`,
    NEXT_STEP,
  ]);
  return { subject, html: documentHtml({ language: 'en', title: subject, body }), text };
}
