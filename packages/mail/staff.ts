import { type Language, translator, useStaffCatalogues } from '#core';
import {
  documentHtml,
  footerHtml,
  languageSection,
  linkHtml,
  paragraphHtml,
  type RenderedEmail,
  STYLE,
  textDocument,
} from './layout.ts';
import { html } from './safe-html.ts';
import { assertWebUrl, subjectLine } from './text.ts';

// The staff side's messages are a catalogue of their own (packages/core/i18n/staff.ts).
useStaffCatalogues();

/**
 * The staff sign-in link. It carries nothing about any submission; the link itself is the
 * secret, so the email says how long it lasts and that it works once.
 */
export interface SignInEmailInput {
  language: Language;
  url: string;
  minutes: number;
}

export function renderSignInLink({ language, url, minutes }: SignInEmailInput): RenderedEmail {
  const t = translator(language);
  const link = assertWebUrl(url, 'url');
  const subject = subjectLine([t('staff.mail.signIn.subject')]);
  const body = html`${languageSection(
    language,
    html`<h1 style="${STYLE.heading}">${t('staff.mail.signIn.heading')}</h1>
${paragraphHtml(t('staff.mail.signIn.body', { minutes }))}
${paragraphHtml(linkHtml(link, t('staff.mail.signIn.link')))}
${paragraphHtml(t('staff.mail.signIn.ignore'))}`,
  )}
${footerHtml(language, t('mail.footer.automatic'))}`;
  const text = textDocument([
    t('staff.mail.signIn.heading'),
    t('staff.mail.signIn.body', { minutes }),
    `${t('staff.mail.signIn.link')}:\n${link}`,
    t('staff.mail.signIn.ignore'),
    t('mail.footer.automatic'),
  ]);
  return { subject, html: documentHtml({ language, title: subject, body }), text };
}
