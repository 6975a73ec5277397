import {
  BRIEF_ADDRESSEES,
  type Brief,
  type BriefErrors,
  type BriefField,
  type BriefVersion,
  directionOf,
  type IdentifyingDetail,
  inContentLanguage,
  isInbox,
  type MessageKey,
  QUOTE_SLOTS,
  readByLiaisons,
  TOPICS,
} from '#core';
import { staffAssetPath } from '../assets.ts';
import type { StaffPage } from '../context.ts';
import { StaffLayout } from '../views/layout.tsx';
import { CsrfField, ErrorSummary, FieldError, Notice, Time } from '../views/parts.tsx';
import { addresseeLabel, BriefDocument, periodLabel, topicLabel } from './document.tsx';
import type { BriefPaths } from './paths.ts';

export const briefsHead = <link rel="stylesheet" href={staffAssetPath('briefs.css')} />;

export interface BriefListItem {
  brief: Brief;
  latest: BriefVersion;
}

export function BriefListPage({
  page,
  items,
  paths,
  canWrite,
}: {
  page: StaffPage;
  items: BriefListItem[];
  paths: BriefPaths;
  canWrite: boolean;
}) {
  const { t, language } = page;
  return (
    <StaffLayout page={page} title={t('briefs.list.title')} head={briefsHead}>
      <h1>{t('briefs.list.title')}</h1>
      <p>{t('briefs.list.intro')}</p>
      {canWrite && (
        <p>
          <a class="button" href={paths.newForm}>
            {t('briefs.list.new')}
          </a>
        </p>
      )}
      {items.length === 0 ? (
        <p>{t('briefs.list.none')}</p>
      ) : (
        <ul class="brief-list">
          {items.map(({ brief, latest }) => (
            <li data-brief={brief.id}>
              <h2>
                <a href={paths.view(brief.id)}>{periodLabel(language, latest)}</a>
              </h2>
              <p>
                {t('briefs.for', { addressee: addresseeLabel(t, brief.addressee) })}
                <br />
                {brief.published
                  ? t('briefs.state.published', { n: brief.published.version })
                  : t('briefs.state.draft', { n: brief.latestVersion })}
                {brief.scheduledFor && latest.savedBy === 'system' && (
                  <>
                    <br />
                    <strong>{t('briefs.state.needsReview')}</strong>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </StaffLayout>
  );
}

type Values = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '');
const many = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/** Where each field's error links: its first control. */
export function fieldTarget(field: BriefField): string {
  if (field === 'addressee') return `addressee-${BRIEF_ADDRESSEES[0]}`;
  if (field === 'topics') return `topic-${TOPICS[0].id}`;
  return field;
}

function TextField(props: {
  page: StaffPage;
  name: BriefField;
  label: string;
  hint?: string;
  value: string;
  error?: string | undefined;
  multiline?: boolean;
  lang?: 'ar' | 'en';
}) {
  const { page, name, label, hint, value, error, multiline, lang } = props;
  const errorId = error ? `${name}-error` : undefined;
  const hintId = hint ? `${name}-hint` : undefined;
  const common = {
    id: name,
    name,
    'aria-describedby': describedBy(hintId, errorId),
    'aria-invalid': error ? ('true' as const) : undefined,
    ...(lang ? { lang, dir: directionOf(lang) } : { dir: 'auto' }),
  };
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={name} class="label">
        {label}
      </label>
      {hint && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
      {error && errorId && <FieldError page={page} id={errorId} text={error} />}
      {multiline ? (
        <textarea rows={4} {...common}>
          {value}
        </textarea>
      ) : (
        <input type="text" value={value} {...common} />
      )}
    </div>
  );
}

export interface QuoteWarning {
  slot: number;
  details: IdentifyingDetail[];
}

export function BriefFormPage({
  page,
  action,
  values,
  errors = {},
  warnings = [],
  expectedLatest,
  notice,
  paths,
}: {
  page: StaffPage;
  action: string;
  values: Values;
  errors?: BriefErrors;
  warnings?: QuoteWarning[];
  expectedLatest?: number;
  notice?: string;
  paths: BriefPaths;
}) {
  const { t, language } = page;
  const message = (field: BriefField) => {
    const key = errors[field];
    return key ? t(key as MessageKey) : undefined;
  };
  const summary = (Object.keys(errors) as BriefField[]).map((field) => ({
    target: fieldTarget(field),
    text: message(field)!,
  }));
  const chosen = many(values.topics);
  const topicError = message('topics');
  const addresseeError = message('addressee');
  const title = expectedLatest ? t('briefs.form.editTitle') : t('briefs.form.newTitle');
  return (
    <StaffLayout page={page} title={title} hasErrors={summary.length > 0 || Boolean(notice)} head={briefsHead}>
      {(summary.length > 0 || notice) && (
        <ErrorSummary page={page} errors={[...(notice ? [{ target: 'periodStart', text: notice }] : []), ...summary]} />
      )}
      <h1>{title}</h1>
      <p>
        <a href={paths.list}>{t('briefs.back')}</a>
      </p>
      <form method="post" action={action} novalidate accept-charset="utf-8">
        <CsrfField page={page} />
        {expectedLatest !== undefined && <input type="hidden" name="expectedLatest" value={String(expectedLatest)} />}
        <h2>{t('briefs.form.scope')}</h2>
        <TextField
          page={page}
          name="periodStart"
          label={t('briefs.field.periodStart')}
          hint={t('briefs.field.monthHint')}
          value={one(values.periodStart)}
          error={message('periodStart')}
        />
        <TextField
          page={page}
          name="periodEnd"
          label={t('briefs.field.periodEnd')}
          hint={t('briefs.field.monthHint')}
          value={one(values.periodEnd)}
          error={message('periodEnd')}
        />
        <div class={`field${addresseeError ? ' field-error' : ''}`}>
          <fieldset aria-describedby={addresseeError ? 'addressee-error' : undefined}>
            <legend>{t('briefs.field.addressee')}</legend>
            {addresseeError && <FieldError page={page} id="addressee-error" text={addresseeError} />}
            <div class="choices">
              {BRIEF_ADDRESSEES.map((id) => (
                <div class="choice">
                  <input
                    type="radio"
                    id={`addressee-${id}`}
                    name="addressee"
                    value={id}
                    checked={one(values.addressee) === id}
                  />
                  <label for={`addressee-${id}`}>{addresseeLabel(t, id)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <div class={`field${topicError ? ' field-error' : ''}`}>
          <fieldset aria-describedby={topicError ? 'topics-error' : undefined}>
            <legend>{t('briefs.field.topics')}</legend>
            {topicError && <FieldError page={page} id="topics-error" text={topicError} />}
            <div class="choices">
              {TOPICS.map((topic) => (
                <div class="choice">
                  <input
                    type="checkbox"
                    id={`topic-${topic.id}`}
                    name="topics"
                    value={topic.id}
                    checked={chosen.includes(topic.id)}
                  />
                  <label for={`topic-${topic.id}`}>{inContentLanguage(topic.label, language)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>

        <h2>{t('briefs.form.words')}</h2>
        <TextField
          page={page}
          name="introAr"
          label={t('briefs.field.introAr')}
          value={one(values.introAr)}
          error={message('introAr')}
          multiline
          lang="ar"
        />
        <TextField
          page={page}
          name="introEn"
          label={t('briefs.field.introEn')}
          value={one(values.introEn)}
          error={message('introEn')}
          multiline
          lang="en"
        />
        {chosen.length > 0 && (
          <details
            class="panel"
            open={chosen.some((topic) => values[`note-${topic}-ar`] || values[`note-${topic}-en`])}
          >
            <summary>{t('briefs.form.notes')}</summary>
            {chosen.map((topic) => (
              <div>
                <h3>{topicLabel(language, topic)}</h3>
                <TextField
                  page={page}
                  name={`note-${topic}-ar`}
                  label={t('briefs.field.noteAr', { topic: topicLabel(language, topic) })}
                  value={one(values[`note-${topic}-ar`])}
                  error={message(`note-${topic}-ar`)}
                  multiline
                  lang="ar"
                />
                <TextField
                  page={page}
                  name={`note-${topic}-en`}
                  label={t('briefs.field.noteEn', { topic: topicLabel(language, topic) })}
                  value={one(values[`note-${topic}-en`])}
                  error={message(`note-${topic}-en`)}
                  multiline
                  lang="en"
                />
              </div>
            ))}
          </details>
        )}

        <h2>{t('briefs.form.quotes')}</h2>
        <p class="hint">{t('briefs.form.quotesHint')}</p>
        <TextField
          page={page}
          name="flagWords"
          label={t('briefs.field.flagWords')}
          hint={t('briefs.field.flagWordsHint')}
          value={one(values.flagWords)}
          error={message('flagWords')}
        />
        {Array.from({ length: QUOTE_SLOTS }, (_, index) => index + 1).map((slot) => {
          const warning = warnings.find((w) => w.slot === slot);
          const confirmError = message(`quote${slot}Confirm`);
          const topicChoice = one(values[`quote${slot}Topic`]);
          const topicErr = message(`quote${slot}Topic`);
          return (
            <fieldset class="quote-slot">
              <legend>{t('briefs.form.quoteSlot', { n: slot })}</legend>
              <TextField
                page={page}
                name={`quote${slot}Reference`}
                label={t('briefs.field.quoteReference')}
                value={one(values[`quote${slot}Reference`])}
                error={message(`quote${slot}Reference`)}
              />
              <div class={`field${topicErr ? ' field-error' : ''}`}>
                <label for={`quote${slot}Topic`} class="label">
                  {t('briefs.field.quoteTopic')}
                </label>
                {topicErr && <FieldError page={page} id={`quote${slot}Topic-error`} text={topicErr} />}
                <select
                  id={`quote${slot}Topic`}
                  name={`quote${slot}Topic`}
                  aria-describedby={topicErr ? `quote${slot}Topic-error` : undefined}
                  aria-invalid={topicErr ? 'true' : undefined}
                >
                  <option value="">{t('briefs.field.quoteTopicNone')}</option>
                  {TOPICS.map((topic) => (
                    <option value={topic.id} selected={topicChoice === topic.id}>
                      {inContentLanguage(topic.label, language)}
                    </option>
                  ))}
                </select>
              </div>
              <TextField
                page={page}
                name={`quote${slot}Text`}
                label={t('briefs.field.quoteText')}
                hint={t('briefs.field.quoteTextHint')}
                value={one(values[`quote${slot}Text`])}
                error={message(`quote${slot}Text`)}
                multiline
              />
              {(warning || values[`quote${slot}Confirm`] === 'yes') && (
                <div class={`field${confirmError ? ' field-error' : ''}`}>
                  {warning && (
                    <div class="alert-panel" id={`quote${slot}-warning`}>
                      <p>{t('briefs.warning.intro')}</p>
                      <ul>
                        {warning.details.map((detail) => (
                          <li>
                            {t(`briefs.warning.${detail.kind}`)}: <bdi dir="auto">{detail.text}</bdi>
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                  {confirmError && <FieldError page={page} id={`quote${slot}Confirm-error`} text={confirmError} />}
                  <div class="choice">
                    <input
                      type="checkbox"
                      id={`quote${slot}Confirm`}
                      name={`quote${slot}Confirm`}
                      value="yes"
                      checked={values[`quote${slot}Confirm`] === 'yes'}
                      aria-describedby={describedBy(
                        warning && `quote${slot}-warning`,
                        confirmError && `quote${slot}Confirm-error`,
                      )}
                    />
                    <label for={`quote${slot}Confirm`}>{t('briefs.field.quoteConfirm')}</label>
                  </div>
                </div>
              )}
            </fieldset>
          );
        })}
        <button type="submit" class="button">
          {t('briefs.form.save')}
        </button>
      </form>
    </StaffLayout>
  );
}

export function BriefViewPage({
  page,
  brief,
  version,
  paths,
  withBreakdown,
  canWrite,
  canPublish,
  notice,
  error,
  printView = false,
}: {
  page: StaffPage;
  brief: Brief;
  version: BriefVersion;
  paths: BriefPaths;
  withBreakdown: boolean;
  canWrite: boolean;
  canPublish: boolean;
  notice?: string | undefined;
  error?: string | undefined;
  printView?: boolean;
}) {
  const { t, language } = page;
  const isLatest = version.version === brief.latestVersion;
  const isPublished = brief.published?.version === version.version;
  const unreviewed = version.savedBy === 'system';
  const sent = (brief.sendRequested ?? []).includes(version.version);
  const title = t('briefs.heading', { period: periodLabel(language, version) });
  return (
    <StaffLayout page={page} title={title} hasErrors={Boolean(error)} head={briefsHead}>
      {error && (
        <div class="error-summary" tabindex={-1} autofocus>
          <div role="alert">
            <h2 class="error-summary-title">{t('error.summary.title')}</h2>
            <p>{error}</p>
          </div>
        </div>
      )}
      {notice && <Notice lines={[notice]} />}
      {!printView && (
        <nav class="brief-actions no-print" aria-label={t('briefs.actions')}>
          <ul class="link-list">
            <li>
              <a href={paths.list}>{t('briefs.back')}</a>
            </li>
            {canWrite && isLatest && (
              <li>
                <a href={paths.edit(brief.id)}>{t('briefs.edit')}</a>
              </li>
            )}
            <li>
              <a href={paths.print(brief.id, version.version)}>{t('briefs.print')}</a>
            </li>
            <li>
              {/* Content-Disposition: attachment makes it a download; no `download` attribute needed. */}
              <a href={paths.docx(brief.id, version.version)}>{t('briefs.docx')}</a>
            </li>
          </ul>
        </nav>
      )}
      {!printView && (
        <p class="brief-state no-print">
          {isPublished
            ? t('briefs.state.published', { n: version.version })
            : t('briefs.state.draft', { n: version.version })}{' '}
          {t('briefs.savedBy', { by: unreviewed ? t('briefs.system') : version.savedBy })}{' '}
          <Time language={language} iso={version.savedAt} />
          {unreviewed && (
            <>
              <br />
              <strong>{t('briefs.state.needsReview')}</strong>
            </>
          )}
        </p>
      )}
      <BriefDocument page={page} version={version} withBreakdown={withBreakdown} />
      {!printView && canPublish && isLatest && !isPublished && !unreviewed && (
        <form method="post" action={paths.publish(brief.id)} class="no-print">
          <h2>{t('briefs.publish.heading')}</h2>
          <CsrfField page={page} />
          <input type="hidden" name="version" value={String(version.version)} />
          {readByLiaisons(brief.addressee) && (
            <div class="choice">
              <input type="checkbox" id="breakdownForLiaison" name="breakdownForLiaison" value="yes" />
              <label for="breakdownForLiaison">{t('briefs.publish.breakdown')}</label>
            </div>
          )}
          <button type="submit" class="button">
            {t('briefs.publish.button')}
          </button>
        </form>
      )}
      {!printView && canPublish && isPublished && (
        <form method="post" action={paths.send(brief.id)} class="no-print">
          <h2>{t('briefs.send.heading')}</h2>
          <p id="send-hint">
            {sent ? t('briefs.send.already') : t('briefs.send.hint', { addressee: addresseeLabel(t, brief.addressee) })}
          </p>
          <CsrfField page={page} />
          <input type="hidden" name="version" value={String(version.version)} />
          {!sent && (
            <button type="submit" class="button" aria-describedby="send-hint">
              {t('briefs.send.button')}
            </button>
          )}
        </form>
      )}
      {!printView && canWrite && (
        <section class="no-print" aria-labelledby="brief-history">
          <h2 id="brief-history">{t('briefs.history')}</h2>
          <ul class="link-list">
            {Array.from({ length: brief.latestVersion }, (_, i) => i + 1).map((n) => (
              <li>
                <a href={paths.version(brief.id, n)} aria-current={n === version.version ? 'page' : undefined}>
                  {t('briefs.versionLine', { n })}
                </a>
              </li>
            ))}
          </ul>
          <h3>{t('briefs.audit')}</h3>
          <ul>
            {brief.audit.map((event) => (
              <li>
                {t(`briefs.audit.${event.action}`, { n: event.version ?? 0 })}
                {isInbox(event.detail) ? ` (${addresseeLabel(t, event.detail)})` : ''} — <bdi dir="ltr">{event.by}</bdi>
                , <Time language={language} iso={event.at} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </StaffLayout>
  );
}
