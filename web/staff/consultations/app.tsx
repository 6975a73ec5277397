import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  CONSULTATION_ID_PATTERN,
  CONSULTATION_LIMITS,
  CONTENT_LANGUAGES,
  type Consultation,
  canModerate,
  carryCandidates,
  checkField,
  codeCountSchema,
  codeGroupSchema,
  composeStatement,
  consultationFormValues,
  isStatementAddressee,
  type ModerationAction,
  missingWordings,
  moderate,
  newConsultationId,
  newParticipantCode,
  newPointId,
  normaliseParticipantCode,
  POINT_ID_PATTERN,
  type Point,
  participantCodeHash,
  phaseAt,
  pointTextSchema,
  proposeMerges,
  reasonSchema,
  resultsByTheme,
  STAFF_LANGUAGES,
  type StatementAddressee,
  statementExecutionName,
  validateConsultationForm,
  votingOver,
  withoutAuthor,
  withWording,
  wordingSchema,
} from '#core';
import type { ConsultationStore } from '#store';
import { requireStaff, type SessionDeps, type StaffEnv, staffOf, staffSession } from '../auth.ts';
import { pageOf, staffBase } from '../context.ts';
import { renderNotFound, renderStaff } from '../render.tsx';
import type * as Views from './views.tsx';

/**
 * The pages, imported when one is first rendered: the staff function's cold start (the
 * sign-in page, the queue) does not load them (issue 17; SST's code splitting makes them a chunk).
 */
const views = () => import('./views.tsx');

/** Starts the statement workflow (workflows/statement.asl.json); the execution name makes a repeat a no-op. */
export interface StatementStarter {
  start(name: string, input: { consultationId: string; addressee: StatementAddressee }): Promise<'started' | 'exists'>;
}

export interface ConsultationStaffDeps extends SessionDeps {
  store: ConsultationStore;
  statements?: StatementStarter | undefined;
  now?: () => Date;
  log?: (event: string, detail?: Record<string, unknown>) => void;
}

type Form = Record<string, string | string[]>;

