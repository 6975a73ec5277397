import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import {
  ADDRESSEES,
  autonymOf,
  DISABILITY_ANSWERS,
  GENDERS,
  LIMITS,
  NO_ANSWER,
  REGIONS,
  TOPICS,
  translator,
} from '#core';

/**
 * The reference: Mashura's English form built the way a GOV.UK Frontend service would
 * build it, from the package's own template and component markup (dist/govuk/template.njk
 * and each component's fixtures), with the same fields, the same copy and the same states.
 * Only the framework differs, so the page-weight comparison measures the framework.
 */
const t = translator('en');

/** The template's own inline snippet, verbatim. */
const TEMPLATE_BODY_SCRIPT =
  "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";

export type ReferenceErrors = Partial<Record<'addressee' | 'topics' | 'message', string>>;

function Template({ title, children }: { title: string; children: Child }) {
  return (
    <html lang="en" class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d70b8" />
        <link rel="icon" sizes="48x48" href="/assets/images/favicon.ico" />
        <link rel="icon" sizes="any" href="/assets/images/favicon.svg" type="image/svg+xml" />
        <link rel="mask-icon" href="/assets/images/govuk-icon-mask.svg" color="#1d70b8" />
        <link rel="apple-touch-icon" href="/assets/images/govuk-icon-180.png" />
        <link rel="manifest" href="/assets/manifest.json" />
        <link rel="stylesheet" href="/assets/govuk-frontend.min.css" />
      </head>
      <body class="govuk-template__body">
        <script>{raw(TEMPLATE_BODY_SCRIPT)}</script>
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
          {t('nav.skip')}
        </a>
        <header class="govuk-template__header">
          <section
            aria-label="Service information"
            class="govuk-service-navigation"
            data-module="govuk-service-navigation"
          >
            <div class="govuk-width-container">
              <div class="govuk-service-navigation__container">
                <span class="govuk-service-navigation__service-name">
                  <a href="/" class="govuk-service-navigation__link">
                    {t('site.name')}
                  </a>
                </span>
              </div>
              <nav class="govuk-language-navigation" aria-label="Language navigation">
                <ul class="govuk-language-navigation__list">
                  <li class="govuk-language-navigation__list-item">
                    <span class="govuk-language-navigation__text" lang="en" aria-current="true">
                      English
                    </span>
                  </li>
                  <li class="govuk-language-navigation__list-item">
                    <a class="govuk-language-navigation__link" href="/ar" lang="ar" hreflang="ar" rel="alternate">
                      {autonymOf('ar')}
                    </a>
                  </li>
                </ul>
              </nav>
            </div>
          </section>
        </header>
        <div class="govuk-width-container">
          <div class="govuk-exit-this-page" data-module="govuk-exit-this-page">
            {/* biome-ignore lint/a11y/useSemanticElements: GOV.UK Frontend's own Exit this page markup, verbatim */}
            <a
              href="https://www.google.com/"
              role="button"
              draggable="false"
              class="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button"
              data-module="govuk-button"
              rel="nofollow noreferrer"
            >
              <span class="govuk-visually-hidden">Emergency</span> {t('exit.label')}
            </a>
          </div>
          <main class="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer class="govuk-template__footer">
          <div class="govuk-footer">
            <div class="govuk-width-container">
              <div class="govuk-footer__meta">
                <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">{t('site.tagline')}</div>
              </div>
            </div>
          </div>
        </footer>
        <script type="module" src="/assets/init.js" />
      </body>
    </html>
  );
}

function ErrorMessage({ id, text }: { id: string; text?: string }) {
  if (!text) return null;
  return (
    <p id={id} class="govuk-error-message">
      <span class="govuk-visually-hidden">{t('error.titlePrefix')}</span> {text}
    </p>
  );
}

type Option = { value: string; label: string; id: string };

