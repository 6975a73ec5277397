import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import {
  CONTENT_LANGUAGES,
  type ContentLanguage,
  directionOf,
  findTopic,
  inContentLanguage,
  type Language,
  type MessageKey,
  OUTCOME_ACTORS,
  OUTCOME_TEXT_MAX,
  type OutcomeField,
  type OutcomeNote,
  type OutcomeVersion,
  TOPICS,
} from '#core';
import { formatDate, formatPeriod } from '../../public/page.tsx';
import { describedBy, ErrorSummary, FieldError } from '../../public/views/errors.tsx';
import { Layout, type PageContext } from '../../public/views/layout.tsx';
import { OutcomeNoteView } from '../../public/views/outcomes.tsx';

/**
 * The admin pages for outcome notes: list, write/edit, preview (both languages, exactly as
 * the public will see them), publish, and every version kept. All text comes from the
 * catalogues; staff-written text is shown isolated (<bdi dir="auto">).
 */
/** The label of each content language's preview: a Record, so a new staff language does not compile without one. */
const PREVIEW_LABELS: Record<ContentLanguage, MessageKey> = {
  ar: 'outcomes.admin.inArabic',
  en: 'outcomes.admin.inEnglish',
};

export interface AdminPaths {
  list: string;
  create: string;
  newForm: string;
  edit: (id: string) => string;
  save: (id: string) => string;
  preview: (id: string) => string;
  publish: (id: string) => string;
  history: (id: string) => string;
  version: (id: string, n: number) => string;
}

/** The page around the content: the staff pages' layout (navigation, sign-out), or in a test the public one. */
export type AdminFrame = (props: { title: string; hasErrors?: boolean; children: Child }) => JSX.Element;

export const publicFrame =
  (page: PageContext): AdminFrame =>
  ({ title, hasErrors, children }) => (
    <Layout page={page} title={title} hasErrors={hasErrors}>
      {children}
    </Layout>
  );

/** A hidden anti-forgery field from staff sign-in, when it provides one. */
export type CsrfField = { name: string; value: string } | undefined;

function Csrf({ field }: { field: CsrfField }) {
  return field ? <input type="hidden" name={field.name} value={field.value} /> : null;
}

function stateOf(note: OutcomeNote): MessageKey {
  if (!note.published) return 'outcomes.admin.state.draft';
  return note.draft ? 'outcomes.admin.state.publishedWithDraft' : 'outcomes.admin.state.published';
}

