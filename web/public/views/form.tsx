import {
  ADDRESSEES,
  DEFAULT_RETENTION,
  FIELD_TABLE,
  type FieldErrors,
  type FieldSpec,
  INBOXES,
  inContentLanguage,
  LIMITS,
  LOCALES,
  type MessageKey,
  NO_ANSWER,
  type Params,
  PREFER_NOT_FIELDS,
  PROTECT_FIELDS,
  pluralTemplates,
  publicPath,
  QUOTE_CONSENT_ANSWERS,
  REGIONS,
  type RetentionRules,
  type SubmissionField,
  TOPICS,
  VOICE_LIMITS,
  valueLabel,
} from '#core';
import { assetPath, recorderAsset } from '../assets/index.ts';
import { Layout, type PageContext } from './layout.tsx';

export type FormValues = Record<string, string | string[] | undefined>;

export interface FormPageProps {
  page: PageContext;
  action: string;
  formToken: string;
  values?: FormValues;
  errors?: FieldErrors;
  /** A problem that is not about one field, e.g. the service being busy. */
  notice?: MessageKey;
  noticeParams?: Params;
  /** Abuse defences (web/public/protect.ts): the signed stamp and where the proof of work comes from. */
  protect?: { stamp: string; challengeUrl: string };
  /** What the form says about how long things are kept. */
  retention?: RetentionRules;
}

/** The element each field's error links to: its first focusable control. */
export function errorTarget(field: SubmissionField): string {
  if (field === 'formToken') return errorTarget('addressee');
  if (field === 'voice') return 'voice'; // the file input (the recorder fills the same one)
  const spec: FieldSpec = FIELD_TABLE[field];
  const first = spec.values?.[0];
  if (first === undefined || spec.control === 'select') return field;
  return spec.control === 'checkboxes' ? `topic-${first}` : `${field}-${first}`;
}

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '');
const many = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/** "(optional)" with its brackets hidden from speech: screen readers name brackets aloud. */
export function Optional({ text }: { text: string }) {
  return (
    <span class="optional">
      <span aria-hidden="true">(</span>
      {text}
      <span aria-hidden="true">)</span>
    </span>
  );
}

function ErrorMessage({ id, text, prefix }: { id: string; text: string; prefix: string }) {
  return (
    <p id={id} class="error-message">
      <span class="visually-hidden">{prefix}</span> {text}
    </p>
  );
}

