import {
  ADDRESSEES,
  type Addressee,
  findTopic,
  INBOX_LANGUAGES,
  type Inbox,
  type InboxDeniedField,
  inContentLanguage,
  isLanguage,
  type Language,
  languageName,
  minutesAndSeconds,
  neutraliseControls,
  REGIONS,
  type SubmissionRecord,
  type Translate,
  translator,
} from '#core';
import {
  align,
  directionOf,
  documentHtml,
  footerHtml,
  languageSection,
  linkHtml,
  paragraphHtml,
  type RenderedEmail,
  referenceHtml,
  STYLE,
  TEXT_RULE,
  textDocument,
  userTextHtml,
} from './layout.ts';
import { html, type SafeHtml } from './safe-html.ts';
import { assertWebUrl, displayReference, subjectLine } from './text.ts';

/**
 * Everything an inbox email may show, and nothing else. Contact details and the personal
 * answers (the field table's `personal` and `sealed` rows, packages/core/fields.ts) are typed
 * `never`, so passing a whole SubmissionRecord (or anything carrying them) does not compile;
 * the renderer also reads only the fields below.
 */
export interface InboxEmailInput extends Denied {
  reference: string;
  inbox: Inbox;
  addressee: Addressee;
  topics: readonly string[];
  urgent: boolean;
  /** The language of the form the person used. */
  language: Language;
  region?: string | undefined;
  message: string;
  /** The submission in the staff view. */
  staffUrl: string;
  /** A voice recording is attached (issue 19): only its length is said, never the audio or its key. */
  voice?: { seconds?: number | undefined } | undefined;
  /** Set for an escalation reminder: how long the submission has waited untriaged. */
  reminder?: { waitingDays: number } | undefined;
  contact?: never;
  contactCiphertext?: never;
  hasEmail?: never;
}

type Denied = { [F in InboxDeniedField]?: never };

/** The fields of a stored submission an inbox email may show. */
export type InboxFields = Pick<
  InboxEmailInput,
  'reference' | 'addressee' | 'topics' | 'urgent' | 'language' | 'region' | 'message' | 'voice'
>;

/** Picks the shareable fields from a stored submission (use this rather than spreading a record). */
export function inboxFields(record: SubmissionRecord): InboxFields {
  const { reference, addressee, topics, urgent, language, region, message } = record;
  const voice = record.voice ? { seconds: record.voice.seconds } : undefined;
  return { reference, addressee, topics, urgent, language, region, message, voice };
}

interface Row {
  label: string;
  html: SafeHtml | string;
  text: string;
}

const topicLabel = (id: string, language: Language) =>
  inContentLanguage(findTopic(id)?.label, language) ?? neutraliseControls(id).replace(/\s+/g, ' ').trim();

function regionLabel(t: Translate, region: string | undefined): string {
  if (region === undefined || region === '') return t('mail.inbox.regionNone');
  if ((REGIONS as readonly string[]).includes(region)) return t(`region.${region as (typeof REGIONS)[number]}`);
  return neutraliseControls(region).replace(/\s+/g, ' ').trim();
}

const addresseeLabel = (t: Translate, addressee: string) =>
  (ADDRESSEES as readonly string[]).includes(addressee)
    ? t(`addressee.${addressee as Addressee}`)
    : neutraliseControls(addressee).replace(/\s+/g, ' ').trim();

const languageLabel = (reader: Language, language: string) =>
  isLanguage(language) ? languageName(language, reader) : neutraliseControls(language).trim();

interface Prepared {
  reference: string;
  addressee: string;
  topics: readonly string[];
  urgent: boolean;
  language: string;
  region: string | undefined;
  staffUrl: string;
  waitingDays: number | undefined;
  voice: { seconds?: number | undefined } | undefined;
}

/** "A voice message (2 min 10 s) is attached…", or without the length when the container did not say. */
function voiceNote(t: Translate, voice: Prepared['voice']): string | undefined {
  if (!voice) return undefined;
  const seconds = voice.seconds;
  if (seconds === undefined || !Number.isFinite(seconds)) return t('mail.inbox.voiceUnknown');
  return t('mail.inbox.voice', { duration: t('voice.duration', minutesAndSeconds(seconds)) });
}

