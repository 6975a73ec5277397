import {
  inContentLanguage,
  type Language,
  neutraliseControls,
  type StatementAddressee,
  type StatementSection,
  translator,
} from '#core';
import {
  documentHtml,
  footerHtml,
  languageSection,
  linkHtml,
  paragraphHtml,
  type RenderedEmail,
  STYLE,
  textDocument,
  userTextHtml,
} from './layout.ts';
import { html } from './safe-html.ts';
import { assertWebUrl, subjectLine } from './text.ts';

/**
 * A consultation's statement to its addressee's inbox (issue 14): themes as headings, each
 * point with its agreement figures. Points are participants' words (moderated), so they go
 * through userTextHtml like any person's text. No participant is named or counted below 5
 * in a group: the figures are the overall ones and the lowest group share.
 */
export interface StatementEmailInput {
  language: Language;
  addressee: StatementAddressee;
  consultationTitle: string;
  sections: StatementSection[];
  /** The consultation's public page, where the statement and full results are published. */
  publicUrl: string;
}

export function renderStatementEmail(input: StatementEmailInput): RenderedEmail {
  const { language, sections } = input;
  const t = translator(language);
  const link = assertWebUrl(input.publicUrl, 'publicUrl');
  const heading = t(`cons.statement.to.${input.addressee}`);
  const title = neutraliseControls(input.consultationTitle).trim();
  const subject = subjectLine([heading, title]);
  const figures = (point: StatementSection['points'][number]) =>
    t('cons.statement.figures', {
      percent: point.agreePercent,
      agree: point.agree,
      voters: point.voters,
      lowest: point.lowestGroupPercent,
      round: point.round,
    });
  const body = html`${languageSection(
    language,
    html`<h1 style="${STYLE.heading}">${heading}</h1>
${userTextHtml(title)}
${sections.length === 0 ? paragraphHtml(t('cons.statement.empty')) : ''}
${sections.map(
  (section) => html`<h2 style="${STYLE.heading}">${inContentLanguage(section.label, language)}</h2>
<ul>${section.points.map((point) => html`<li>${userTextHtml(point.text)}${paragraphHtml(figures(point))}</li>`)}</ul>`,
)}
${paragraphHtml(linkHtml(link, t('mail.statement.link')))}`,
  )}
${footerHtml(language, t('mail.footer.automatic'))}`;
  const text = textDocument([
    heading,
    title,
    sections.length === 0 && t('cons.statement.empty'),
    ...sections.map((section) =>
      [
        inContentLanguage(section.label, language),
        ...section.points.map((point) => `- ${neutraliseControls(point.text).trim()}\n  ${figures(point)}`),
      ].join('\n'),
    ),
    `${t('mail.statement.link')}:\n${link}`,
    t('mail.footer.automatic'),
  ]);
  return { subject, html: documentHtml({ language, title: subject, body }), text };
}