export function AdminListPage(props: {
  page: PageContext;
  frame: AdminFrame;
  notes: OutcomeNote[];
  paths: AdminPaths;
}) {
  const { page, frame: Frame, notes, paths } = props;
  const { t, language } = page;
  return (
    <Frame title={t('outcomes.admin.title')}>
      <h1>{t('outcomes.admin.title')}</h1>
      <p>{t('outcomes.admin.intro')}</p>
      <p>
        <a href={paths.newForm}>{t('outcomes.admin.new')}</a>
      </p>
      {notes.length === 0 ? (
        <p>{t('outcomes.admin.none')}</p>
      ) : (
        <ul class="note-list">
          {notes.map((note) => {
            const latest = (note.draft ?? note.published)!;
            return (
              <li data-note={note.id}>
                <h2>{inContentLanguage(findTopic(latest.topic)?.label, language) ?? latest.topic}</h2>
                <p>
                  {formatPeriod(language, latest.periodStart, latest.periodEnd)}
                  <br />
                  {t('outcomes.admin.state')}: <strong>{t(stateOf(note))}</strong>
                </p>
                <ul class="link-list">
                  <li>
                    <a href={paths.edit(note.id)}>{t('outcomes.admin.edit')}</a>
                  </li>
                  <li>
                    <a href={paths.preview(note.id)}>{t('outcomes.admin.preview')}</a>
                  </li>
                  <li>
                    <a href={paths.history(note.id)}>{t('outcomes.admin.history')}</a>
                  </li>
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </Frame>
  );
}

export interface AdminFormProps {
  page: PageContext;
  frame: AdminFrame;
  action: string;
  values: Partial<Record<OutcomeField, string>>;
  errors?: Partial<Record<OutcomeField, string>>;
  notice?: MessageKey;
  /** The version the editor started from; absent for a new note. */
  expectedLatest?: number;
  csrf: CsrfField;
  paths: AdminPaths;
}

function TextArea(props: { page: PageContext; name: OutcomeField; lang: Language; value?: string; error?: string }) {
  const { page, name, lang, value, error } = props;
  const { t } = page;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={name} class="label">
        {t(`outcomes.admin.field.${name}` as MessageKey)}
      </label>
      <p id={`${name}-hint`} class="hint">
        {t('outcomes.admin.field.textHint', { max: OUTCOME_TEXT_MAX })}
      </p>
      {error && errorId && <FieldError page={page} id={errorId} text={error} />}
      <textarea
        id={name}
        name={name}
        rows={5}
        lang={lang}
        dir={directionOf(lang)}
        aria-describedby={describedBy(`${name}-hint`, errorId)}
        aria-invalid={error ? 'true' : undefined}
      >
        {value ?? ''}
      </textarea>
    </div>
  );
}

function MonthField(props: { page: PageContext; name: 'periodStart' | 'periodEnd'; value?: string; error?: string }) {
  const { page, name, value, error } = props;
  const { t } = page;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={name} class="label">
        {t(`outcomes.admin.field.${name}`)}
      </label>
      <p id={`${name}-hint`} class="hint">
        {t('outcomes.admin.field.monthHint')}
      </p>
      {error && errorId && <FieldError page={page} id={errorId} text={error} />}
      <input
        type="month"
        id={name}
        name={name}
        class="month-input"
        dir="ltr"
        value={value ?? ''}
        aria-describedby={describedBy(`${name}-hint`, errorId)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

const FIELD_TARGET: Record<OutcomeField, string> = {
  topic: 'topic',
  periodStart: 'periodStart',
  periodEnd: 'periodEnd',
  actor: `actor-${OUTCOME_ACTORS[0]}`,
  saidAr: 'saidAr',
  saidEn: 'saidEn',
  didAr: 'didAr',
  didEn: 'didEn',
};

export function AdminFormPage({
  page,
  frame: Frame,
  action,
  values,
  errors = {},
  notice,
  expectedLatest,
  csrf,
  paths,
}: AdminFormProps) {
  const { t, language } = page;
  const message = (field: OutcomeField) => {
    const key = errors[field];
    return key ? t(key as MessageKey, { max: OUTCOME_TEXT_MAX }) : undefined;
  };
  const items = [
    ...(notice ? [{ text: t(notice) }] : []),
    ...(Object.keys(FIELD_TARGET) as OutcomeField[])
      .filter((field) => errors[field])
      .map((field) => ({ text: message(field)!, target: FIELD_TARGET[field] })),
  ];
  const title = t(expectedLatest === undefined ? 'outcomes.admin.newTitle' : 'outcomes.admin.editTitle');
  const topicError = message('topic');
  const actorError = message('actor');
  return (
    <Frame title={title} hasErrors={items.length > 0}>
      {items.length > 0 && <ErrorSummary page={page} items={items} />}
      <h1>{title}</h1>
      {expectedLatest !== undefined && <p>{t('outcomes.admin.editHint')}</p>}
      <form method="post" action={action} novalidate accept-charset="utf-8">
        <Csrf field={csrf} />
        {expectedLatest !== undefined && <input type="hidden" name="expectedLatest" value={String(expectedLatest)} />}

        <div class={`field${topicError ? ' field-error' : ''}`}>
          <label for="topic" class="label">
            {t('outcomes.admin.field.topic')}
          </label>
          {topicError && <FieldError page={page} id="topic-error" text={topicError} />}
          <select
            id="topic"
            name="topic"
            aria-describedby={topicError ? 'topic-error' : undefined}
            aria-invalid={topicError ? 'true' : undefined}
          >
            <option value="">{t('outcomes.admin.field.topicChoose')}</option>
            {TOPICS.map((topic) => (
              <option value={topic.id} selected={values.topic === topic.id}>
                {inContentLanguage(topic.label, language)}
              </option>
            ))}
          </select>
        </div>

        <MonthField page={page} name="periodStart" value={values.periodStart} error={message('periodStart')} />
        <MonthField page={page} name="periodEnd" value={values.periodEnd} error={message('periodEnd')} />

        <div class={`field${actorError ? ' field-error' : ''}`}>
          <fieldset aria-describedby={actorError ? 'actor-error' : undefined}>
            <legend>{t('outcomes.admin.field.actor')}</legend>
            {actorError && <FieldError page={page} id="actor-error" text={actorError} />}
            <div class="choices">
              {OUTCOME_ACTORS.map((actor) => (
                <div class="choice">
                  <input
                    type="radio"
                    id={`actor-${actor}`}
                    name="actor"
                    value={actor}
                    checked={values.actor === actor}
                    aria-invalid={actorError ? 'true' : undefined}
                  />
                  <label for={`actor-${actor}`}>{t(`addressee.${actor}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>

        <TextArea page={page} name="saidAr" lang="ar" value={values.saidAr} error={message('saidAr')} />
        <TextArea page={page} name="saidEn" lang="en" value={values.saidEn} error={message('saidEn')} />
        <TextArea page={page} name="didAr" lang="ar" value={values.didAr} error={message('didAr')} />
        <TextArea page={page} name="didEn" lang="en" value={values.didEn} error={message('didEn')} />

        <button type="submit" class="button">
          {t('outcomes.admin.save')}
        </button>
      </form>
      <p>
        <a href={paths.list}>{t('outcomes.admin.back')}</a>
      </p>
    </Frame>
  );
}

/** A version in both languages, each in its own language and direction, as the public page shows it. */
function BothLanguages({
  page,
  version,
  count,
  published,
}: {
  page: PageContext;
  version: OutcomeVersion;
  count: number;
  published?: { firstPublishedAt: string; publishedAt: string };
}) {
  const { t } = page;
  return (
    <>
      {CONTENT_LANGUAGES.map((language) => (
        <section class="preview" lang={language} dir={directionOf(language)} aria-label={t(PREVIEW_LABELS[language])}>
          <OutcomeNoteView
            language={language}
            note={version}
            count={count}
            idPrefix={`${language}-note`}
            firstPublishedAt={published?.firstPublishedAt}
            publishedAt={published?.publishedAt}
          />
        </section>
      ))}
    </>
  );
}

export interface PreviewProps {
  page: PageContext;
  frame: AdminFrame;
  note: OutcomeNote;
  /** Counted now for a draft; the stored count for a published version. */
  count: number;
  csrf: CsrfField;
  paths: AdminPaths;
  notice?: MessageKey;
}

export function AdminPreviewPage({ page, frame: Frame, note, count, csrf, paths, notice }: PreviewProps) {
  const { t } = page;
  const version = (note.draft ?? note.published)!;
  const title = t('outcomes.admin.previewTitle', { n: version.version });
  return (
    <Frame title={title} hasErrors={Boolean(notice)}>
      {notice && <ErrorSummary page={page} items={[{ text: t(notice) }]} />}
      <h1>{title}</h1>
      {note.draft ? (
        <div class="panel">
          <p>
            <strong>{t('outcomes.admin.previewNotice')}</strong>
          </p>
          <p>{t('outcomes.admin.previewCount')}</p>
          <form method="post" action={paths.publish(note.id)}>
            <Csrf field={csrf} />
            <input type="hidden" name="version" value={String(version.version)} />
            <button type="submit" class="button">
              {t('outcomes.admin.publish', { n: version.version })}
            </button>
          </form>
        </div>
      ) : (
        <p class="panel">{t('outcomes.admin.nothingToPublish')}</p>
      )}
      <BothLanguages page={page} version={version} count={count} />
      <ul class="link-list">
        <li>
          <a href={paths.edit(note.id)}>{t('outcomes.admin.edit')}</a>
        </li>
        <li>
          <a href={paths.history(note.id)}>{t('outcomes.admin.history')}</a>
        </li>
        <li>
          <a href={paths.list}>{t('outcomes.admin.back')}</a>
        </li>
      </ul>
    </Frame>
  );
}

function Stamps({ page, version }: { page: PageContext; version: OutcomeVersion }) {
  const { t, language } = page;
  return (
    <p>
      {t('outcomes.admin.saved', { date: formatDate(language, version.savedAt), by: version.savedBy })}
      {version.publishedAt && (
        <>
          <br />
          {t('outcomes.admin.publishedBy', {
            date: formatDate(language, version.publishedAt),
            by: version.publishedBy ?? '',
          })}
        </>
      )}
    </p>
  );
}

export function AdminHistoryPage(props: {
  page: PageContext;
  frame: AdminFrame;
  note: OutcomeNote;
  versions: OutcomeVersion[];
  paths: AdminPaths;
  justPublished?: number;
}) {
  const { page, frame: Frame, note, versions, paths, justPublished } = props;
  const { t } = page;
  return (
    <Frame title={t('outcomes.admin.historyTitle')}>
      {justPublished !== undefined && (
        <div class="panel" role="status">
          <p>
            <strong>{t('outcomes.admin.justPublished', { n: justPublished })}</strong>
          </p>
        </div>
      )}
      <h1>{t('outcomes.admin.historyTitle')}</h1>
      <ol class="note-list" reversed>
        {[...versions].reverse().map((version) => (
          <li data-version={version.version}>
            <h2>{t('outcomes.admin.version', { n: version.version })}</h2>
            <Stamps page={page} version={version} />
            {note.published?.version === version.version && (
              <p>
                <strong>{t('outcomes.admin.isPublic')}</strong>
              </p>
            )}
            <p>
              <a href={paths.version(note.id, version.version)}>{t('outcomes.admin.view', { n: version.version })}</a>
            </p>
          </li>
        ))}
      </ol>
      <p>
        <a href={paths.list}>{t('outcomes.admin.back')}</a>
      </p>
    </Frame>
  );
}

export function AdminVersionPage(props: {
  page: PageContext;
  frame: AdminFrame;
  version: OutcomeVersion;
  paths: AdminPaths;
}) {
  const { page, frame: Frame, version, paths } = props;
  const { t } = page;
  const title = t('outcomes.admin.version', { n: version.version });
  return (
    <Frame title={title}>
      <h1>{title}</h1>
      <Stamps page={page} version={version} />
      <BothLanguages page={page} version={version} count={version.count ?? 0} />
      <p>
        <a href={paths.history(version.id)}>{t('outcomes.admin.history')}</a>
      </p>
    </Frame>
  );
}
