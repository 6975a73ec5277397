import type { Context, Hono } from 'hono';
import {
  assertNever,
  canBeAssigned,
  canSeeSubmission,
  type DecisionAction,
  isReference,
  LIMITS,
  normaliseCode,
  STAFF_LANGUAGES,
  type StaffActor,
  type SubmissionRecord,
} from '#core';
import { requireStaff, type StaffEnv, staffOf } from './auth.ts';
import { pageOf, type StaffPage, staffBase } from './context.ts';
import {
  createDecideOnSubmission,
  DECISION_ACTIONS,
  type DecideOutcome,
  type DecisionForm,
  type DecisionProblem,
  readDecisionForm,
} from './decide.ts';
import type { StaffAppDeps } from './deps.ts';
import { renderNotFound, renderStaff, type StaffStatus } from './render.tsx';
import { type DecisionError, SubmissionPage } from './views/submission.tsx';

/**
 * One submission: read it, show contact details on request (recorded), and decide. Every
 * decision posts the version the page showed; the domain refuses a stale one
 * (web/staff/decide.ts reads the form and decides; this file renders the outcome).
 */
const TARGETS: Record<DecisionAction, string> = {
  status: 'status-to',
  assign: 'assign-to',
  reroute: 'route-ose',
  note: 'note-text',
  reply: 'reply-text',
  transcript: 'transcript-text',
};

/** The message for a refused decision, on the field it concerns. */
function decisionError(
  page: StaffPage,
  action: DecisionAction,
  problem: DecisionProblem | 'conflict',
  record: SubmissionRecord,
): DecisionError {
  const status = page.t(`staff.status.${record.status}`);
  const messages: Record<typeof problem, string> = {
    conflict: page.t('staff.error.conflict'),
    transition: page.t('staff.error.transition', { status }),
    'not-routed': page.t('staff.error.notRouted'),
    unchanged: page.t('staff.error.unchanged'),
    invalid: action === 'assign' ? page.t('staff.error.assignee') : page.t('staff.error.text', { max: LIMITS.message }),
    choice: page.t('staff.error.choice'),
    assignee: page.t('staff.error.assignee'),
  };
  const target = action === 'reply' && problem === 'transition' ? 'reply-then' : TARGETS[action];
  return { action, target, text: messages[problem] };
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

  const decideOnSubmission = createDecideOnSubmission(deps);

  /** The submission again with the error, or back to it with what was done. */
  function renderDecision(c: Context<StaffEnv>, reference: string, form: DecisionForm, outcome: DecideOutcome) {
    const page = pageOf(c);
    switch (outcome.kind) {
      case 'not-found':
        return renderNotFound(c);
      case 'conflict':
      case 'refused': {
        const problem = outcome.kind === 'conflict' ? 'conflict' : outcome.problem;
        const error = decisionError(page, form.action, problem, outcome.record);
        return show(c, outcome.record, { error, values: form.values }, outcome.kind === 'conflict' ? 409 : 400);
      }
      case 'decided': {
        const mail = outcome.mail === 'none' ? '' : `&mail=${outcome.mail}`;
        return c.redirect(`${page.base}/submissions/${reference}?done=${form.action}${mail}`, 303);
      }
      default:
        return assertNever(outcome, 'decision outcome');
    }
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
      if (done && (DECISION_ACTIONS as readonly string[]).includes(done))
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
      const reference = referenceOf(c);
      const form = reference ? readDecisionForm(await c.req.parseBody()) : undefined;
      if (!reference || !form) return renderNotFound(c);
      const outcome = await decideOnSubmission(staffOf(c), reference, form);
      return renderDecision(c, reference, form, outcome);
    });
  }
}