function Radios({ name, legend, options, error }: { name: string; legend: string; options: Option[]; error?: string }) {
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={error ? `${name}-error` : undefined}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        <ErrorMessage id={`${name}-error`} text={error} />
        <div class="govuk-radios" data-module="govuk-radios">
          {options.map((option) => (
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id={option.id} name={name} type="radio" value={option.value} />
              <label class="govuk-label govuk-radios__label" for={option.id}>
                {option.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function ReferenceForm({ errors = {} }: { errors?: ReferenceErrors }) {
  const fields = Object.entries(errors);
  const targets: Record<string, string> = {
    addressee: 'addressee-ose',
    topics: `topic-${TOPICS[0].id}`,
    message: 'message',
  };
  const groups = [
    { heading: t('field.topics.oseGroup'), topics: TOPICS.filter((x) => x.raisedFor === 'ose') },
    { heading: t('field.topics.donorsGroup'), topics: TOPICS.filter((x) => x.raisedFor === 'donors') },
  ];
  return (
    <Template title={`${fields.length ? `${t('error.titlePrefix')} ` : ''}${t('form.title')} – ${t('site.name')}`}>
      {fields.length > 0 && (
        <div class="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 class="govuk-error-summary__title">{t('error.summary.title')}</h2>
            <div class="govuk-error-summary__body">
              <ul class="govuk-list govuk-error-summary__list">
                {fields.map(([field, text]) => (
                  <li>
                    <a href={`#${targets[field]}`}>{text}</a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      )}
      <h1 class="govuk-heading-l">{t('form.title')}</h1>
      <p class="govuk-body-l">{t('form.intro')}</p>
      <div class="govuk-inset-text">
        <h2 class="govuk-heading-s">{t('form.anonymous.heading')}</h2>
        <p class="govuk-body">{t('form.anonymous.body')}</p>
      </div>
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">{t('form.data.heading')}</span>
        </summary>
        <div class="govuk-details__text">{t('form.data.body')}</div>
      </details>
      <form method="post" action="/" novalidate>
        <Radios
          name="addressee"
          legend={t('field.addressee.legend')}
          options={ADDRESSEES.map((id) => ({ value: id, id: `addressee-${id}`, label: t(`addressee.${id}`) }))}
          error={errors.addressee}
        />
        <div class={`govuk-form-group${errors.topics ? ' govuk-form-group--error' : ''}`}>
          <fieldset class="govuk-fieldset" aria-describedby={`topics-hint${errors.topics ? ' topics-error' : ''}`}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{t('field.topics.legend')}</legend>
            <div id="topics-hint" class="govuk-hint">
              {t('field.topics.hint')}
            </div>
            <ErrorMessage id="topics-error" text={errors.topics} />
            {groups.map((group) => (
              <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{group.heading}</legend>
                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  {group.topics.map((topic) => (
                    <div class="govuk-checkboxes__item">
                      <input
                        class="govuk-checkboxes__input"
                        id={`topic-${topic.id}`}
                        name="topics"
                        type="checkbox"
                        value={topic.id}
                      />
                      <label class="govuk-label govuk-checkboxes__label" for={`topic-${topic.id}`}>
                        {topic.label.en}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            ))}
          </fieldset>
        </div>
        <div
          class={`govuk-form-group govuk-character-count${errors.message ? ' govuk-form-group--error' : ''}`}
          data-module="govuk-character-count"
          data-maxlength={String(LIMITS.message)}
        >
          <label class="govuk-label govuk-label--m" for="message">
            {t('field.message.label')}
          </label>
          <div id="message-hint" class="govuk-hint">
            {t('field.message.hint', { max: LIMITS.message })}
          </div>
          <ErrorMessage id="message-error" text={errors.message} />
          <textarea
            class={`govuk-textarea govuk-js-character-count${errors.message ? ' govuk-textarea--error' : ''}`}
            id="message"
            name="message"
            rows={10}
            aria-describedby={`message-info message-hint${errors.message ? ' message-error' : ''}`}
          />
          <div id="message-info" class="govuk-hint govuk-character-count__message">
            You can enter up to {LIMITS.message} characters
          </div>
        </div>
        <h2 class="govuk-heading-m">{t('form.optionalHeading')}</h2>
        <p class="govuk-body">{t('form.optionalHint')}</p>
        <div class="govuk-form-group">
          <label class="govuk-label" for="region">
            {t('field.region.label')} ({t('form.optional')})
          </label>
          <select class="govuk-select" id="region" name="region">
            <option value="">{t('field.region.none')}</option>
            {REGIONS.map((id) => (
              <option value={id}>{t(`region.${id}`)}</option>
            ))}
          </select>
        </div>
        <Radios
          name="gender"
          legend={`${t('field.gender.legend')} (${t('form.optional')})`}
          options={[
            ...GENDERS.map((id) => ({ value: id, id: `gender-${id}`, label: t(`gender.${id}`) })),
            { value: NO_ANSWER, id: 'gender-none', label: t('field.choice.none') },
          ]}
        />
        <Radios
          name="disability"
          legend={`${t('field.disability.legend')} (${t('form.optional')})`}
          options={[
            ...DISABILITY_ANSWERS.map((id) => ({ value: id, id: `disability-${id}`, label: t(`disability.${id}`) })),
            { value: NO_ANSWER, id: 'disability-none', label: t('field.choice.none') },
          ]}
        />
        <div class="govuk-form-group">
          <label class="govuk-label" for="organisation">
            {t('field.organisation.label')} ({t('form.optional')})
          </label>
          <div id="organisation-hint" class="govuk-hint">
            {t('field.organisation.hint')}
          </div>
          <input
            class="govuk-input"
            id="organisation"
            name="organisation"
            type="text"
            autocomplete="organization"
            aria-describedby="organisation-hint"
          />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="email">
            {t('field.email.label')} ({t('form.optional')})
          </label>
          <div id="email-hint" class="govuk-hint">
            {t('field.email.hint')}
          </div>
          <input
            class="govuk-input"
            id="email"
            name="email"
            type="email"
            spellcheck={false}
            autocomplete="email"
            aria-describedby="email-hint"
          />
        </div>
        <button type="submit" class="govuk-button" data-module="govuk-button">
          {t('form.submit')}
        </button>
      </form>
    </Template>
  );
}

export function ReferenceConfirmation({ reference, receipt }: { reference: string; receipt: string }) {
  return (
    <Template title={`${t('sent.title')} – ${t('site.name')}`}>
      <div class="govuk-panel govuk-panel--confirmation">
        <h1 class="govuk-panel__title">{t('sent.title')}</h1>
        <div class="govuk-panel__body">
          {t('sent.reference.label')}
          <br />
          <strong>{reference}</strong>
          <br />
          {t('sent.receipt.label')}
          <br />
          <strong>{receipt}</strong>
        </div>
      </div>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong class="govuk-warning-text__text">{t('sent.receipt.warning')}</strong>
      </div>
      <h2 class="govuk-heading-m">{t('sent.next.heading')}</h2>
      <ol class="govuk-list govuk-list--number">
        <li>{t('sent.next.stored')}</li>
        <li>{t('sent.next.routed.ose')}</li>
        <li>{t('sent.next.review')}</li>
      </ol>
      <p class="govuk-body">
        <a href="/" class="govuk-link">
          {t('sent.another')}
        </a>
      </p>
    </Template>
  );
}