function languageView(language: Language, input: Prepared) {
  const t = translator(language);
  const labels = input.topics.map((id) => topicLabel(id, language));
  const rows: Row[] = [
    { label: t('mail.inbox.reference'), html: referenceHtml(input.reference), text: input.reference },
    { label: t('mail.inbox.addressee'), ...same(addresseeLabel(t, input.addressee)) },
    {
      label: t('mail.inbox.topics'),
      html: html`<ul style="${STYLE.list}">${labels.map((label) => html`<li>${label}</li>`)}</ul>`,
      text: labels.map((label) => `\n- ${label}`).join(''),
    },
    { label: t('mail.inbox.urgency'), ...same(t(input.urgent ? 'mail.urgency.urgent' : 'mail.urgency.normal')) },
    { label: t('mail.inbox.language'), ...same(languageLabel(language, input.language)) },
    { label: t('mail.inbox.region'), ...same(regionLabel(t, input.region)) },
  ];
  const reminder = input.waitingDays === undefined ? undefined : t('mail.reminder.body', { n: input.waitingDays });
  const urgentNote = input.urgent ? t('mail.inbox.urgentNote') : undefined;
  const triageNote = input.addressee === 'unsure' ? t('mail.inbox.triageDecision') : undefined;
  const voice = voiceNote(t, input.voice);
  const side = align(language);
  const endPadding = `padding-${align(language) === 'right' ? 'left' : 'right'}:16px`;

  const sectionHtml = languageSection(
    language,
    html`<h1 style="${STYLE.heading}">${t('mail.inbox.heading')}</h1>
${reminder !== undefined && html`<p style="${STYLE.paragraph};font-weight:bold">${reminder}</p>`}
${urgentNote !== undefined && html`<p style="${STYLE.urgent}">${urgentNote}</p>`}
${triageNote !== undefined && paragraphHtml(triageNote)}
<table style="${STYLE.table}">
<caption style="text-align:${side};font-weight:bold;padding:0 0 4px">${t('mail.inbox.details')}</caption>
<tbody>
${rows.map(
  (row) =>
    html`<tr><th scope="row" style="${STYLE.cell};text-align:${side};${endPadding};width:35%">${row.label}</th><td style="${STYLE.cell}">${row.html}</td></tr>
`,
)}</tbody>
</table>
${voice !== undefined && paragraphHtml(voice)}
${paragraphHtml(linkHtml(input.staffUrl, t('mail.inbox.staffLink')))}
${paragraphHtml(t('mail.inbox.privacy'))}`,
  );

  const sectionText = [
    t('mail.inbox.heading'),
    reminder,
    urgentNote,
    triageNote,
    rows.map((row) => `${row.label}:${row.text.startsWith('\n') ? '' : ' '}${row.text}`).join('\n'),
    voice === undefined ? undefined : `${voice}\n${input.staffUrl}`,
    `${t('mail.inbox.staffLink')}:\n${input.staffUrl}`,
    t('mail.inbox.privacy'),
  ]
    .filter((block) => block !== undefined)
    .join('\n\n');

  return { language, t, sectionHtml, sectionText };
}

const same = (value: string) => ({ html: value, text: value });

/**
 * The email one inbox receives for a submission: in every language the inbox reads
 * (Arabic and English for the Special Envoy's office, English for the donors), each
 * part with its own lang/dir; the person's text once, isolated and neutralised.
 */
export function renderInboxEmail(input: InboxEmailInput): RenderedEmail {
  const languages = INBOX_LANGUAGES[input.inbox] ?? (['en'] as const);
  const primary: Language = languages[0] ?? 'en';
  const waitingDays =
    input.reminder === undefined
      ? undefined
      : Number.isFinite(input.reminder.waitingDays)
        ? Math.max(0, Math.floor(input.reminder.waitingDays))
        : 0;
  const prepared: Prepared = {
    reference: displayReference(input.reference),
    addressee: input.addressee,
    topics: input.topics,
    urgent: input.urgent === true,
    language: input.language,
    region: input.region,
    staffUrl: assertWebUrl(input.staffUrl, 'staffUrl'),
    waitingDays,
    voice: input.voice,
  };
  const views = languages.map((language) => languageView(language, prepared));

  const subject = subjectLine([
    prepared.urgent ? views.map(({ t }) => t('mail.urgency.urgent')).join(' / ') : '',
    views
      .map(({ t }) =>
        waitingDays === undefined ? t('mail.inbox.subject') : t('mail.reminder.subject', { n: waitingDays }),
      )
      .join(' / '),
    prepared.reference,
    prepared.topics.map((id) => topicLabel(id, primary)).join(', '),
  ]);

  const messageHeading = views.map(
    ({ language, t }, index) =>
      html`${index > 0 ? ' / ' : ''}<span lang="${language}" dir="${directionOf(language)}">${t('mail.inbox.message')}</span>`,
  );
  const rule = html`<hr style="${STYLE.rule}">`;
  const body = html`${views.map(
    ({ sectionHtml }, index) => html`${index > 0 ? rule : ''}${sectionHtml}
`,
  )}${rule}
<div dir="${directionOf(primary)}" style="${STYLE.section};text-align:${align(primary)}">
<h2 style="${STYLE.subheading}">${messageHeading}</h2>
${userTextHtml(input.message)}
</div>
${views.map(({ language, t }) => footerHtml(language, t('mail.footer.automatic')))}`;

  const text = textDocument([
    views.map(({ sectionText }) => sectionText).join(`\n\n${TEXT_RULE}\n\n`),
    TEXT_RULE,
    `${views.map(({ t }) => t('mail.inbox.message')).join(' / ')}:`,
    neutraliseControls(input.message).trim(),
    TEXT_RULE,
    views.map(({ t }) => t('mail.footer.automatic')).join('\n'),
  ]);

  const title = subjectLine([views[0]?.t('mail.inbox.heading') ?? '', prepared.reference]);
  return { subject, html: documentHtml({ language: primary, title, body }), text };
}
