import type { Context, Hono } from 'hono';
import {
  canBeAssigned,
  canSeeSubmission,
  DEFAULT_CAMPAIGN,
  type Decision,
  INBOX_CHOICES,
  isInboxChoice,
  isReference,
  LIMITS,
  normaliseCode,
  normaliseStaffEmail,
  replyDecision,
  STAFF_LANGUAGES,
  SUBMISSION_STATUSES,
  type SubmissionStatus,
  staffTextSchema,
} from '#core';
import { requireStaff, type StaffEnv, staffOf } from './auth.ts';
import { pageOf, staffBase } from './context.ts';
import type { StaffAppDeps } from './deps.ts';
import { renderNotFound, renderStaff } from './render.tsx';
import { type GroupAction, type GroupError, type GroupOutcome, GroupPage } from './views/group.tsx';

/**
 * Near-duplicate groups (issue 15): `/staff/groups/<id>` lists the members this person may
 * see, and decides for all of them at once. Each member is decided on its own through the
 * same triage service as the submission page (its own conditional write, audit events and
 * emails), on the version the page showed; a refusal for one is reported and the rest go on.
 */
const ACTIONS: readonly GroupAction[] = ['status', 'assign', 'reroute', 'reply'];
/** A group decision names at most this many members (a page lists at most 500). */
const MAX_ITEMS = 500;

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const isStatus = (value: string): value is SubmissionStatus =>
  (SUBMISSION_STATUSES as readonly string[]).includes(value);

/** The form's `REF.VERSION REF.VERSION …`, or undefined when any is malformed. */
function readItems(raw: unknown): { reference: string; version: number }[] | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_ITEMS * 24) return undefined;
  const values = raw.split(' ').filter((value) => value !== '');
  if (values.length === 0 || values.length > MAX_ITEMS) return undefined;
  const items = [];
  for (const value of values) {
    const [code = '', version = ''] = text(value).split('.');
    const reference = normaliseCode(code);
    const n = Number.parseInt(version, 10);
    if (!isReference(reference) || !/^\d{1,9}$/.test(version) || !Number.isSafeInteger(n)) return undefined;
    items.push({ reference, version: n });
  }
  return items;
}

export function groupRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  const campaignRule = deps.config.campaign ?? DEFAULT_CAMPAIGN;
  const groupIdOf = (c: Context) => {
    const id = normaliseCode(c.req.param('id') ?? '');
    return isReference(id) ? id : undefined;
  };

  async function show(
    c: Context<StaffEnv>,
    id: string,
    extra: { outcome?: GroupOutcome; error?: GroupError; values?: { reply?: string } } = {},
    status: 200 | 400 = 200,
  ) {
    const me = staffOf(c);
    const summary = (await deps.search.groups([id])).get(id);
    if (!summary) return renderNotFound(c);
    const all = await deps.search.groupMembers(id);
    const members = all.filter((record) => canSeeSubmission(me, record));
    // A group none of whose members this person may see does not exist for them.
    if (members.length === 0) return renderNotFound(c);
    const colleagues = me.role === 'liaison' ? [] : (await deps.staff.list()).filter(canBeAssigned);
    return renderStaff(
      c,
      <GroupPage
        page={pageOf(c, 'queue')}
        group={summary}
        members={members}
        hidden={members.length < all.length}
        colleagues={colleagues}
        campaignRule={campaignRule}
        {...extra}
      />,
      status,
    );
  }

  for (const language of STAFF_LANGUAGES) {
    const base = staffBase(language);

    app.get(`${base}/groups/:id`, requireStaff(), async (c) => {
      const id = groupIdOf(c);
      return id ? show(c, id) : renderNotFound(c);
    });

    app.post(`${base}/groups/:id/decide`, requireStaff('triager', 'admin'), async (c) => {
      const me = staffOf(c);
      const id = groupIdOf(c);
      if (!id) return renderNotFound(c);
      const body = await c.req.parseBody();
      const action = text(body.action) as GroupAction;
      const items = readItems(body.items);
      if (!ACTIONS.includes(action) || !items) return renderNotFound(c);
      const page = pageOf(c);

      // The form is checked once, before anything is written: a bad value changes nothing.
      let decision: Decision;
      const to = text(body.to);
      if (action === 'status') {
        if (!isStatus(to))
          return show(c, id, { error: { target: 'group-status-to', text: page.t('staff.error.choice') } }, 400);
        decision = { action, to };
      } else if (action === 'assign') {
        const email = to === '' ? null : normaliseStaffEmail(to);
        if (email === undefined)
          return show(c, id, { error: { target: 'group-assign-to', text: page.t('staff.error.assignee') } }, 400);
        decision = { action, to: email };
      } else if (action === 'reroute') {
        if (!isInboxChoice(to))
          return show(
            c,
            id,
            { error: { target: `group-route-${INBOX_CHOICES[0]}`, text: page.t('staff.error.choice') } },
            400,
          );
        decision = { action, to };
      } else {
        const reply = text(body.text);
        const then = text(body.after);
        if (!staffTextSchema.safeParse(reply).success || (then !== '' && !isStatus(then))) {
          const error = { target: 'group-reply-text', text: page.t('staff.error.text', { max: LIMITS.message }) };
          return show(c, id, { error, values: { reply } }, 400);
        }
        decision = replyDecision(reply, then === '' ? undefined : (then as SubmissionStatus));
      }

      // Only members of this group: a reference from elsewhere in the form is ignored.
      const members = new Set((await deps.search.groupMembers(id)).map((record) => record.reference));
      const outcome: GroupOutcome = { done: 0, problems: [] };
      for (const item of items) {
        if (!members.has(item.reference)) continue;
        const result = await deps.triage.decide(me, item.reference, item.version, decision);
        if (result.ok) {
          outcome.done += 1;
          deps.log?.('staff.group-decided', { group: id, reference: item.reference, action, event: result.event });
          continue;
        }
        const status = result.record ? page.t(`staff.status.${result.record.status}`) : '';
        const reasons = {
          conflict: page.t('group.result.conflict'),
          transition: page.t('group.result.transition', { status }),
          unchanged: page.t('group.result.unchanged'),
          'not-routed': page.t('group.result.notRouted'),
          'not-found': page.t('group.result.notFound'),
          'not-permitted': page.t('group.result.notPermitted'),
          invalid: page.t('group.result.invalid'),
        } as const;
        outcome.problems.push({ reference: item.reference, text: reasons[result.reason] });
      }
      return show(c, id, { outcome });
    });
  }
}
