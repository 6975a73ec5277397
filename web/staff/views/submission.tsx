import {
  type AuditEvent,
  answerLabel,
  type Contact,
  canSeeContact,
  canSeePersonalAnswers,
  type DecisionAction,
  findTopic,
  inContentLanguage,
  isInbox,
  joinAnd,
  languageName,
  mayDecide,
  minutesAndSeconds,
  type OptionalAnswerField,
  PERSONAL_ANSWER_FIELDS,
  ROUTE_CHOICES,
  SHARED_OPTIONAL_ANSWERS,
  type StaffMember,
  type SubmissionRecord,
  type SubmissionStatus,
  staffFieldLabel,
  TRANSITIONS,
} from '#core';
import type { GroupSummary } from '#store';
import type { StaffPage } from '../context.ts';
import { SimilarSection } from './group.tsx';
import { StaffLayout } from './layout.tsx';
import {
  CsrfField,
  ErrorSummary,
  FieldError,
  Notice,
  Reference,
  SLOT,
  TableRegion,
  Time,
  UserText,
  withSlot,
} from './parts.tsx';

export interface DecisionError {
  action: DecisionAction;
  target: string;
  text: string;
}

/** What the person typed or chose, kept when a decision is refused. */
export interface DecisionValues {
  note?: string;
  reply?: string;
  nextStatus?: string;
  statusTo?: string;
  assignTo?: string;
  routeTo?: string;
  transcript?: string;
}

export interface SubmissionPageProps {
  page: StaffPage;
  record: SubmissionRecord;
  colleagues: StaffMember[];
  contact?: Contact | undefined;
  notice?: string[] | undefined;
  error?: DecisionError | undefined;
  values?: DecisionValues;
  /** Its near-duplicate group, when it has one (issue 15). */
  similar?: { group: GroupSummary; members: SubmissionRecord[] } | undefined;
}

const statusText = (page: StaffPage, status: string) => page.t(`staff.status.${status as SubmissionStatus}`) ?? status;

const inboxes = (page: StaffPage, route: string | readonly string[]) =>
  joinAnd(
    page.language,
    (typeof route === 'string' ? route.split('+') : route)
      .filter(isInbox)
      .map((inbox) => page.t(`staff.submission.inbox.${inbox}`)),
  );

function describeEvent(page: StaffPage, event: AuditEvent): string {
  const { t } = page;
  const detail = event.detail ?? {};
  const nobody = t('staff.queue.unassigned');
  switch (event.action) {
    case 'status':
      return t('staff.audit.status', {
        from: statusText(page, detail.from ?? ''),
        to: statusText(page, detail.to ?? ''),
      });
    case 'assign':
      return t('staff.audit.assign', { from: detail.from || nobody, to: detail.to || nobody });
    case 'reroute':
      return t('staff.audit.reroute', { from: inboxes(page, detail.from ?? ''), to: inboxes(page, detail.to ?? '') });
    case 'routed':
      return t('staff.audit.routed', { to: inboxes(page, detail.to ?? '') });
    case 'reply':
      return t(detail.replaced ? 'staff.audit.replyReplaced' : 'staff.audit.reply');
    default:
      return t(`staff.audit.${event.action}`);
  }
}

function deliveryLabel(page: StaffPage, key: string): string {
  const { t } = page;
  if (key === 'inbox-ose' || key === 'inbox-donors' || key === 'acknowledgement')
    return t(`staff.submission.delivery.${key}`);
  const outcome = /^outcome-(\d+)$/.exec(key);
  if (outcome) return t('staff.submission.delivery.outcome', { n: Number(outcome[1]) });
  if (key.startsWith('reminder-')) return t('staff.submission.delivery.reminder');
  return key;
}

