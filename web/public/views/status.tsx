import {
  groupCode,
  INBOXES,
  joinAnd,
  type MessageKey,
  type Params,
  RECEIPT_LENGTH,
  REFERENCE_LENGTH,
  type StatusField,
  type Timeline,
  type TimelineEvent,
} from '#core';
import { easyReadPath, formatDate, isoDay, outcomesPath } from '../page.tsx';
import { describedBy, ErrorSummary, FieldError } from './errors.tsx';
import { Layout, type PageContext } from './layout.tsx';

export interface StatusFormProps {
  page: PageContext;
  action: string;
  /** The reference as typed or prefilled; the receipt is never written back into the page. */
  reference?: string;
  errors?: Partial<Record<StatusField, string>>;
  /** A problem with the pair or the rate of tries, not with one field's format. */
  notice?: { key: MessageKey; params?: Params; target?: StatusField };
  /** Information that is not an error (e.g. a result that was shown once already). */
  info?: MessageKey;
}

const LENGTHS: Record<StatusField, number> = { reference: REFERENCE_LENGTH, receipt: RECEIPT_LENGTH };

function CodeField(props: { page: PageContext; name: StatusField; value?: string; error?: string }) {
  const { page, name, value, error } = props;
  const { t } = page;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={name} class="label">
        {t(`status.${name}.label`)}
      </label>
      <p id={`${name}-hint`} class="hint">
        {t(`status.${name}.hint`, { n: LENGTHS[name] })}
      </p>
      {error && errorId && <FieldError page={page} id={errorId} text={error} />}
      <input
        type="text"
        id={name}
        name={name}
        class="code-input"
        dir="ltr"
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        value={value ?? ''}
        aria-describedby={describedBy(`${name}-hint`, errorId)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

/** The lookup form: reference and receipt code, both in Latin letters, read left to right. */
export function StatusFormPage({ page, action, reference, errors = {}, notice, info }: StatusFormProps) {
  const { t } = page;
  const message = (field: StatusField) => {
    const key = errors[field];
    if (key) return t(key as MessageKey, { n: LENGTHS[field] });
    return notice?.target === field ? t(notice.key, notice.params) : undefined;
  };
  const items = [
    ...(notice && !notice.target ? [{ text: t(notice.key, notice.params) }] : []),
    ...(['reference', 'receipt'] as const)
      .map((field) => ({ field, text: message(field) }))
      .filter((item): item is { field: StatusField; text: string } => Boolean(item.text))
      .map(({ field, text }) => ({ text, target: field })),
  ];
  return (
    <Layout page={page} title={t('status.title')} hasErrors={items.length > 0}>
      {items.length > 0 && <ErrorSummary page={page} items={items} />}
      <h1>{t('status.title')}</h1>
      {info && (
        <div class="panel" role="status">
          <p>{t(info)}</p>
        </div>
      )}
      <p class="lead">{t('status.intro')}</p>
      <form method="post" action={action} novalidate accept-charset="utf-8">
        <CodeField page={page} name="reference" value={reference} error={message('reference')} />
        <CodeField page={page} name="receipt" error={message('receipt')} />
        <button type="submit" class="button">
          {t('status.submit')}
        </button>
      </form>
      <details class="panel status-help">
        <summary>{t('status.lost.summary')}</summary>
        <p>{t('status.lost.body')}</p>
      </details>
      <p>
        <a href={easyReadPath(page.language)}>{t('easyRead.link')}</a>
      </p>
    </Layout>
  );
}

/** A step in words; sending names each inbox it went to (packages/core/inboxes.ts), whichever they are. */
function eventText(page: PageContext, event: TimelineEvent): string {
  const { t, language } = page;
  if (event.step !== 'sent') return t(`status.event.${event.step}`);
  const [only = INBOXES[0], ...more] = event.to ?? [];
  if (more.length === 0) return t(`status.event.sent.${only}`);
  const to = joinAnd(
    language,
    [only, ...more].map((inbox) => t(`status.inbox.${inbox}`)),
  );
  return t('status.event.sent.several', { to });
}

function When({ page, at }: { page: PageContext; at: string }) {
  return <time datetime={isoDay(at)}>{formatDate(page.language, at)}</time>;
}

/** Paragraphs of a staff reply, each isolated so its direction never upsets the page's. */
const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean);

export interface StatusResultProps {
  page: PageContext;
  reference: string;
  timeline: Timeline;
  lookupPath: string;
  /** The consent to be quoted in briefs, and the form that changes it (issue 16). */
  consent?: { action: string; given: boolean; expires: number; token: string; changed?: 'yes' | 'no' | undefined };
}

/** What happened to the input, in plain words: where it is now, any answer, then the history. */
function ConsentSection({
  page,
  reference,
  consent,
}: {
  page: PageContext;
  reference: string;
  consent: NonNullable<StatusResultProps['consent']>;
}) {
  const { t } = page;
  return (
    <section aria-labelledby="consent-heading">
      <h2 id="consent-heading">{t('consent.heading')}</h2>
      {consent.changed && (
        <div class="panel" role="status">
          <p>{t(consent.changed === 'yes' ? 'consent.done.yes' : 'consent.done.no')}</p>
        </div>
      )}
      <p data-consent={consent.given ? 'yes' : 'no'}>{t(consent.given ? 'consent.now.yes' : 'consent.now.no')}</p>
      <form method="post" action={consent.action} accept-charset="utf-8">
        <input type="hidden" name="reference" value={reference} />
        <input type="hidden" name="expires" value={String(consent.expires)} />
        <input type="hidden" name="token" value={consent.token} />
        <input type="hidden" name="consent" value={consent.given ? 'no' : 'yes'} />
        <button type="submit" class="button">
          {t(consent.given ? 'consent.submit.no' : 'consent.submit.yes')}
        </button>
      </form>
    </section>
  );
}

export function StatusResultPage({ page, reference, timeline, lookupPath, consent }: StatusResultProps) {
  const { t } = page;
  const { current, events, reply } = timeline;
  return (
    <Layout page={page} title={t('status.result.title')}>
      <h1>{t('status.result.title')}</h1>
      <p>
        {t('status.result.reference')}:{' '}
        <bdi dir="ltr" class="code-inline" data-reference>
          {groupCode(reference)}
        </bdi>
      </p>

      <h2>{t('status.now.heading')}</h2>
      <div class="panel status-now" data-stage={current}>
        <p>
          <strong>{t(`status.now.${current}.title`)}</strong>
        </p>
        <p>{t(`status.now.${current}.body`)}</p>
      </div>

      {reply && (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading">{t('status.reply.heading')}</h2>
          <div class="reply" data-reply>
            {paragraphs(reply.text).map((part) => (
              <p>
                <bdi dir="auto">{part}</bdi>
              </p>
            ))}
          </div>
          <p class="hint">{t('status.reply.date', { date: formatDate(page.language, reply.at) })}</p>
        </section>
      )}

      {consent && <ConsentSection page={page} reference={reference} consent={consent} />}

      <h2>{t('status.history.heading')}</h2>
      <p class="hint">{t('status.history.hint')}</p>
      <ol class="timeline">
        {events.map((event) => (
          <li data-step={event.step}>
            <span class="timeline-step">{eventText(page, event)}</span>{' '}
            <span class="timeline-date">
              <When page={page} at={event.at} />
            </span>
          </li>
        ))}
      </ol>

      <p class="warning">{t('status.privacy')}</p>
      <ul class="link-list">
        <li>
          <a href={lookupPath}>{t('status.another')}</a>
        </li>
        <li>
          <a href={outcomesPath(page.language)}>{t('outcomes.nav')}</a>
        </li>
      </ul>
    </Layout>
  );
}