function ErrorSummary({
  page,
  errors,
  notice,
  noticeParams,
}: {
  page: PageContext;
  errors: FieldErrors;
  notice?: MessageKey | undefined;
  noticeParams?: Params | undefined;
}) {
  const { t } = page;
  const fields = Object.entries(errors) as [SubmissionField, string][];
  return (
    <section class="error-summary" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 class="error-summary-title" id="error-summary-title">
        {t('error.summary.title')}
      </h2>
      <ul>
        {notice && <li>{t(notice, noticeParams)}</li>}
        {fields.map(([field, key]) => (
          <li>
            <a href={`#${errorTarget(field)}`}>{t(key as MessageKey, { max: maxFor(field) })}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function maxFor(field: SubmissionField): number {
  if (field === 'message') return LIMITS.message;
  if (field === 'organisation') return LIMITS.organisation;
  if (field === 'voice') return VOICE_LIMITS.seconds / 60;
  return LIMITS.email;
}

interface ChoiceGroupProps {
  page: PageContext;
  name: SubmissionField;
  legend: string;
  options: readonly { value: string; label: string; id: string }[];
  checked: string;
  error?: string;
  optional?: boolean;
  hint?: string;
}

/**
 * A question answered with radios. The error is tied to every radio, not only to the
 * fieldset: Orca does not read a group's description when focus enters it. Required
 * radios carry `required` (the form has `novalidate`, so no browser bubbles).
 */
function RadioGroup({ page, name, legend, options, checked, error, optional, hint }: ChoiceGroupProps) {
  const { t } = page;
  const errorId = error ? `${name}-error` : undefined;
  const hintId = hint ? `${name}-hint` : undefined;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <fieldset aria-describedby={describedBy(hintId, errorId)}>
        <legend>
          {legend}
          {optional && ' '}
          {optional && <Optional text={t('form.optional')} />}
          {/* Orca 43 never says "required" for a radio button, whatever its states: the
              question says it in words (sighted people read "all but the first three"). */}
          {!optional && ' '}
          {!optional && <span class="visually-hidden">{t('form.required')}</span>}
        </legend>
        {hint && (
          <p id={hintId} class="hint">
            {hint}
          </p>
        )}
        {error && errorId && <ErrorMessage id={errorId} text={error} prefix={t('error.titlePrefix')} />}
        <div class="choices">
          {options.map((option) => (
            <div class="choice">
              <input
                type="radio"
                id={option.id}
                name={name}
                value={option.value}
                checked={checked === option.value}
                required={!optional}
                aria-describedby={describedBy(hintId, errorId)}
                // Explicit "false": a required radio left empty is :invalid to the browser,
                // and Chromium would expose it to screen readers as invalid before any send.
                aria-invalid={error ? 'true' : optional ? undefined : 'false'}
              />
              <label for={option.id}>{option.label}</label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function FormPage({
  page,
  action,
  formToken,
  values = {},
  errors = {},
  notice,
  noticeParams,
  protect,
  retention = DEFAULT_RETENTION,
}: FormPageProps) {
  const { t, language } = page;
  const hasErrors = Object.keys(errors).length > 0 || Boolean(notice);
  const error = (field: SubmissionField) => {
    const key = errors[field];
    return key ? t(key as MessageKey, { max: maxFor(field) }) : undefined;
  };
  const selectedTopics = many(values.topics);
  const topicError = error('topics');
  const messageError = error('message');
  const organisationError = error('organisation');
  const emailError = error('email');
  const regionError = error('region');
  const voiceError = error('voice');
  // One group per inbox (packages/core/inboxes.ts); its heading key is checked by the compiler.
  const topicGroups = INBOXES.map((inbox) => ({
    key: inbox,
    heading: t(`field.topics.${inbox}Group`),
    topics: TOPICS.filter((x) => x.raisedFor === inbox),
  })).filter((group) => group.topics.length > 0); // an inbox no topic was raised for has no empty group

  return (
    <Layout page={page} title={t('form.title')} hasErrors={hasErrors}>
      {hasErrors && <ErrorSummary page={page} errors={errors} notice={notice} noticeParams={noticeParams} />}
      <h1>{t('form.title')}</h1>
      <p class="lead">{t('form.intro')}</p>
      <section class="panel" aria-labelledby="anonymous-heading">
        <h2 id="anonymous-heading">{t('form.anonymous.heading')}</h2>
        <p>{t('form.anonymous.body', { days: t('protect.days', { n: retention.contactDays }) })}</p>
      </section>
      <details class="panel">
        <summary>{t('form.data.heading')}</summary>
        <p>{t('form.data.body')}</p>
        <p>
          {t('protect.retention.form', {
            days: t('protect.days', { n: retention.contactDays }),
            spamDays: t('protect.days', { n: retention.spamDays }),
          })}{' '}
          <a href={publicPath(language, 'privacy')}>{t('privacy.formLink')}</a>
        </p>
      </details>
      <p>
        <a href={publicPath(language, 'easyRead')}>{t('easyRead.link')}</a>
      </p>

      <form
        method="post"
        action={action}
        data-send={assetPath('send.js')}
        enctype="multipart/form-data"
        novalidate
        accept-charset="utf-8"
        data-pow={protect?.challengeUrl}
        data-pow-worker={protect ? assetPath('pow-worker.js') : undefined}
        data-pow-checking={protect ? t('protect.pow.checking') : undefined}
      >
        <input type="hidden" name="formToken" value={formToken} />
        <DraftFound page={page} />
        {protect && <input type="hidden" name={PROTECT_FIELDS.stamp} value={protect.stamp} />}

        <RadioGroup
          page={page}
          name="addressee"
          legend={t('field.addressee.legend')}
          options={ADDRESSEES.map((id) => ({ value: id, id: `addressee-${id}`, label: t(`addressee.${id}`) }))}
          checked={single(values.addressee)}
          error={error('addressee')}
        />

        <div class={`field${topicError ? ' field-error' : ''}`}>
          <fieldset aria-describedby={describedBy('topics-hint', topicError && 'topics-error')}>
            <legend>{t('field.topics.legend')}</legend>
            <p id="topics-hint" class="hint">
              {t('field.topics.hint')}
            </p>
            {topicError && <ErrorMessage id="topics-error" text={topicError} prefix={t('error.titlePrefix')} />}
            {topicGroups.map((group) => (
              <fieldset class="choices topic-group">
                <legend class="group-heading">{group.heading}</legend>
                {group.topics.map((topic) => (
                  <div class="choice">
                    <input
                      type="checkbox"
                      id={`topic-${topic.id}`}
                      name="topics"
                      value={topic.id}
                      checked={selectedTopics.includes(topic.id)}
                      aria-required="true"
                      aria-describedby={describedBy('topics-hint', topicError && 'topics-error')}
                      aria-invalid={topicError ? 'true' : undefined}
                    />
                    <label for={`topic-${topic.id}`}>{inContentLanguage(topic.label, language)}</label>
                  </div>
                ))}
              </fieldset>
            ))}
          </fieldset>
        </div>

        <div
          class={`field${messageError ? ' field-error' : ''}`}
          data-char-count
          data-max={String(LIMITS.message)}
          data-locale={LOCALES[language]}
          data-remaining={JSON.stringify(pluralTemplates(language, 'count.remaining'))}
          data-over={JSON.stringify(pluralTemplates(language, 'count.over'))}
        >
          <label for="message" class="label">
            {t('field.message.label')}
          </label>
          <p id="message-hint" class="hint">
            {t('field.message.hint', { max: LIMITS.message })} {t('field.message.voiceHint')}
          </p>
          {messageError && <ErrorMessage id="message-error" text={messageError} prefix={t('error.titlePrefix')} />}
          <textarea
            id="message"
            name="message"
            rows={10}
            spellcheck
            aria-required="true"
            aria-describedby={describedBy('message-hint', messageError && 'message-error')}
            aria-invalid={messageError ? 'true' : undefined}
          >
            {single(values.message)}
          </textarea>
          <p class="count-status" aria-hidden="true" data-count-visible />
          <p class="visually-hidden" aria-live="polite" data-count-live />
        </div>

        <VoiceField page={page} error={voiceError} days={t('protect.days', { n: retention.contactDays })} />

        <h2>{t('form.optionalHeading')}</h2>
        <p class="hint">{t('form.optionalHint')}</p>

        <div class={`field${regionError ? ' field-error' : ''}`}>
          <label for="region" class="label">
            {t('field.region.label')} <Optional text={t('form.optional')} />
          </label>
          {regionError && <ErrorMessage id="region-error" text={regionError} prefix={t('error.titlePrefix')} />}
          <select
            id="region"
            name="region"
            aria-describedby={regionError ? 'region-error' : undefined}
            aria-invalid={regionError ? 'true' : undefined}
          >
            <option value="">{t('field.region.none')}</option>
            {REGIONS.map((id) => (
              <option value={id} selected={single(values.region) === id}>
                {t(`region.${id}`)}
              </option>
            ))}
          </select>
        </div>

        {PREFER_NOT_FIELDS.map((field) => (
          <RadioGroup
            page={page}
            name={field}
            legend={t(`field.${field}.legend`)}
            optional
            options={[
              ...FIELD_TABLE[field].values.map((id) => ({
                value: id,
                id: `${field}-${id}`,
                label: t(valueLabel(field, id)),
              })),
              { value: NO_ANSWER, id: `${field}-none`, label: t('field.choice.none') },
            ]}
            checked={single(values[field])}
            error={error(field)}
          />
        ))}

        <div class={`field${organisationError ? ' field-error' : ''}`}>
          <label for="organisation" class="label">
            {t('field.organisation.label')} <Optional text={t('form.optional')} />
          </label>
          <p id="organisation-hint" class="hint">
            {t('field.organisation.hint')}
          </p>
          {organisationError && (
            <ErrorMessage id="organisation-error" text={organisationError} prefix={t('error.titlePrefix')} />
          )}
          <input
            type="text"
            id="organisation"
            name="organisation"
            autocomplete="organization"
            value={single(values.organisation)}
            aria-describedby={describedBy('organisation-hint', organisationError && 'organisation-error')}
            aria-invalid={organisationError ? 'true' : undefined}
          />
        </div>

        <RadioGroup
          page={page}
          name="quoteConsent"
          legend={t('field.quoteConsent.legend')}
          hint={t('field.quoteConsent.hint')}
          optional
          options={QUOTE_CONSENT_ANSWERS.map((id) => ({
            value: id,
            id: `quoteConsent-${id}`,
            label: t(`quoteConsent.${id}`),
          }))}
          checked={single(values.quoteConsent) || 'no'}
          error={error('quoteConsent')}
        />

        <div class={`field${emailError ? ' field-error' : ''}`}>
          <label for="email" class="label">
            {t('field.email.label')} <Optional text={t('form.optional')} />
          </label>
          <p id="email-hint" class="hint">
            {t('field.email.hint')}
          </p>
          {emailError && <ErrorMessage id="email-error" text={emailError} prefix={t('error.titlePrefix')} />}
          <input
            type="email"
            id="email"
            name="email"
            dir="ltr"
            autocomplete="email"
            spellcheck={false}
            value={single(values.email)}
            aria-describedby={describedBy('email-hint', emailError && 'email-error')}
            aria-invalid={emailError ? 'true' : undefined}
          />
        </div>

        {protect && (
          // A honeypot: hidden from sight and from assistive technology, out of the tab order;
          // anyone who reaches it anyway is told to leave it empty.
          <div class="visually-hidden" aria-hidden="true">
            <label for={PROTECT_FIELDS.honeypot}>{t('protect.honeypot.label')}</label>
            <input
              type="text"
              id={PROTECT_FIELDS.honeypot}
              name={PROTECT_FIELDS.honeypot}
              tabindex={-1}
              autocomplete="off"
              value=""
            />
          </div>
        )}

        <button type="submit" class="button">
          {t('form.submit')}
        </button>
        <SendStatus page={page} />
        <DraftKeep page={page} />
        {protect && <script src={assetPath('protect.js')} defer />}
      </form>
    </Layout>
  );
}

/**
 * What the sender (assets/send.js) says while it sends: a polite status, the upload's
 * progress and "Try again". Empty and hidden without JavaScript; its words wait in data-*.
 */
function SendStatus({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <div
      class="send-status"
      data-send-status
      data-sending={t('send.sending')}
      data-progress={t('send.progress')}
      data-offline={t('send.offline')}
      data-retrying={t('send.retrying')}
      data-draft-kept={t('draft.kept')}
      data-draft-restored={t('draft.restored')}
      data-draft-deleted={t('draft.deleted')}
      data-draft-wrong={t('draft.wrongCode')}
      data-draft-failed={t('draft.failed')}
    >
      <p id="send-say" role="status" />
      <progress max={1} value={0} aria-labelledby="send-say" hidden />
      <button type="button" class="button button-secondary" hidden>
        {t('send.retry')}
      </button>
    </div>
  );
}

/** Keeping a locked draft on this device: offered by send.js only, after its warning. */
function DraftKeep({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <section class="panel draft" data-draft aria-labelledby="draft-heading" hidden>
      <h2 id="draft-heading">
        {t('draft.heading')} <Optional text={t('form.optional')} />
      </h2>
      <p id="draft-warning">{t('draft.warning')}</p>
      <button
        type="button"
        id="draft-keep"
        class="button button-secondary"
        data-draft-keep
        aria-describedby="draft-warning"
      >
        {t('draft.keep')}
      </button>
      <p role="status" />
      <p hidden>
        {t('draft.codeLabel')}: <bdi dir="ltr" class="code-inline" data-draft-code />
      </p>
      <button type="button" class="button button-secondary" data-draft-delete hidden>
        {t('draft.delete')}
      </button>
    </section>
  );
}

/** A locked draft found on this device: its code opens it, or it is deleted. */
function DraftFound({ page }: { page: PageContext }) {
  const { t } = page;
  return (
    <section class="panel draft" data-draft-found aria-labelledby="draft-found-text" hidden>
      <p id="draft-found-text">{t('draft.found')}</p>
      <label for="draft-code" class="label">
        {t('draft.codeLabel')}
      </label>
      <input
        type="text"
        id="draft-code"
        class="code-input"
        dir="ltr"
        autocomplete="off"
        spellcheck={false}
        autocapitalize="characters"
      />
      <button type="button" class="button" data-draft-open>
        {t('draft.open')}
      </button>{' '}
      <button type="button" class="button button-secondary" data-draft-delete>
        {t('draft.delete')}
      </button>
      <p role="status" />
    </section>
  );
}

/**
 * The recording (issue 19). Without JavaScript, or without MediaRecorder (Tor Browser), a
 * file input; with both, site.js reveals "Record with your microphone", which loads the
 * recorder (assets/recorder.*.js) only when pressed, and the recorder puts its recording
 * into this same input, so one POST carries it either way.
 */
function VoiceField({ page, error, days }: { page: PageContext; error?: string | undefined; days: string }) {
  const { t, language } = page;
  return (
    <div class={`field${error ? ' field-error' : ''}`} data-voice data-recorder={assetPath(recorderAsset(language))}>
      <label for="voice" class="label">
        {t('field.voice.label')} <Optional text={t('form.optional')} />
      </label>
      <p id="voice-hint" class="hint">
        {t('field.voice.hint', { days })}
      </p>
      {error && (
        <ErrorMessage id="voice-error" text={`${error}. ${t('error.voice.again')}`} prefix={t('error.titlePrefix')} />
      )}
      <input
        type="file"
        id="voice"
        name="voice"
        accept="audio/*"
        aria-describedby={describedBy('voice-hint', error && 'voice-error')}
        aria-invalid={error ? 'true' : undefined}
      />
      <button type="button" class="button secondary" data-record-open hidden>
        {t('recorder.open')}
      </button>
    </div>
  );
}
