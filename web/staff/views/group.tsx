import {
  findTopic,
  inContentLanguage,
  LANGUAGE_TABLE,
  mayDecide,
  ROUTE_CHOICES,
  type StaffMember,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
} from '#core';
import type { GroupSummary } from '#store';
import type { StaffPage } from '../context.ts';
import { StaffLayout } from './layout.tsx';
import { CsrfField, ErrorSummary, FieldError, Reference, TableRegion, Time, UserText } from './parts.tsx';

/**
 * A group of near-duplicate submissions (issue 15): its members, and one decision for all
 * of them. Each form carries every member's reference and the version this page showed, so
 * a member changed meanwhile is refused on its own (and listed) while the others go ahead.
 */
export type GroupAction = 'status' | 'assign' | 'reroute' | 'reply';

export interface GroupOutcome {
  done: number;
  problems: { reference: string; text: string }[];
}

export interface GroupError {
  target: string;
  text: string;
}

export interface GroupPageProps {
  page: StaffPage;
  group: GroupSummary;
  members: SubmissionRecord[];
  /** Members this role cannot see were left out. */
  hidden: boolean;
  colleagues: StaffMember[];
  campaignRule: { size: number; hours: number };
  outcome?: GroupOutcome | undefined;
  error?: GroupError | undefined;
  values?: { reply?: string };
}

function GroupForm({
  page,
  group,
  members,
  action,
  children,
}: {
  page: StaffPage;
  group: GroupSummary;
  members: SubmissionRecord[];
  action: GroupAction;
  children: unknown;
}) {
  return (
    <form method="post" action={`${page.base}/groups/${group.id}/decide`} class="action" novalidate>
      <CsrfField page={page} />
      <input type="hidden" name="action" value={action} />
      <input
        type="hidden"
        name="items"
        value={members.map((member) => `${member.reference}.${member.version}`).join(' ')}
      />
      {children}
    </form>
  );
}