/** One optional answer (packages/core/fields.ts): its label, and its value in words or "not given". */
function Answer({ page, field, value }: { page: StaffPage; field: OptionalAnswerField; value: string | undefined }) {
  const { t } = page;
  const key = answerLabel(field, value);
  return (
    <>
      <dt>{t(staffFieldLabel(field))}</dt>
      <dd>{value ? key ? t(key) : <bdi dir="auto">{value}</bdi> : t('staff.submission.notGiven')}</dd>
    </>
  );
}

function Details({ page, record }: { page: StaffPage; record: SubmissionRecord }) {
  const { t, language } = page;
  const personal = page.staff ? canSeePersonalAnswers(page.staff) : false;
  return (
    <dl class="meta">
      <dt>{t('staff.submission.reference')}</dt>
      <dd>
        <Reference reference={record.reference} />
      </dd>
      <dt>{t('staff.submission.received')}</dt>
      <dd>
        <Time language={language} iso={record.createdAt} />
      </dd>
      <dt>{t('staff.submission.status')}</dt>
      <dd>
        {record.statusChangedAt ? (
          <>
            {statusText(page, record.status)} (<Time language={language} iso={record.statusChangedAt} />)
          </>
        ) : (
          statusText(page, record.status)
        )}
      </dd>
      <dt>{t('staff.queue.col.urgency')}</dt>
      <dd>
        {record.urgent ? <span class="badge badge-urgent">{t('staff.queue.urgent')}</span> : t('staff.queue.notUrgent')}
      </dd>
      <dt>{t('staff.submission.addressee')}</dt>
      <dd>{t(`addressee.${record.addressee}`)}</dd>
      <dt>{t('staff.submission.routedTo')}</dt>
      <dd>
        {record.routing === 'routed' ? inboxes(page, record.routedTo ?? []) : t('staff.submission.routing.pending')}
      </dd>
      <dt>{t('staff.submission.topics')}</dt>
      <dd>
        <ul>
          {record.topics.map((id) => (
            <li>{inContentLanguage(findTopic(id)?.label, language) ?? id}</li>
          ))}
        </ul>
      </dd>
      <dt>{t('staff.submission.language')}</dt>
      <dd>{languageName(record.language, language)}</dd>
      {SHARED_OPTIONAL_ANSWERS.map((field) => (
        <Answer page={page} field={field} value={record[field]} />
      ))}
      <dt>{t('staff.submission.quoteConsent')}</dt>
      <dd data-quote-consent={record.quoteConsent ? 'yes' : 'no'}>
        {t(record.quoteConsent ? 'briefs.consent.yes' : 'briefs.consent.no')}
      </dd>
      {personal && (
        <>
          {PERSONAL_ANSWER_FIELDS.map((field) => (
            <Answer page={page} field={field} value={record[field]} />
          ))}
          <dt>{t('staff.submission.email')}</dt>
          <dd>{t(record.hasEmail ? 'staff.submission.yes' : 'staff.submission.no')}</dd>
        </>
      )}
      <dt>{t('staff.submission.assignee')}</dt>
      <dd>{record.assignee ? <bdi dir="ltr">{record.assignee}</bdi> : t('staff.queue.unassigned')}</dd>
    </dl>
  );
}

function ContactSection({
  page,
  record,
  contact,
}: {
  page: StaffPage;
  record: SubmissionRecord;
  contact?: Contact | undefined;
}) {
  const { t, base } = page;
  if (!page.staff || !canSeeContact(page.staff)) return null;
  return (
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t('staff.submission.contact')}</h2>
      {!record.contactCiphertext ? (
        <p>{t('staff.submission.contactNone')}</p>
      ) : contact ? (
        <div class="notice" role="status">
          <p>
            <strong>{t('staff.submission.contactShown')}</strong>
          </p>
          <dl class="meta">
            <dt>{t('staff.submission.contactEmail')}</dt>
            <dd>{contact.email ? <bdi dir="ltr">{contact.email}</bdi> : t('staff.submission.notGiven')}</dd>
            <dt>{t('staff.submission.contactOrganisation')}</dt>
            <dd>
              {contact.organisation ? <bdi dir="auto">{contact.organisation}</bdi> : t('staff.submission.notGiven')}
            </dd>
          </dl>
        </div>
      ) : (
        <form method="post" action={`${base}/submissions/${record.reference}/contact`}>
          <CsrfField page={page} />
          <p id="contact-hint" class="hint">
            {t('staff.submission.contactHint')}
          </p>
          <button type="submit" class="button secondary" aria-describedby="contact-hint">
            {t('staff.submission.contactShow')}
          </button>
        </form>
      )}
    </section>
  );
}

