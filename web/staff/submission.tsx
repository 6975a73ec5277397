import type { Context, Hono } from 'hono';
import {
  canBeAssigned,
  canSeeSubmission,
  type Decision,
  type DecisionAction,
  isInboxChoice,
  isReference,
  LIMITS,
  normaliseCode,
  normaliseStaffEmail,
  type Refusal,
  replyDecision,
  STAFF_LANGUAGES,
  type StaffActor,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
  type SubmissionStatus,
} from '#core';
import { requireStaff, type StaffEnv, staffOf } from './auth.ts';
import { pageOf, staffBase } from './context.ts';
import type { StaffAppDeps } from './deps.ts';
import { renderNotFound, renderStaff, type StaffStatus } from './render.tsx';
import { type DecisionError, type DecisionValues, SubmissionPage } from './views/submission.tsx';

/**
 * One submission: read it, show contact details on request (recorded), and decide. Every
 * decision posts the version the page showed; the domain refuses a stale one.
 */
const ACTIONS: readonly DecisionAction[] = ['status', 'assign', 'reroute', 'note', 'reply', 'transcript'];
const TARGETS: Record<DecisionAction, string> = {
  status: 'status-to',
  assign: 'assign-to',
  reroute: 'route-ose',
  note: 'note-text',
  reply: 'reply-text',
  transcript: 'transcript-text',
};

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const isStatus = (value: string): value is SubmissionStatus =>
  (SUBMISSION_STATUSES as readonly string[]).includes(value);

/** The form as a decision, or the field that is wrong. */
function readDecision(action: DecisionAction, body: Record<string, unknown>): Decision | { invalid: string } {
  switch (action) {
    case 'status': {
      const to = text(body.to);
      return isStatus(to) ? { action, to } : { invalid: 'choice' };
    }
    case 'assign': {
      if (text(body.to) === '') return { action, to: null };
      const to = normaliseStaffEmail(body.to);
      return to ? { action, to } : { invalid: 'assignee' };
    }
    case 'reroute': {
      const to = text(body.to);
      return isInboxChoice(to) ? { action, to } : { invalid: 'choice' };
    }
    case 'note':
    case 'transcript':
      return { action, text: text(body.text) };
    case 'reply': {
      const then = text(body.after);
      if (then !== '' && !isStatus(then)) return { invalid: 'choice' };
      return replyDecision(text(body.text), then === '' ? undefined : then);
    }
  }
}

