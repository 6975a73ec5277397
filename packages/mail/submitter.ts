import { type Language, translator } from '#core';
import {
  documentHtml,
  footerHtml,
  languageSection,
  linkHtml,
  paragraphHtml,
  type RenderedEmail,
  referenceHtml,
  STYLE,
  textDocument,
} from './layout.ts';
import { html } from './safe-html.ts';
import { assertWebUrl, displayReference, subjectLine } from './text.ts';

/**
 * Emails to the person who wrote the input, in their language and direction. They never
 * repeat the input or the receipt code: a mailbox may be shared, watched or seized.
 */
export interface SubmitterEmailInput {
  reference: string;
  language: Language;
  /** The public status page, where the reference and receipt code show progress. */
  statusUrl: string;
}

export function renderAcknowledgement({ reference, language, statusUrl }: SubmitterEmailInput): RenderedEmail {
  const t = translator(language);
  const code = displayReference(reference);
  const link = assertWebUrl(statusUrl, 'statusUrl');
  const subject = subjectLine([t('mail.ack.subject', { reference: code })]);
  const body = html`${languageSection(
    language,
    html`<h1 style="${STYLE.heading}">${t('mail.ack.heading')}</h1>
${paragraphHtml(t('mail.ack.body'))}
${paragraphHtml(html`${t('mail.ack.reference')}: ${referenceHtml(code)}`)}
${paragraphHtml(t('mail.ack.followUp'))}
${paragraphHtml(linkHtml(link, t('mail.statusLink')))}
${paragraphHtml(t('mail.ack.receiptNote'))}
${paragraphHtml(html`<strong>${t('mail.ack.nothingNeeded')}</strong>`)}
${paragraphHtml(t('mail.ack.noText'))}`,
  )}
${footerHtml(language, `${t('mail.ack.notYou')} ${t('mail.footer.automatic')}`)}`;

  const text = textDocument([
    t('mail.ack.heading'),
    t('mail.ack.body'),
    `${t('mail.ack.reference')}: ${code}`,
    t('mail.ack.followUp'),
    `${t('mail.statusLink')}:\n${link}`,
    t('mail.ack.receiptNote'),
    t('mail.ack.nothingNeeded'),
    t('mail.ack.noText'),
    `${t('mail.ack.notYou')} ${t('mail.footer.automatic')}`,
  ]);
  return { subject, html: documentHtml({ language, title: subject, body }), text };
}

/** "There is news about your input": the details stay on the status page, behind the receipt code. */
export function renderOutcomeUpdate({ reference, language, statusUrl }: SubmitterEmailInput): RenderedEmail {
  const t = translator(language);
  const code = displayReference(reference);
  const link = assertWebUrl(statusUrl, 'statusUrl');
  const subject = subjectLine([t('mail.outcome.subject', { reference: code })]);
  const body = html`${languageSection(
    language,
    html`<h1 style="${STYLE.heading}">${t('mail.outcome.heading')}</h1>
${paragraphHtml(html`${t('mail.ack.reference')}: ${referenceHtml(code)}`)}
${paragraphHtml(t('mail.outcome.body'))}
${paragraphHtml(linkHtml(link, t('mail.statusLink')))}`,
  )}
${footerHtml(language, `${t('mail.ack.notYou')} ${t('mail.footer.automatic')}`)}`;

  const text = textDocument([
    t('mail.outcome.heading'),
    `${t('mail.ack.reference')}: ${code}`,
    t('mail.outcome.body'),
    `${t('mail.statusLink')}:\n${link}`,
    `${t('mail.ack.notYou')} ${t('mail.footer.automatic')}`,
  ]);
  return { subject, html: documentHtml({ language, title: subject, body }), text };
}
