import {
  type ContentLanguage,
  INBOX_LANGUAGES,
  inContentLanguage,
  type Language,
  neutraliseControls,
  type StatementAddressee,
  type StatementSection,
  translator,
  wordingIn,
} from '#core';
import {
  documentHtml,
  footerHtml,
  languageSection,
  linkHtml,
  paragraphHtml,
  type RenderedEmail,
  STYLE,
  TEXT_RULE,
  textDocument,
  userTextHtml,
} from './layout.ts';
import { html } from './safe-html.ts';
import { assertWebUrl, subjectLine } from './text.ts';

/**
 * A consultation's statement to its addressee's inbox (issue 14): in every language that
 * inbox reads (Arabic and English for the Special Envoy's office, English for the donors),
 * each part with its own lang/dir, themes as headings, each point in that language's wording
 * with its agreement figures. Points are participants' words (moderated) or the facilitators'
 * translation of them, so they go through userTextHtml like any person's text. No participant
 * is named or counted below 5 in a group: the figures are the overall ones and the lowest group share.
 */
export interface StatementEmailInput {
  addressee: StatementAddressee;
  consultationTitle: Record<ContentLanguage, string>;
  sections: StatementSection[];
  /** The consultation's public page in each language, where the statement and full results are published. */
  publicUrl: Record<ContentLanguage, string>;
}

function languageView(input: StatementEmailInput, language: Language) {
  const t = translator(language);
  const link = assertWebUrl(inContentLanguage(input.publicUrl, language), 'publicUrl');
  const heading = t(`cons.statement.to.${input.addressee}`);
  const title = neutraliseControls(inContentLanguage(input.consultationTitle, language)).trim();
  const figures = (point: StatementSection['points'][number]) =>
    t('cons.statement.figures', {
      percent: point.agreePercent,
      agree: point.agree,
      voters: point.voters,
      lowest: point.lowestGroupPercent,
      round: point.round,
    });
  const { sections } = input;
  const sectionHtml = languageSection(
    language,
    html`<h1 style="${STYLE.heading}">${heading}</h1>
${userTextHtml(title)}
${sections.length === 0 ? paragraphHtml(t('cons.statement.empty')) : ''}
${sections.map(
  (section) => html`<h2 style="${STYLE.heading}">${inContentLanguage(section.label, language)}</h2>
<ul>${section.points.map((point) => html`<li>${userTextHtml(wordingIn(point, language))}${paragraphHtml(figures(point))}</li>`)}</ul>`,
)}
${paragraphHtml(linkHtml(link, t('mail.statement.link')))}`,
  );
  const sectionText = [
    heading,
    title,
    sections.length === 0 ? t('cons.statement.empty') : undefined,
    ...sections.map((section) =>
      [
        inContentLanguage(section.label, language),
        ...section.points.map(
          (point) => `- ${neutraliseControls(wordingIn(point, language)).trim()}\n  ${figures(point)}`,
        ),
      ].join('\n'),
    ),
    `${t('mail.statement.link')}:\n${link}`,
  ]
    .filter((block) => block !== undefined)
    .join('\n\n');
  return { language, t, heading, title, sectionHtml, sectionText };
}

export function renderStatementEmail(input: StatementEmailInput): RenderedEmail {
  const views = (INBOX_LANGUAGES[input.addressee] ?? []).map((language) => languageView(input, language));
  const primary = views[0];
  if (!primary) throw new Error(`No language for the ${input.addressee} inbox`);
  const subject = subjectLine([views.map((view) => view.heading).join(' / '), primary.title]);
  const rule = html`<hr style="${STYLE.rule}">`;
  const body = html`${views.map(
    ({ sectionHtml }, index) => html`${index > 0 ? rule : ''}${sectionHtml}
`,
  )}${views.map(({ language, t }) => footerHtml(language, t('mail.footer.automatic')))}`;
  const text = textDocument([
    views.map(({ sectionText }) => sectionText).join(`\n\n${TEXT_RULE}\n\n`),
    TEXT_RULE,
    views.map(({ t }) => t('mail.footer.automatic')).join('\n'),
  ]);
  return { subject, html: documentHtml({ language: primary.language, title: subject, body }), text };
}