export function submissionRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  const referenceOf = (c: Context) => {
    const reference = normaliseCode(c.req.param('reference') ?? '');
    return isReference(reference) ? reference : undefined;
  };

  /** Its near-duplicates that this person may see (issue 15). */
  async function similarOf(me: StaffActor, groupId: string) {
    const group = (await deps.search.groups([groupId])).get(groupId);
    if (!group) return undefined;
    const members = (await deps.search.groupMembers(groupId)).filter((member) => canSeeSubmission(me, member));
    return { group, members };
  }

  async function show(
    c: Context<StaffEnv>,
    record: SubmissionRecord,
    extra: Partial<Parameters<typeof SubmissionPage>[0]> = {},
    status: StaffStatus = 200,
  ) {
    const me = staffOf(c);
    const colleagues = me.role === 'liaison' ? [] : (await deps.staff.list()).filter(canBeAssigned);
    const similar = record.group ? await similarOf(me, record.group) : undefined;
    return renderStaff(
      c,
      <SubmissionPage page={pageOf(c, 'queue')} record={record} colleagues={colleagues} similar={similar} {...extra} />,
      status,
    );
  }

  for (const language of STAFF_LANGUAGES) {
    const base = staffBase(language);

    app.get(`${base}/submissions/:reference`, requireStaff(), async (c) => {
      const reference = referenceOf(c);
      const record = reference ? await deps.triage.view(staffOf(c), reference) : undefined;
      if (!record) return renderNotFound(c);
      const page = pageOf(c);
      const done = c.req.query('done');
      const notice: string[] = [];
      if (done && (ACTIONS as readonly string[]).includes(done))
        notice.push(page.t(`staff.done.${done as DecisionAction}`));
      const mail = c.req.query('mail');
      if (mail === 'started') notice.push(page.t('staff.done.emailQueued'));
      if (mail === 'failed') notice.push(page.t('staff.done.emailFailed'));
      return show(c, record, { notice });
    });

    /**
     * The recording, streamed from the bucket after the same check as the page (a liaison hears
     * donor-routed submissions only). The player's first request is recorded in the audit
     * trail; its later range requests (seeking) are not. Served with the type sniffed at
     * upload, inline, never cached.
     */
    app.get(`${base}/submissions/:reference/voice`, requireStaff(), async (c) => {
      const reference = referenceOf(c);
      if (!reference || !deps.voices) return renderNotFound(c);
      const range = c.req.header('range');
      const validRange = range && /^bytes=\d*-\d*$/.test(range) ? range : undefined;
      const first = !validRange || /^bytes=0-/.test(validRange);
      const voice = await deps.triage.listen(staffOf(c), reference, first);
      const stored = voice ? await deps.voices.get(voice.key, validRange) : undefined;
      if (!voice || !stored) return renderNotFound(c);
      if (first) deps.log?.('staff.voice-played', { reference });
      c.header('Content-Type', voice.type);
      c.header('Content-Length', String(stored.bytes));
      c.header('Accept-Ranges', 'bytes');
      c.header('Content-Disposition', 'inline');
      c.header('Cache-Control', 'no-store');
      if (stored.range) c.header('Content-Range', stored.range);
      return c.body(stored.body, stored.range ? 206 : 200);
    });

    app.post(`${base}/submissions/:reference/contact`, requireStaff('triager', 'admin'), async (c) => {
      const me = staffOf(c);
      const reference = referenceOf(c);
      if (!reference) return renderNotFound(c);
      const shown = await deps.triage.showContact(me, reference);
      const record = shown.ok ? await deps.triage.view(me, reference) : undefined;
      if (!shown.ok || !record) return renderNotFound(c);
      deps.log?.('staff.contact-viewed', { reference });
      return show(c, record, { contact: shown.contact });
    });

    app.post(`${base}/submissions/:reference/decide`, requireStaff(), async (c) => {
      const me = staffOf(c);
      const reference = referenceOf(c);
      if (!reference) return renderNotFound(c);
      const body = await c.req.parseBody();
      const action = text(body.action) as DecisionAction;
      const version = Number.parseInt(text(body.version), 10);
      if (!ACTIONS.includes(action) || !Number.isSafeInteger(version)) return renderNotFound(c);
      const values: DecisionValues = {
        note: action === 'note' ? text(body.text) : undefined,
        reply: action === 'reply' ? text(body.text) : undefined,
        nextStatus: action === 'reply' ? text(body.after) : undefined,
        statusTo: action === 'status' ? text(body.to) : undefined,
        assignTo: action === 'assign' ? text(body.to) : undefined,
        routeTo: action === 'reroute' ? text(body.to) : undefined,
        transcript: action === 'transcript' ? text(body.text) : undefined,
      };
      const page = pageOf(c);
      const refuse = async (reason: Refusal | 'choice' | 'assignee', latest?: SubmissionRecord) => {
        const record = latest ?? (await deps.triage.view(me, reference));
        if (!record || reason === 'not-found' || reason === 'not-permitted') return renderNotFound(c);
        const status = page.t(`staff.status.${record.status}`);
        const messages: Record<Exclude<typeof reason, 'not-found' | 'not-permitted'>, string> = {
          conflict: page.t('staff.error.conflict'),
          transition: page.t('staff.error.transition', { status }),
          'not-routed': page.t('staff.error.notRouted'),
          unchanged: page.t('staff.error.unchanged'),
          invalid:
            action === 'assign' ? page.t('staff.error.assignee') : page.t('staff.error.text', { max: LIMITS.message }),
          choice: page.t('staff.error.choice'),
          assignee: page.t('staff.error.assignee'),
        };
        const target = action === 'reply' && reason === 'transition' ? 'reply-then' : TARGETS[action];
        const error: DecisionError = { action, target, text: messages[reason] };
        return show(c, record, { error, values }, reason === 'conflict' ? 409 : 400);
      };

      const decision = readDecision(action, body);
      if ('invalid' in decision) return refuse(decision.invalid as 'choice' | 'assignee');
      const result = await deps.triage.decide(me, reference, version, decision);
      if (!result.ok) return refuse(result.reason, result.record);
      deps.log?.('staff.decided', { reference, action, event: result.event });
      const mail = result.outcome === 'none' ? '' : `&mail=${result.outcome}`;
      return c.redirect(`${base}/submissions/${reference}?done=${action}${mail}`, 303);
    });
  }
}