/** Reads a staff form body, repeated fields as lists (Hono caches the body requireStaff read for its token). */
async function formOf(c: Context): Promise<Form> {
  const form: Form = {};
  let data: FormData;
  try {
    data = await c.req.formData();
  } catch {
    return form;
  }
  for (const [key, value] of data.entries()) {
    if (typeof value !== 'string') continue;
    const existing = form[key];
    form[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return form;
}
/** A statement wording field: `<language>-<point index>`. */
const WORDING_FIELD = new RegExp(`^(${CONTENT_LANGUAGES.join('|')})-\\d{1,4}$`);
const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : '');

/** What a redirect may ask the next page to say (`?done=…`): one catalogue message each. */
const DONE_NOTICES = [
  'created',
  'closed1',
  'closed2',
  'conflict',
  'recounted',
  'wording',
  'wording-missing',
  'point-approve',
  'point-reject',
  'point-edit',
  'point-merge',
  'carried',
  'composed',
  'published',
] as const;
const isDoneNotice = (value: string): value is (typeof DONE_NOTICES)[number] =>
  (DONE_NOTICES as readonly string[]).includes(value);

/**
 * `/staff/consultations` (and `/en/staff/consultations`): admins and facilitators create
 * consultations, make participant codes, moderate points, close rounds, carry points into
 * round 2, and compose, publish and send the statements. Mounted into the staff app by
 * functions/compose-staff.ts; every post carries the staff anti-forgery token.
 */
export function createConsultationsStaff(deps: ConsultationStaffDeps) {
  const app = new Hono<StaffEnv>({ strict: false });
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => {});
  const guard = [staffSession(deps), requireStaff('admin', 'facilitator')] as const;

  for (const language of STAFF_LANGUAGES) {
    const root = `${staffBase(language)}/consultations`;
    const to = (c: Context, id: string, rest = '', done?: string) =>
      c.redirect(`${root}/${id}${rest}${done ? `?done=${done}` : ''}`, 303);
    /** The notice a redirect asked for, if it is one of ours (`?done=closed1`); anything else shows none. */
    const noticeOf = (c: Context) => {
      const done = c.req.query('done') ?? '';
      return isDoneNotice(done) ? pageOf(c).t(`cons.staff.done.${done}`) : undefined;
    };

    async function load(c: Context): Promise<Consultation | undefined> {
      const id = c.req.param('id') ?? '';
      return CONSULTATION_ID_PATTERN.test(id) ? deps.store.get(id) : undefined;
    }

    app.get(root, ...guard, async (c) => {
      const { ListPage } = await views();
      return renderStaff(c, <ListPage page={pageOf(c, 'consultations')} consultations={await deps.store.list()} />);
    });

    app.get(`${root}/new`, ...guard, async (c) => {
      const { CreatePage } = await views();
      return renderStaff(c, <CreatePage page={pageOf(c, 'consultations')} values={consultationFormValues(now())} />);
    });

    app.post(root, ...guard, async (c) => {
      const form = await formOf(c);
      const result = validateConsultationForm(form);
      if (!result.ok) {
        const { CreatePage } = await views();
        return renderStaff(
          c,
          <CreatePage page={pageOf(c, 'consultations')} values={form} errors={result.errors} />,
          400,
        );
      }
      const consultation: Consultation = {
        ...result.value,
        id: newConsultationId(),
        codeBatches: [],
        createdAt: now().toISOString(),
        createdBy: staffOf(c).email,
        version: 1,
      };
      await deps.store.create(consultation);
      log('consultation.created', { consultation: consultation.id });
      return to(c, consultation.id, '', 'created');
    });

    const overview = async (
      c: Context,
      consultation: Consultation,
      extra: Partial<Parameters<typeof Views.OverviewPage>[0]> = {},
      status: 200 | 400 = 200,
    ) => {
      const [totals, points] = await Promise.all([
        deps.store.totals(consultation.id),
        deps.store.listPoints(consultation.id),
      ]);
      const { OverviewPage } = await views();
      return renderStaff(
        c,
        <OverviewPage
          page={pageOf(c, 'consultations')}
          consultation={consultation}
          phase={phaseAt(consultation.schedule, now())}
          participants={totals.participants}
          pending={points.filter((p) => p.status === 'pending').length}
          notice={noticeOf(c)}
          {...extra}
        />,
        status,
      );
    };

    app.get(`${root}/:id`, ...guard, async (c) => {
      const consultation = await load(c);
      return consultation ? overview(c, consultation) : renderNotFound(c);
    });

    /** Closes the open round now (the schedule's time moves to this moment). */
    app.post(`${root}/:id/close-round`, ...guard, async (c) => {
      const consultation = await load(c);
      if (!consultation) return renderNotFound(c);
      const form = await formOf(c);
      const phase = phaseAt(consultation.schedule, now());
      const round = one(form.round);
      const at = now().toISOString();
      const schedule = { ...consultation.schedule };
      if (round === '1' && phase === 'round1') schedule.round1ClosesAt = at;
      else if (round === '2' && phase === 'round2') schedule.round2ClosesAt = at;
      else return to(c, consultation.id);
      const saved = await deps.store.update({ ...consultation, schedule }, consultation.version);
      log('consultation.round-closed', { consultation: consultation.id, round });
      return to(c, consultation.id, '', saved ? `closed${round}` : 'conflict');
    });

    app.post(`${root}/:id/codes`, ...guard, async (c) => {
      const consultation = await load(c);
      if (consultation?.access !== 'closed') return renderNotFound(c);
      const form = await formOf(c);
      const t = pageOf(c).t;
      const group = checkField(codeGroupSchema, form.group);
      const count = checkField(codeCountSchema, form.count);
      if (!group.ok || !count.ok) {
        return overview(
          c,
          consultation,
          {
            codeErrors: {
              group: group.ok ? undefined : t(group.error as never),
              count: count.ok ? undefined : t(count.error as never),
            },
            codeValues: { group: one(form.group).slice(0, 100), count: one(form.count).slice(0, 6) },
          },
          400,
        );
      }
      const codes = Array.from({ length: count.value }, () => newParticipantCode());
      await deps.store.addCodes(
        consultation.id,
        group.value,
        codes.map((code) => participantCodeHash(normaliseParticipantCode(code))),
        now().toISOString(),
      );
      log('consultation.codes-made', { consultation: consultation.id, count: codes.length });
      // Shown once: only their hashes are kept. Printable as a page, exportable as CSV from here.
      const { CodesPage } = await views();
      return renderStaff(
        c,
        <CodesPage page={pageOf(c, 'consultations')} consultation={consultation} group={group.value} codes={codes} />,
      );
    });

    /** The codes just shown, sent back as CSV (they are not stored, so they come from the page). */
    app.post(`${root}/:id/codes.csv`, ...guard, async (c) => {
      const consultation = await load(c);
      if (!consultation) return renderNotFound(c);
      const form = await formOf(c);
      const codes = one(form.codes)
        .split(' ')
        .filter((code) => /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/.test(code))
        .slice(0, 200);
      const group = checkField(codeGroupSchema, form.group);
      // The group name is the one free-text cell: quoted, and never starting a formula.
      const cell = (text: string) => `"${text.replace(/^[=+\-@\t\r]/, "'$&").replace(/"/g, '""')}"`;
      const rows = ['group,code', ...codes.map((code) => `${cell(group.ok ? group.value : '')},${code}`)];
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="codes-${consultation.id}.csv"`);
      c.header('Cache-Control', 'no-store');
      return c.body(`\uFEFF${rows.join('\r\n')}\r\n`);
    });

    const moderatePage = async (c: Context, consultation: Consultation, error?: { point: string; text: string }) => {
      const points = (await deps.store.listPoints(consultation.id)).map(withoutAuthor);
      const byId = new Map(points.map((p) => [p.id, p]));
      const merges = proposeMerges(points)
        .map(({ keep, merge }) => ({ keep: byId.get(keep)!, merge: byId.get(merge)! }))
        .filter(({ keep }) => keep.status === 'approved');
      const { ModeratePage } = await views();
      return renderStaff(
        c,
        <ModeratePage
          page={pageOf(c, 'consultations')}
          consultation={consultation}
          pending={points.filter((p) => p.status === 'pending')}
          approved={points.filter((p) => p.status === 'approved')}
          merges={merges}
          notice={noticeOf(c)}
          error={error}
        />,
        error ? 400 : 200,
      );
    };

    app.get(`${root}/:id/moderate`, ...guard, async (c) => {
      const consultation = await load(c);
      return consultation ? moderatePage(c, consultation) : renderNotFound(c);
    });

    app.post(`${root}/:id/points/:point`, ...guard, async (c) => {
      const consultation = await load(c);
      const pointId = c.req.param('point');
      if (!consultation || !POINT_ID_PATTERN.test(pointId)) return renderNotFound(c);
      const point = await deps.store.getPoint(consultation.id, pointId);
      if (!point) return renderNotFound(c);
      const form = await formOf(c);
      const t = pageOf(c).t;
      const kind = one(form.action);
      let action: ModerationAction;
      if (kind === 'approve') action = { kind };
      else if (kind === 'reject') {
        const reason = checkField(reasonSchema, form.reason);
        if (!reason.ok) return moderatePage(c, consultation, { point: point.id, text: t(reason.error as never) });
        action = { kind, reason: reason.value };
      } else if (kind === 'edit') {
        const text = checkField(pointTextSchema, form.text);
        if (!text.ok)
          return moderatePage(c, consultation, { point: point.id, text: t(text.error as never, { max: 300 }) });
        action = { kind, text: text.value };
      } else if (kind === 'merge') {
        const into = one(form.into);
        const target = POINT_ID_PATTERN.test(into) ? await deps.store.getPoint(consultation.id, into) : undefined;
        if (!target || target.id === point.id || target.status !== 'approved')
          return to(c, consultation.id, '/moderate', 'conflict');
        action = { kind, into };
      } else return to(c, consultation.id, '/moderate');
      if (Number(one(form.version)) !== point.version || !canModerate(point, action.kind)) {
        return to(c, consultation.id, '/moderate', 'conflict');
      }
      // Editing a pending point for clarity approves it in the same step.
      let next = moderate(point, action);
      if (action.kind === 'edit' && next.status === 'pending') next = { ...next, status: 'approved' };
      const saved = await deps.store.savePoint(next, point.version);
      log('consultation.moderated', { consultation: consultation.id, action: action.kind });
      return to(c, consultation.id, '/moderate', saved ? `point-${action.kind}` : 'conflict');
    });

    app.get(`${root}/:id/round2`, ...guard, async (c) => {
      const consultation = await load(c);
      if (!consultation) return renderNotFound(c);
      const points = await deps.store.listPoints(consultation.id);
      const { Round2Page } = await views();
      return renderStaff(
        c,
        <Round2Page
          page={pageOf(c, 'consultations')}
          consultation={consultation}
          phase={phaseAt(consultation.schedule, now())}
          candidates={carryCandidates(consultation.rules, points).map(withoutAuthor)}
          carried={points.filter((p) => p.round === 2).map(withoutAuthor)}
          notice={noticeOf(c)}
        />,
      );
    });

    /**
     * Carries a round-1 point into round 2, reworded or not. The round-2 point is written
     * first (its id derives from nothing, so a retry could make two): the round-1 point's
     * conditional update to `carriedTo` is what settles it, and a losing copy is rejected.
     */
    app.post(`${root}/:id/carry`, ...guard, async (c) => {
      const consultation = await load(c);
      if (!consultation) return renderNotFound(c);
      const phase = phaseAt(consultation.schedule, now());
      if (phase !== 'round2') return to(c, consultation.id, '/round2', 'conflict');
      const form = await formOf(c);
      const original = POINT_ID_PATTERN.test(one(form.point))
        ? await deps.store.getPoint(consultation.id, one(form.point))
        : undefined;
      if (!original || Number(one(form.version)) !== original.version)
        return to(c, consultation.id, '/round2', 'conflict');
      if (!carryCandidates(consultation.rules, [original]).length) return to(c, consultation.id, '/round2', 'conflict');
      const text = checkField(pointTextSchema, form.text);
      const wording = text.ok ? text.value : original.text;
      const carried: Point = {
        id: newPointId(),
        consultationId: consultation.id,
        theme: original.theme,
        round: 2,
        text: wording,
        originalText: wording === original.text ? undefined : original.text,
        status: 'approved',
        carriedFrom: original.id,
        createdAt: now().toISOString(),
        counts: { all: { agree: 0, disagree: 0, pass: 0 }, groups: {} },
        version: 1,
      };
      await deps.store.addPoint(carried);
      const claimed = await deps.store.savePoint({ ...original, carriedTo: carried.id }, original.version);
      if (!claimed) {
        await deps.store.savePoint({ ...carried, status: 'rejected', rejectReason: 'duplicate carry' }, 1);
        return to(c, consultation.id, '/round2', 'conflict');
      }
      log('consultation.carried', { consultation: consultation.id });
      return to(c, consultation.id, '/round2', 'carried');
    });

    app.get(`${root}/:id/results`, ...guard, async (c) => {
      const consultation = await load(c);
      if (!consultation) return renderNotFound(c);
      const points = await deps.store.listPoints(consultation.id);
      const { StaffResultsPage } = await views();
      return renderStaff(
        c,
        <StaffResultsPage
          page={pageOf(c, 'consultations')}
          consultation={consultation}
          rounds={([1, 2] as const).map((round) => ({ round, sections: resultsByTheme(consultation, points, round) }))}
          notice={noticeOf(c)}
        />,
      );
    });

    /**
     * Rebuilds the counters of the points whose voting is over from the vote items (a vote
     * whose counter write was lost is counted again); composing a statement does the same first.
     */
    const recount = async (consultation: Consultation) => {
      const phase = phaseAt(consultation.schedule, now());
      const repaired = await deps.store.recount(consultation.id, (point) => votingOver(phase, point.round));
      log('consultation.recounted', { consultation: consultation.id, repaired: repaired.length });
    };

    app.post(`${root}/:id/recount`, ...guard, async (c) => {
      const consultation = await load(c);
      if (!consultation) return renderNotFound(c);
      await recount(consultation);
      return to(c, consultation.id, '/results', 'recounted');
    });

    const statementsPage = async (
      c: Context,
      consultation: Consultation,
      status: 200 | 400 = 200,
      wording?: Parameters<typeof Views.StatementsPage>[0]['wording'],
    ) => {
      const statements = await deps.store.listStatements(consultation.id);
      const { StatementsPage } = await views();
      return renderStaff(
        c,
        <StatementsPage
          page={pageOf(c, 'consultations')}
          consultation={consultation}
          phase={phaseAt(consultation.schedule, now())}
          statements={Object.fromEntries(statements.map((s) => [s.addressee, s]))}
          notice={noticeOf(c)}
          wording={wording}
        />,
        status,
      );
    };

    app.get(`${root}/:id/statements`, ...guard, async (c) => {
      const consultation = await load(c);
      return consultation ? statementsPage(c, consultation) : renderNotFound(c);
    });

    app.post(`${root}/:id/statements/:addressee/:step`, ...guard, async (c) => {
      const consultation = await load(c);
      const addressee = c.req.param('addressee');
      const step = c.req.param('step');
      if (!consultation || !isStatementAddressee(addressee) || !consultation.addressees.includes(addressee)) {
        return renderNotFound(c);
      }
      const back = (done: string) => to(c, consultation.id, '/statements', done);
      const existing = await deps.store.getStatement(consultation.id, addressee);
      if (step === 'compose') {
        await recount(consultation);
        const points = await deps.store.listPoints(consultation.id);
        const saved = await deps.store.saveDraft({
          consultationId: consultation.id,
          addressee,
          status: 'draft',
          sections: composeStatement(consultation, points, addressee, existing?.sections),
          composedAt: now().toISOString(),
          composedBy: staffOf(c).email,
          sendAttempt: 0,
          version: (existing?.version ?? 0) + 1,
        });
        return back(saved ? 'composed' : 'conflict');
      }
      if (step === 'wording') {
        const form = await formOf(c);
        if (existing?.status !== 'draft' || Number(one(form.version)) !== existing.version) return back('conflict');
        const t = pageOf(c).t;
        const wording = new Map<string, string>();
        const errors: Record<string, string> = {};
        for (const [name, value] of Object.entries(form)) {
          if (!WORDING_FIELD.test(name)) continue;
          const text = one(value);
          const checked = checkField(wordingSchema, text);
          if (checked.ok) wording.set(name, checked.value);
          else if (text.trim() === '') wording.set(name, '');
          else errors[name] = t(checked.error as never, { max: CONSULTATION_LIMITS.wording });
        }
        if (Object.keys(errors).length > 0) {
          return statementsPage(c, consultation, 400, { addressee, errors, values: form });
        }
        const saved = await deps.store.saveDraft({
          ...existing,
          sections: withWording(existing.sections, wording),
          version: existing.version + 1,
        });
        return back(saved ? 'wording' : 'conflict');
      }
      if (step === 'publish') {
        const form = await formOf(c);
        if (!existing || Number(one(form.version)) !== existing.version) return back('conflict');
        if (missingWordings(existing.sections) > 0) return back('wording-missing');
        if (!(await deps.store.publish(consultation.id, addressee, existing.version, now().toISOString())))
          return back('conflict');
        log('consultation.statement-published', { consultation: consultation.id, addressee });
        await startSend(consultation.id, addressee, 1);
        return back('published');
      }
      if (step === 'resend') {
        if (existing?.status !== 'published' || existing.sentAt) return back('conflict');
        const attempt = await deps.store.nextSendAttempt(consultation.id, addressee);
        await startSend(consultation.id, addressee, attempt);
        return back('published');
      }
      return renderNotFound(c);
    });

    async function startSend(consultationId: string, addressee: StatementAddressee, attempt: number) {
      if (!deps.statements) return;
      // A failed start is not lost: the statement stays published and unsent, and "send again" starts it.
      await deps.statements
        .start(statementExecutionName(consultationId, addressee, attempt), { consultationId, addressee })
        .catch((error: Error) => {
          log('workflow.start-failed', { consultation: consultationId, error: error.name });
          return deps.store.recordSendFailure(consultationId, addressee, 'StartFailed');
        });
    }
  }
  return app;
}
