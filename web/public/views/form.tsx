import {
  ADDRESSEES,
  DEFAULT_RETENTION,
  DISABILITY_ANSWERS,
  type FieldErrors,
  GENDERS,
  LIMITS,
  LOCALES,
  type MessageKey,
  NO_ANSWER,
  type Params,
  PROTECT_FIELDS,
  pluralTemplates,
  publicPath,
  QUOTE_CONSENT_ANSWERS,
  REGIONS,
  type RetentionRules,
  type SubmissionField,
  TOPICS,
} from '#core';
import { assetPath } from '../assets/index.ts';
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
  switch (field) {
    case 'addressee':
      return `addressee-${ADDRESSEES[0]}`;
    case 'topics':
      return `topic-${TOPICS[0].id}`;
    case 'gender':
      return `gender-${GENDERS[0]}`;
    case 'disability':
      return `disability-${DISABILITY_ANSWERS[0]}`;
    case 'quoteConsent':
      return `quoteConsent-${QUOTE_CONSENT_ANSWERS[0]}`;
    case 'formToken':
      return 'addressee-ose';
    default:
      return field;
  }
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
  const topicGroups = [
    { key: 'ose', heading: t('field.topics.oseGroup'), topics: TOPICS.filter((x) => x.raisedFor === 'ose') },
    { key: 'donors', heading: t('field.topics.donorsGroup'), topics: TOPICS.filter((x) => x.raisedFor === 'donors') },
  ];

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
        novalidate
        accept-charset="utf-8"
        data-pow={protect?.challengeUrl}
        data-pow-worker={protect ? assetPath('pow-worker.js') : undefined}
        data-pow-checking={protect ? t('protect.pow.checking') : undefined}
      >
        <input type="hidden" name="formToken" value={formToken} />
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
                    <label for={`topic-${topic.id}`}>{topic.label[language]}</label>
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
            {t('field.message.hint', { max: LIMITS.message })}
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

        <RadioGroup
          page={page}
          name="gender"
          legend={t('field.gender.legend')}
          optional
          options={[
            ...GENDERS.map((id) => ({ value: id, id: `gender-${id}`, label: t(`gender.${id}`) })),
            { value: NO_ANSWER, id: 'gender-none', label: t('field.choice.none') },
          ]}
          checked={single(values.gender)}
          error={error('gender')}
        />

        <RadioGroup
          page={page}
          name="disability"
          legend={t('field.disability.legend')}
          optional
          options={[
            ...DISABILITY_ANSWERS.map((id) => ({ value: id, id: `disability-${id}`, label: t(`disability.${id}`) })),
            { value: NO_ANSWER, id: 'disability-none', label: t('field.choice.none') },
          ]}
          checked={single(values.disability)}
          error={error('disability')}
        />

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
        {protect && <script src={assetPath('protect.js')} defer />}
      </form>
    </Layout>
  );
}