interface ActionProps {
  page: StaffPage;
  record: SubmissionRecord;
  error?: DecisionError | undefined;
  values: DecisionValues;
}

/** The hidden fields every decision form carries: which decision, on which version, and the token. */
function DecisionForm({
  page,
  record,
  action,
  children,
}: {
  page: StaffPage;
  record: SubmissionRecord;
  action: DecisionAction;
  children: unknown;
}) {
  return (
    <form method="post" action={`${page.base}/submissions/${record.reference}/decide`} class="action" novalidate>
      <CsrfField page={page} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="version" value={String(record.version)} />
      {children}
    </form>
  );
}

const errorFor = (error: DecisionError | undefined, target: string) => (error?.target === target ? error : undefined);

function StatusAction({ page, record, error, values }: ActionProps) {
  const { t } = page;
  const allowed = TRANSITIONS[record.status];
  const fieldError = errorFor(error, 'status-to');
  return (
    <DecisionForm page={page} record={record} action="status">
      <h3>{t('staff.action.status.legend')}</h3>
      {allowed.length === 0 ? (
        <p>{t('staff.action.status.none')}</p>
      ) : (
        <>
          <div class={`field${fieldError ? ' field-error' : ''}`}>
            <label for="status-to" class="label">
              {t('staff.action.status.label')}
            </label>
            {fieldError && <FieldError page={page} id="status-to-error" text={fieldError.text} />}
            <select id="status-to" name="to" aria-describedby={fieldError ? 'status-to-error' : undefined}>
              {allowed.map((status) => (
                <option value={status} selected={values.statusTo === status}>
                  {statusText(page, status)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            {t('staff.action.status.submit')}
          </button>
        </>
      )}
    </DecisionForm>
  );
}

function AssignAction({ page, record, error, values, colleagues }: ActionProps & { colleagues: StaffMember[] }) {
  const { t } = page;
  const fieldError = errorFor(error, 'assign-to');
  const current = values.assignTo ?? record.assignee ?? '';
  return (
    <DecisionForm page={page} record={record} action="assign">
      <h3>{t('staff.action.assign.legend')}</h3>
      <div class={`field${fieldError ? ' field-error' : ''}`}>
        <label for="assign-to" class="label">
          {t('staff.action.assign.label')}
        </label>
        {fieldError && <FieldError page={page} id="assign-to-error" text={fieldError.text} />}
        <select id="assign-to" name="to" dir="ltr" aria-describedby={fieldError ? 'assign-to-error' : undefined}>
          <option value="" dir="auto">
            {t('staff.action.assign.nobody')}
          </option>
          {colleagues.map((member) => (
            <option value={member.email} selected={current === member.email}>
              {member.email}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        {t('staff.action.assign.submit')}
      </button>
    </DecisionForm>
  );
}

function RerouteAction({ page, record, error, values }: ActionProps) {
  const { t } = page;
  const fieldError = errorFor(error, 'route-ose');
  const routed = [...(record.routedTo ?? [])].sort().join('+');
  const current = values.routeTo ?? (routed === 'donors+ose' ? 'both' : routed);
  return (
    <DecisionForm page={page} record={record} action="reroute">
      <div class={`field${fieldError ? ' field-error' : ''}`}>
        <fieldset aria-describedby={`reroute-hint${fieldError ? ' route-error' : ''}`}>
          <legend>
            <h3 class="legend-heading">{t('staff.action.reroute.legend')}</h3>
          </legend>
          <p id="reroute-hint" class="hint">
            {record.routing === 'routed' ? t('staff.action.reroute.hint') : t('staff.submission.routing.pending')}
          </p>
          {fieldError && <FieldError page={page} id="route-error" text={fieldError.text} />}
          {ROUTE_CHOICES.map((choice) => (
            <div class="choice">
              <input type="radio" id={`route-${choice}`} name="to" value={choice} checked={current === choice} />
              <label for={`route-${choice}`}>{t(`staff.action.reroute.${choice}`)}</label>
            </div>
          ))}
        </fieldset>
      </div>
      <button type="submit" class="button">
        {t('staff.action.reroute.submit')}
      </button>
    </DecisionForm>
  );
}

/**
 * The voice recording (issue 19): a native player, with no autoplay and nothing fetched until
 * it is played (`preload="none"`, so opening the page is not listening), streamed by the
 * staff app after the same check as the page; and the staff-written transcript.
 */
function VoiceSection({ page, record, error, values, may }: ActionProps & { may: boolean }) {
  const { t, language } = page;
  if (!record.voice && !record.transcript) return null;
  const voice = record.voice;
  const fieldError = errorFor(error, 'transcript-text');
  const duration =
    voice?.seconds === undefined
      ? t('staff.voice.unknownLength')
      : t('staff.voice.duration', minutesAndSeconds(voice.seconds));
  return (
    <section aria-labelledby="voice-heading">
      <h2 id="voice-heading">{t('staff.voice.heading')}</h2>
      {voice ? (
        <>
          <p id="voice-meta">{t('staff.voice.meta', { duration, type: voice.type })}</p>
          {/* biome-ignore lint/a11y/useMediaCaption: audio only, with no timed text to caption; its text alternative (WCAG 1.2.1) is the staff-written transcript below. */}
          <audio
            controls
            preload="none"
            src={`${page.base}/submissions/${record.reference}/voice`}
            aria-labelledby="voice-heading"
            aria-describedby="voice-meta voice-hint"
          />
          <p id="voice-hint" class="hint">
            {t('staff.voice.hint')}
          </p>
        </>
      ) : (
        <p>{t('staff.voice.gone')}</p>
      )}
      <h3>{t('staff.voice.transcript.label')}</h3>
      {record.transcript ? (
        <>
          <UserText text={record.transcript.text} />
          <p class="hint">
            {withSlot(
              t('staff.voice.transcript.by', { by: record.transcript.by, date: SLOT }),
              <Time language={language} iso={record.transcript.at} />,
            )}
          </p>
        </>
      ) : (
        <p>{t('staff.voice.transcript.none')}</p>
      )}
      {may && (
        <DecisionForm page={page} record={record} action="transcript">
          <div class={`field${fieldError ? ' field-error' : ''}`}>
            <label for="transcript-text" class="label">
              {t('staff.voice.transcript.label')}
            </label>
            <p id="transcript-hint" class="hint">
              {t('staff.voice.transcript.hint')}
            </p>
            {fieldError && <FieldError page={page} id="transcript-error" text={fieldError.text} />}
            <textarea
              id="transcript-text"
              name="text"
              rows={6}
              dir="auto"
              aria-describedby={`transcript-hint${fieldError ? ' transcript-error' : ''}`}
              aria-invalid={fieldError ? 'true' : undefined}
            >
              {values.transcript ?? record.transcript?.text ?? ''}
            </textarea>
          </div>
          <button type="submit" class="button">
            {t('staff.voice.transcript.save')}
          </button>
        </DecisionForm>
      )}
    </section>
  );
}

function NoteAction({ page, record, error, values }: ActionProps) {
  const { t } = page;
  const fieldError = errorFor(error, 'note-text');
  return (
    <DecisionForm page={page} record={record} action="note">
      <div class={`field${fieldError ? ' field-error' : ''}`}>
        <h3 class="legend-heading">
          <label for="note-text">{t('staff.action.note.label')}</label>
        </h3>
        <p id="note-hint" class="hint">
          {t('staff.action.note.hint')}
        </p>
        {fieldError && <FieldError page={page} id="note-error" text={fieldError.text} />}
        <textarea
          id="note-text"
          name="text"
          rows={4}
          aria-describedby={`note-hint${fieldError ? ' note-error' : ''}`}
          aria-invalid={fieldError ? 'true' : undefined}
        >
          {values.note ?? ''}
        </textarea>
      </div>
      <button type="submit" class="button">
        {t('staff.action.note.submit')}
      </button>
    </DecisionForm>
  );
}

function ReplyAction({ page, record, error, values }: ActionProps) {
  const { t } = page;
  const textError = errorFor(error, 'reply-text');
  const thenError = errorFor(error, 'reply-then');
  const allowed = TRANSITIONS[record.status];
  return (
    <DecisionForm page={page} record={record} action="reply">
      <div class={`field${textError ? ' field-error' : ''}`}>
        <h3 class="legend-heading">
          <label for="reply-text">{t('staff.action.reply.label')}</label>
        </h3>
        <p id="reply-hint" class="hint">
          {t('staff.action.reply.hint')}
        </p>
        {textError && <FieldError page={page} id="reply-error" text={textError.text} />}
        <textarea
          id="reply-text"
          name="text"
          rows={6}
          aria-describedby={`reply-hint${textError ? ' reply-error' : ''}`}
          aria-invalid={textError ? 'true' : undefined}
        >
          {values.reply ?? record.publicReply?.text ?? ''}
        </textarea>
      </div>
      <div class={`field${thenError ? ' field-error' : ''}`}>
        <label for="reply-then" class="label">
          {t('staff.action.reply.then')}
        </label>
        {thenError && <FieldError page={page} id="reply-then-error" text={thenError.text} />}
        <select id="reply-then" name="after" aria-describedby={thenError ? 'reply-then-error' : undefined}>
          <option value="">{t('staff.action.reply.keep', { status: statusText(page, record.status) })}</option>
          {allowed.map((status) => (
            <option value={status} selected={values.nextStatus === status}>
              {statusText(page, status)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        {t('staff.action.reply.submit')}
      </button>
    </DecisionForm>
  );
}

function Deliveries({ page, record }: { page: StaffPage; record: SubmissionRecord }) {
  const { t, language } = page;
  const keys = [...new Set([...Object.keys(record.deliveries ?? {}), ...Object.keys(record.deliveryFailures ?? {})])];
  if (keys.length === 0) return <p>{t('staff.submission.mailNone')}</p>;
  return (
    <TableRegion labelledBy="mail-caption">
      <table class="data">
        <caption id="mail-caption">{t('staff.submission.mail')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.submission.mailKey')}</th>
            <th scope="col">{t('staff.submission.mailState')}</th>
            <th scope="col">{t('staff.submission.mailAt')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const delivery = record.deliveries?.[key];
            const failure = record.deliveryFailures?.[key];
            return (
              <tr>
                <th scope="row">{deliveryLabel(page, key)}</th>
                <td>
                  {delivery?.state === 'sent'
                    ? t('staff.submission.mailSent')
                    : failure
                      ? t('staff.submission.mailFailed', { error: failure.error })
                      : t('staff.submission.mailSending')}
                </td>
                <td>
                  <Time language={language} iso={delivery?.at ?? failure?.at ?? ''} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}

function AuditTrail({ page, record }: { page: StaffPage; record: SubmissionRecord }) {
  const { t, language } = page;
  const events = record.audit ?? [];
  if (events.length === 0) return <p>{t('staff.audit.none')}</p>;
  return (
    <TableRegion labelledBy="audit-caption">
      <table class="data">
        <caption id="audit-caption">{t('staff.submission.audit')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('staff.submission.auditWhen')}</th>
            <th scope="col">{t('staff.submission.auditWho')}</th>
            <th scope="col">{t('staff.submission.auditWhat')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr>
              <td>
                <Time language={language} iso={event.at} />
              </td>
              <td>
                {event.by === 'system' ? (
                  t('staff.audit.system')
                ) : event.by === 'submitter' ? (
                  t('staff.audit.submitter')
                ) : (
                  <bdi dir="ltr">{event.by}</bdi>
                )}
              </td>
              <td>{describeEvent(page, event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export function SubmissionPage({
  page,
  record,
  colleagues,
  contact,
  notice,
  error,
  values = {},
  similar,
}: SubmissionPageProps) {
  const { t, language, base } = page;
  const staff = page.staff;
  const may = (action: DecisionAction) => Boolean(staff && mayDecide(staff, action));
  const title = t('staff.submission.title', { reference: record.reference });
  const actionProps = { page, record, error, values };
  return (
    <StaffLayout page={page} title={title} hasErrors={Boolean(error)}>
      {error && <ErrorSummary page={page} errors={[{ target: error.target, text: error.text }]} />}
      <p>
        <a href={`${base}/inbox`}>{t('staff.submission.back')}</a>
      </p>
      <h1>
        {withSlot(t('staff.submission.title', { reference: SLOT }), <Reference reference={record.reference} large />)}
      </h1>
      {notice && notice.length > 0 && <Notice lines={notice} />}
      {record.urgent && (
        <div class="alert-panel">
          <p>
            <strong>{t('staff.submission.urgent')}</strong>
          </p>
        </div>
      )}
      {record.addressee === 'unsure' && <p class="panel">{t('staff.submission.unsure')}</p>}

      <h2>{t('staff.submission.details')}</h2>
      <Details page={page} record={record} />

      <h2>{t('staff.submission.message')}</h2>
      <UserText text={record.message} />

      <VoiceSection {...actionProps} may={may('transcript')} />

      <h2>{t('staff.submission.reply')}</h2>
      {record.publicReply ? (
        <>
          <UserText text={record.publicReply.text} />
          <p class="hint">
            {withSlot(
              t('staff.submission.replyBy', { by: record.publicReply.by, date: SLOT }),
              <Time language={language} iso={record.publicReply.at} />,
            )}
          </p>
        </>
      ) : (
        <p>{t('staff.submission.noReply')}</p>
      )}

      <SimilarSection page={page} record={record} similar={similar} />

      <ContactSection page={page} record={record} contact={contact} />

      <h2>{t('staff.submission.actions')}</h2>
      <div class="actions">
        {may('status') && <StatusAction {...actionProps} />}
        {may('reply') && <ReplyAction {...actionProps} />}
        {may('assign') && <AssignAction {...actionProps} colleagues={colleagues} />}
        {may('reroute') && <RerouteAction {...actionProps} />}
        {may('note') && <NoteAction {...actionProps} />}
      </div>

      <h2>{t('staff.submission.notes')}</h2>
      {(record.notes ?? []).length === 0 ? (
        <p>{t('staff.submission.noNotes')}</p>
      ) : (
        <ol class="notes">
          {(record.notes ?? []).map((note) => (
            <li>
              <UserText text={note.text} />
              <p class="hint">
                <bdi dir="ltr">{note.by}</bdi> – <Time language={language} iso={note.at} />
              </p>
            </li>
          ))}
        </ol>
      )}

      <h2>{t('staff.submission.mail')}</h2>
      <Deliveries page={page} record={record} />
      {record.acknowledgementWithheld && <p>{page.t('staff.submission.acknowledgementWithheld')}</p>}

      <h2>{t('staff.submission.audit')}</h2>
      <AuditTrail page={page} record={record} />
    </StaffLayout>
  );
}