function Outcome({ page, outcome }: { page: StaffPage; outcome: GroupOutcome }) {
  const { t, base } = page;
  return (
    <div class={outcome.problems.length > 0 ? 'alert-panel' : 'notice'} role="status" tabindex={-1} autofocus>
      <p>
        <strong>{t('group.result.done', { n: outcome.done })}</strong>
      </p>
      {outcome.problems.length > 0 && (
        <>
          <p>{t('group.result.problems')}</p>
          <ul>
            {outcome.problems.map((problem) => (
              <li>
                <a href={`${base}/submissions/${problem.reference}`}>
                  <Reference reference={problem.reference} />
                </a>
                : {problem.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function GroupPage(props: GroupPageProps) {
  const { page, group, members, hidden, colleagues, campaignRule, outcome, error, values = {} } = props;
  const { t, language, base } = page;
  const staff = page.staff;
  const may = (action: GroupAction) => Boolean(staff && mayDecide(staff, action));
  const formProps = { page, group, members };
  const first = members[0];
  return (
    <StaffLayout page={page} title={t('group.title')} hasErrors={Boolean(error)}>
      {error && <ErrorSummary page={page} errors={[error]} />}
      <p>
        <a href={`${base}/inbox`}>{t('staff.submission.back')}</a>
      </p>
      <h1>{t('group.title')}</h1>
      {outcome && <Outcome page={page} outcome={outcome} />}
      <p>{t('group.intro')}</p>
      {group.campaign && (
        <p>
          <span class="badge badge-campaign">{t('group.campaign')}</span>{' '}
          {t('group.campaignHint', { size: campaignRule.size, hours: campaignRule.hours })}
        </p>
      )}
      {hidden && <p>{t('group.hidden')}</p>}
      {first && <UserText text={first.message} />}

      <TableRegion labelledBy="group-caption">
        <table class="data">
          <caption id="group-caption">{t('group.caption', { n: members.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.queue.col.reference')}</th>
              <th scope="col">{t('staff.queue.col.received')}</th>
              <th scope="col">{t('staff.queue.col.status')}</th>
              <th scope="col">{t('staff.queue.col.topics')}</th>
              <th scope="col">{t('staff.queue.col.assignee')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((record) => (
              <tr>
                <th scope="row">
                  <a href={`${base}/submissions/${record.reference}`}>
                    <Reference reference={record.reference} />
                  </a>
                </th>
                <td>
                  <Time language={language} iso={record.createdAt} />
                </td>
                <td>{t(`staff.status.${record.status}`)}</td>
                <td>
                  {(record.topics ?? [])
                    .map((id) => inContentLanguage(findTopic(id)?.label, language) ?? id)
                    .join(LANGUAGE_TABLE[language].listSeparator)}
                </td>
                <td>{record.assignee ? <bdi dir="ltr">{record.assignee}</bdi> : t('staff.queue.unassigned')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>

      {members.length > 0 && (may('reply') || may('status')) && (
        <>
          <h2>{t('group.decide')}</h2>
          <p id="group-hint" class="hint">
            {t('group.decideHint')}
          </p>
          <div class="actions">
            {may('reply') && (
              <GroupForm {...formProps} action="reply">
                <div class={`field${error?.target === 'group-reply-text' ? ' field-error' : ''}`}>
                  <h3 class="legend-heading">
                    <label for="group-reply-text">{t('staff.action.reply.label')}</label>
                  </h3>
                  <p id="group-reply-hint" class="hint">
                    {t('staff.action.reply.hint')}
                  </p>
                  {error?.target === 'group-reply-text' && (
                    <FieldError page={page} id="group-reply-error" text={error.text} />
                  )}
                  <textarea
                    id="group-reply-text"
                    name="text"
                    rows={6}
                    dir="auto"
                    aria-describedby={`group-reply-hint group-hint${error?.target === 'group-reply-text' ? ' group-reply-error' : ''}`}
                    aria-invalid={error?.target === 'group-reply-text' ? 'true' : undefined}
                  >
                    {values.reply ?? ''}
                  </textarea>
                </div>
                <div class="field">
                  <label for="group-reply-then" class="label">
                    {t('staff.action.reply.then')}
                  </label>
                  <select id="group-reply-then" name="after">
                    <option value="">{t('group.status.keep')}</option>
                    {SUBMISSION_STATUSES.filter((status) => status !== 'new' && status !== 'spam').map((status) => (
                      <option value={status}>{t(`staff.status.${status}`)}</option>
                    ))}
                  </select>
                </div>
                <button type="submit" class="button">
                  {t('staff.action.reply.submit')}
                </button>
              </GroupForm>
            )}
            {may('status') && (
              <GroupForm {...formProps} action="status">
                <div class={`field${error?.target === 'group-status-to' ? ' field-error' : ''}`}>
                  <h3 class="legend-heading">
                    <label for="group-status-to">{t('staff.action.status.legend')}</label>
                  </h3>
                  {error?.target === 'group-status-to' && (
                    <FieldError page={page} id="group-status-error" text={error.text} />
                  )}
                  <select
                    id="group-status-to"
                    name="to"
                    aria-describedby={`group-hint${error?.target === 'group-status-to' ? ' group-status-error' : ''}`}
                  >
                    <option value="">{t('group.status.any')}</option>
                    {SUBMISSION_STATUSES.map((status) => (
                      <option value={status}>{t(`staff.status.${status}`)}</option>
                    ))}
                  </select>
                </div>
                <button type="submit" class="button">
                  {t('staff.action.status.submit')}
                </button>
              </GroupForm>
            )}
            {may('assign') && (
              <GroupForm {...formProps} action="assign">
                <h3>{t('staff.action.assign.legend')}</h3>
                <div class="field">
                  <label for="group-assign-to" class="label">
                    {t('staff.action.assign.label')}
                  </label>
                  <select id="group-assign-to" name="to" dir="ltr" aria-describedby="group-hint">
                    <option value="" dir="auto">
                      {t('staff.action.assign.nobody')}
                    </option>
                    {colleagues.map((member) => (
                      <option value={member.email}>{member.email}</option>
                    ))}
                  </select>
                </div>
                <button type="submit" class="button">
                  {t('staff.action.assign.submit')}
                </button>
              </GroupForm>
            )}
            {may('reroute') && (
              <GroupForm {...formProps} action="reroute">
                <div class={`field${error?.target === 'group-route-ose' ? ' field-error' : ''}`}>
                  <fieldset aria-describedby="group-hint">
                    <legend>
                      <h3 class="legend-heading">{t('staff.action.reroute.legend')}</h3>
                    </legend>
                    {error?.target === 'group-route-ose' && (
                      <FieldError page={page} id="group-route-error" text={error.text} />
                    )}
                    {ROUTE_CHOICES.map((choice) => (
                      <div class="choice">
                        <input type="radio" id={`group-route-${choice}`} name="to" value={choice} />
                        <label for={`group-route-${choice}`}>{t(`staff.action.reroute.${choice}`)}</label>
                      </div>
                    ))}
                  </fieldset>
                </div>
                <button type="submit" class="button">
                  {t('staff.action.reroute.submit')}
                </button>
              </GroupForm>
            )}
          </div>
        </>
      )}
    </StaffLayout>
  );
}

/** On a submission's page: the other members of its group, and the way to decide for all. */
export function SimilarSection({
  page,
  record,
  similar,
}: {
  page: StaffPage;
  record: SubmissionRecord;
  similar?: { group: GroupSummary; members: SubmissionRecord[] } | undefined;
}) {
  const { t, language, base } = page;
  const others = similar?.members.filter((member) => member.reference !== record.reference) ?? [];
  return (
    <section aria-labelledby="similar-heading">
      <h2 id="similar-heading">{t('group.submissionSimilar')}</h2>
      {!similar || others.length === 0 ? (
        <p>{t('group.submissionNone')}</p>
      ) : (
        <>
          {similar.group.campaign && (
            <p>
              <span class="badge badge-campaign">{t('group.campaign')}</span>
            </p>
          )}
          <ul class="similar-list">
            {others.map((member) => (
              <li>
                <a href={`${base}/submissions/${member.reference}`}>
                  <Reference reference={member.reference} />
                </a>{' '}
                – {t(`staff.status.${member.status}`)}, <Time language={language} iso={member.createdAt} />
              </li>
            ))}
          </ul>
          <p>
            <a href={`${base}/groups/${similar.group.id}`}>{t('group.open', { n: similar.members.length })}</a>
          </p>
        </>
      )}
    </section>
  );
}
