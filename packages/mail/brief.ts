import {
  type BriefVersion,
  findTopic,
  inContentLanguage,
  type Language,
  type ShownCount,
  STAFF_LANGUAGES,
  shownCountText,
  similarNote,
  translator,
  useStaffCatalogues,
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
} from './layout.ts';
import { html } from './safe-html.ts';
import { assertWebUrl, subjectLine } from './text.ts';

// The brief's words live in the staff catalogue (the public function never loads them).
useStaffCatalogues();

/**
 * A published brief (issue 16) to its addressee's inbox: Arabic then English, the summary
 * (period, how many wrote in, per topic) and a link to the full brief. No quote and no
 * personal breakdown travels by email: the brief page is where staff decide who sees what.
 */
export interface BriefEmailInput {
  version: Pick<BriefVersion, 'periodStart' | 'periodEnd' | 'topics' | 'intro' | 'figures' | 'version'>;
  /** The brief's page (staff sign-in protects it). */
  briefUrl: string;
}

const shown = (language: Language, count: ShownCount) => shownCountText(translator(language), language, count);

function summary(language: Language, version: BriefEmailInput['version']) {
  const t = translator(language);
  const period = t('briefs.period', { from: version.periodStart, to: version.periodEnd });
  const total = t('briefs.mail.total', { total: shown(language, version.figures.total) });
  const topics = version.figures.byTopic.map(
    (row) => `${inContentLanguage(findTopic(row.topic)?.label, language) ?? row.topic}: ${shown(language, row.now)}`,
  );
  // Near-identical messages counted once, and campaigns: the same words as the brief's page.
  const similar = similarNote(t, language, version);
  return { t, period, total, topics, similar: [similar.sentence, ...similar.campaigns] };
}

export function renderBriefEmail({ version, briefUrl }: BriefEmailInput): RenderedEmail {
  const link = assertWebUrl(briefUrl, 'briefUrl');
  const subject = subjectLine(
    STAFF_LANGUAGES.map((language) =>
      translator(language)('briefs.mail.subject', { from: version.periodStart, to: version.periodEnd }),
    ),
  );
  const body = html`${STAFF_LANGUAGES.map((language) => {
    const { t, period, total, topics, similar } = summary(language, version);
    return languageSection(
      language,
      html`<h1 style="${STYLE.heading}">${t('briefs.mail.heading')}</h1>
${paragraphHtml(period)}
${paragraphHtml(inContentLanguage(version.intro, language))}
${paragraphHtml(html`<strong>${total}</strong>`)}
<ul style="${STYLE.list}">${topics.map((line) => html`<li>${line}</li>`)}</ul>
${similar.map((line) => paragraphHtml(line))}
${paragraphHtml(linkHtml(link, t('briefs.mail.link')))}`,
    );
  })}
${footerHtml('ar', translator('ar')('mail.footer.automatic'))}`;
  const text = textDocument(
    STAFF_LANGUAGES.flatMap((language, index) => {
      const { t, period, total, topics, similar } = summary(language, version);
      return [
        index > 0 ? TEXT_RULE : undefined,
        t('briefs.mail.heading'),
        period,
        inContentLanguage(version.intro, language),
        total,
        topics.join('\n'),
        similar.join('\n'),
        `${t('briefs.mail.link')}:\n${link}`,
      ];
    }),
  );
  return { subject, html: documentHtml({ language: 'ar', title: subject, body }), text };
}
