import { createHmac } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  authorHash,
  CONSULTATION_ID_PATTERN,
  type Consultation,
  checkField,
  clientKey,
  isParticipantCode,
  isVoteChoice,
  LANGUAGES,
  type Language,
  newFormToken,
  newParticipantId,
  newPointId,
  normaliseParticipantCode,
  type Phase,
  type Point,
  PROTECT_FIELDS,
  participantCodeHash,
  participantIdFromCode,
  phaseAt,
  pointTextSchema,
  resultsByTheme,
  validateDeclaration,
  votingRound,
} from '#core';
import type { ConsultationStore, Participant, RateLimiter } from '#store';
import { isReadableForm, readForm } from '../form-body.ts';
import { basePath, pageContext, renderPage } from '../page.tsx';
import { isFormToken, type Protection } from '../protect.ts';
import { MessagePage } from '../views/message.tsx';
import { participantIdOf, setParticipant } from './participant.ts';
import { MinePage, OverviewPage, ProposePage, ResultsPage, VotePage } from './views.tsx';

/**
 * The participants' side of a consultation (issue 14): `/consultations/<id>` in Arabic and
 * `/en/consultations/<id>` in English. Join (with a code, or directly when open), declare
 * groups once, propose points in round 1, vote on every approved point of the open round
 * (a page of points at a time, one fieldset each, no JavaScript needed), see one's own
 * points and the results once a round has closed, and the statements sent.
 */
export interface ConsultationDeps {
  store: ConsultationStore;
  limiter: RateLimiter;
  /** Signs participant tokens and keys the rate limits (never stored). */
  secret: string;
  /** The public form's proof of work: a solved one earns an open consultation's higher join limit. */
  protection?: Pick<Protection, 'verifyPow'> | undefined;
  exitUrl: string;
  clientAddress?: (c: Context) => string | undefined;
  limits?: Partial<typeof DEFAULT_LIMITS>;
  now?: () => Date;
  log?: (event: string, detail?: Record<string, unknown>) => void;
}

export const DEFAULT_LIMITS = {
  /** Code attempts per client per hour (guessing a 60-bit code is hopeless; this keeps it so). */
  codeAttemptsPerHour: 30,
  /** Joins of open consultations per client per hour, without and with a proof of work. */
  openJoinsPerHour: 10,
  openJoinsPerHourWithPow: 60,
  /** Points one participant may propose per hour. */
  proposalsPerHour: 20,
};

const POINTS_PER_PAGE = 10;
const MAX_BODY_BYTES = 64 * 1024;

export function createConsultationRoutes(deps: ConsultationDeps) {
  const app = new Hono({ strict: false });
  const now = deps.now ?? (() => new Date());
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const log = deps.log ?? (() => {});
  const participantSecret = createHmac('sha256', deps.secret)
    .update('mashura:consultation-participant')
    .digest('base64url');
  const clientSecret = createHmac('sha256', deps.secret).update('mashura:consultation-client').digest('base64url');

  const addressOf = (c: Context) => {
    try {
      return deps.clientAddress?.(c);
    } catch {
      return undefined;
    }
  };

  /** Fails open like web/public/protect.ts: a counter outage must not lock people out. */
  async function allowed(bucket: string, key: string, limit: number): Promise<boolean> {
    try {
      return (await deps.limiter.hit(bucket, key, limit, 3600)).allowed;
    } catch (error) {
      log('ratelimit.unavailable', { bucket, error: (error as Error).name });
      return true;
    }
  }

  for (const language of LANGUAGES) {
    const base = `${basePath(language)}/consultations/:id`;
    const page = (c: Context) => pageContext(language, c.req.path, deps.exitUrl);
    const formPath = basePath(language) || '/';

    const message = (c: Context, title: 'notFound' | 'closed' | 'tooMany', status: 404 | 409 | 429) =>
      renderPage(
        c,
        <MessagePage
          page={page(c)}
          title={title === 'notFound' ? 'notFound.title' : `cons.${title}.title`}
          body={title === 'notFound' ? 'notFound.body' : `cons.${title}.body`}
          formPath={formPath}
        />,
        status,
      );

    /** A body over the limit gets a translated 413 page, never the framework's error (a 500 here). */
    const limited = bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        renderPage(
          c,
          <MessagePage page={page(c)} title="error.tooLarge.title" body="error.tooLarge.body" formPath={formPath} />,
          413,
        ),
    });

    /** A post that is not a readable form gets a translated 400 page and changes nothing. */
    const readable: MiddlewareHandler = async (c, next) => {
      if (await isReadableForm(c.req.raw)) return next();
      return renderPage(
        c,
        <MessagePage page={page(c)} title="error.badForm.title" body="error.badForm.body" formPath={formPath} />,
        400,
      );
    };

    /** The consultation on this path and its phase, or a "not found" response. */
    async function load(c: Context): Promise<{ consultation: Consultation; phase: Phase } | Response> {
      const id = c.req.param('id') ?? '';
      const consultation = CONSULTATION_ID_PATTERN.test(id) ? await deps.store.get(id) : undefined;
      if (!consultation) return message(c, 'notFound', 404);
      return { consultation, phase: phaseAt(consultation.schedule, now()) };
    }

    async function participantOf(c: Context, consultation: Consultation): Promise<Participant | undefined> {
      const id = participantIdOf(c, participantSecret, consultation.id);
      return id ? deps.store.getParticipant(consultation.id, id) : undefined;
    }

    /** Points a participant votes on now: approved, of the open round, in theme order. */
    function votable(consultation: Consultation, points: Point[], round: 1 | 2) {
      const order = new Map(consultation.themes.map((theme, index) => [theme.id, index]));
      return points
        .filter((point) => point.round === round && point.status === 'approved')
        .sort((a, b) => (order.get(a.theme) ?? 99) - (order.get(b.theme) ?? 99));
    }

    async function progressOf(consultation: Consultation, phase: Phase, participant: Participant) {
      const round = votingRound(phase);
      if (!round) return undefined;
      const [points, votes] = await Promise.all([
        deps.store.listPoints(consultation.id),
        deps.store.votesOf(consultation.id, participant.id),
      ]);
      const open = votable(consultation, points, round);
      return { voted: open.filter((point) => votes.has(point.id)).length, total: open.length };
    }

    const noticeOf = (c: Context, t: ReturnType<typeof page>['t']) => {
      const done = c.req.query('done');
      if (done === 'joined') return t('cons.notice.joined');
      if (done === 'proposed') return t('cons.notice.proposed');
      if (done === 'voted') return t('cons.notice.voted');
      return undefined;
    };

    app.get(base, async (c) => {
      const loaded = await load(c);
      if (loaded instanceof Response) return loaded;
      const { consultation, phase } = loaded;
      const participant = await participantOf(c, consultation);
      const statements = await deps.store.listStatements(consultation.id);
      const p = page(c);
      const formToken = newFormToken();
      return renderPage(
        c,
        <OverviewPage
          page={p}
          consultation={consultation}
          phase={phase}
          joined={Boolean(participant)}
          progress={participant ? await progressOf(consultation, phase, participant) : undefined}
          statements={statements}
          join={{ formToken, protect: protectFor(consultation, formToken), values: {}, errors: {} }}
          notice={noticeOf(c, p.t)}
        />,
      );
    });

    const protectFor = (consultation: Consultation, formToken: string) =>
      consultation.access === 'open' && deps.protection
        ? { challengeUrl: `/altcha/challenge?form=${formToken}` }
        : undefined;

    app.post(`${base}/join`, limited, readable, async (c) => {
      const loaded = await load(c);
      if (loaded instanceof Response) return loaded;
      const { consultation, phase } = loaded;
      if (phase !== 'round1' && phase !== 'round2') return message(c, 'closed', 409);
      const values = await readForm(c.req.raw);
      const single = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
      const p = page(c);
      const again = (errors: { code?: string; form?: string }, status: 400 | 429) => {
        const formToken = newFormToken();
        return renderPage(
          c,
          <OverviewPage
            page={p}
            consultation={consultation}
            phase={phase}
            joined={false}
            statements={[]}
            join={{
              formToken,
              protect: protectFor(consultation, formToken),
              values: Object.fromEntries(
                ['code', 'gender', 'location', 'disability'].map((name) => [name, single(name).slice(0, 30)]),
              ),
              errors,
            }}
          />,
          status,
        );
      };
      const declaration = validateDeclaration(values);
      if (!declaration) return again({ form: p.t('error.invalid') }, 400);
      if (single(PROTECT_FIELDS.honeypot) !== '') return again({ form: p.t('protect.honeypot') }, 400);
      const client = clientKey(clientSecret, addressOf(c) ?? 'unknown', now());

      let participantId: string;
      let group: string | undefined;
      if (consultation.access === 'closed') {
        if (!(await allowed('cons-code', client, limits.codeAttemptsPerHour)))
          return again({ form: p.t('cons.tooMany.body') }, 429);
        const code = normaliseParticipantCode(single('code'));
        if (code === '') return again({ code: p.t('cons.error.code.required') }, 400);
        const hash = isParticipantCode(code) ? participantCodeHash(code) : undefined;
        const record = hash ? await deps.store.findCode(hash) : undefined;
        if (!hash || !record || record.consultationId !== consultation.id) {
          log('consultation.code-refused', {});
          return again({ code: p.t('cons.error.code.unknown') }, 400);
        }
        participantId = participantIdFromCode(hash);
        group = record.group;
      } else {
        const formToken = single('formToken');
        const pow =
          isFormToken(formToken) && deps.protection
            ? deps.protection.verifyPow(formToken, values[PROTECT_FIELDS.pow])
            : false;
        const limit = pow ? limits.openJoinsPerHourWithPow : limits.openJoinsPerHour;
        if (!(await allowed(pow ? 'cons-join' : 'cons-join-nopow', client, limit))) {
          return again({ form: p.t('cons.tooMany.body') }, 429);
        }
        participantId = participantIdOf(c, participantSecret, consultation.id) ?? newParticipantId();
      }
      const { created } = await deps.store.join({
        consultationId: consultation.id,
        id: participantId,
        via: consultation.access === 'closed' ? 'code' : 'open',
        group,
        declaration,
        joinedAt: now().toISOString(),
      });
      log(created ? 'consultation.joined' : 'consultation.rejoined', { consultation: consultation.id });
      setParticipant(c, participantSecret, consultation.id, participantId);
      return c.redirect(`${basePath(language)}/consultations/${consultation.id}?done=joined`, 303);
    });

    /** Pages for joined participants only; others go back to the join form. */
    async function joined(c: Context) {
      const loaded = await load(c);
      if (loaded instanceof Response) return loaded;
      const participant = await participantOf(c, loaded.consultation);
      if (!participant) return c.redirect(`${basePath(language)}/consultations/${loaded.consultation.id}`, 303);
      return { ...loaded, participant };
    }

    const pageNumberOf = (c: Context, count: number) => {
      const n = Number.parseInt(c.req.query('page') ?? '1', 10);
      return Number.isFinite(n) && n >= 1 && n <= Math.max(1, count) ? n : 1;
    };

    async function votePage(c: Context, errors: Record<string, string> = {}, submitted?: Map<string, string>) {
      const ctx = await joined(c);
      if (ctx instanceof Response) return ctx;
      const { consultation, phase, participant } = ctx;
      const round = votingRound(phase);
      if (!round) return message(c, 'closed', 409);
      const [points, votes] = await Promise.all([
        deps.store.listPoints(consultation.id),
        deps.store.votesOf(consultation.id, participant.id),
      ]);
      const open = votable(consultation, points, round);
      const pageCount = Math.max(1, Math.ceil(open.length / POINTS_PER_PAGE));
      const pageNumber = pageNumberOf(c, pageCount);
      for (const [id, choice] of submitted ?? []) if (isVoteChoice(choice)) votes.set(id, choice);
      const p = page(c);
      return renderPage(
        c,
        <VotePage
          page={p}
          consultation={consultation}
          round={round}
          points={open.slice((pageNumber - 1) * POINTS_PER_PAGE, pageNumber * POINTS_PER_PAGE)}
          votes={votes}
          pageNumber={pageNumber}
          pageCount={pageCount}
          progress={{ voted: open.filter((point) => votes.has(point.id)).length, total: open.length }}
          errors={errors}
          notice={Object.keys(errors).length === 0 ? noticeOf(c, p.t) : undefined}
        />,
        Object.keys(errors).length > 0 ? 400 : 200,
      );
    }

    app.get(`${base}/vote`, (c) => votePage(c));

    app.post(`${base}/vote`, limited, readable, async (c) => {
      const ctx = await joined(c);
      if (ctx instanceof Response) return ctx;
      const { consultation, phase, participant } = ctx;
      const round = votingRound(phase);
      if (!round) return message(c, 'closed', 409);
      const values = await readForm(c.req.raw);
      // The page's points, as one comma-separated field (one hidden input per point would repeat a name).
      const listed = typeof values.points === 'string' ? values.points.split(',') : [];
      const points = new Map(
        votable(consultation, await deps.store.listPoints(consultation.id), round).map((p) => [p.id, p]),
      );
      const errors: Record<string, string> = {};
      const choices = new Map<string, string>();
      const t = page(c).t;
      for (const id of listed.slice(0, POINTS_PER_PAGE * 2)) {
        if (!points.has(id)) continue; // Rejected, merged or closed since the page was shown: nothing to record.
        const choice = values[`vote-${id}`];
        if (choice === undefined) continue;
        if (!isVoteChoice(choice)) errors[id] = t('cons.error.vote');
        else choices.set(id, choice);
      }
      if (Object.keys(errors).length > 0) return votePage(c, errors, choices);
      for (const [id, choice] of choices) await deps.store.vote(participant, id, choice as never);
      const open = [...points.values()];
      const pageCount = Math.max(1, Math.ceil(open.length / POINTS_PER_PAGE));
      const current = pageNumberOf(c, pageCount);
      const target = current < pageCount ? `/vote?page=${current + 1}&done=voted` : `?done=voted`;
      return c.redirect(`${basePath(language)}/consultations/${consultation.id}${target}`, 303);
    });

    app.get(`${base}/propose`, async (c) => {
      const ctx = await joined(c);
      if (ctx instanceof Response) return ctx;
      if (ctx.phase !== 'round1') return message(c, 'closed', 409);
      return renderPage(c, <ProposePage page={page(c)} consultation={ctx.consultation} values={{}} errors={{}} />);
    });

    app.post(`${base}/propose`, limited, readable, async (c) => {
      const ctx = await joined(c);
      if (ctx instanceof Response) return ctx;
      const { consultation, phase, participant } = ctx;
      if (phase !== 'round1') return message(c, 'closed', 409);
      const values = await readForm(c.req.raw);
      const p = page(c);
      const theme = typeof values.theme === 'string' ? values.theme : '';
      const text = checkField(pointTextSchema, values.text);
      const errors: { theme?: string; text?: string; form?: string } = {};
      if (!consultation.themes.some((t) => t.id === theme)) errors.theme = p.t('cons.error.theme.required');
      if (!text.ok) errors.text = p.t(text.error as never, { max: 300 });
      const shown = { theme, text: typeof values.text === 'string' ? values.text.slice(0, 2000) : '' };
      if (errors.theme || errors.text) {
        return renderPage(c, <ProposePage page={p} consultation={consultation} values={shown} errors={errors} />, 400);
      }
      if (!(await allowed('cons-propose', `${consultation.id}:${participant.id}`, limits.proposalsPerHour))) {
        return renderPage(
          c,
          <ProposePage
            page={p}
            consultation={consultation}
            values={shown}
            errors={{ form: p.t('cons.tooMany.body') }}
          />,
          429,
        );
      }
      await deps.store.addPoint({
        id: newPointId(),
        consultationId: consultation.id,
        theme,
        round: 1,
        text: text.ok ? text.value : '',
        status: 'pending',
        authorHash: authorHash(consultation.id, participant.id),
        createdAt: now().toISOString(),
        counts: { all: { agree: 0, disagree: 0, pass: 0 }, groups: {} },
        version: 1,
      });
      return c.redirect(`${basePath(language)}/consultations/${consultation.id}/mine?done=proposed`, 303);
    });

    app.get(`${base}/mine`, async (c) => {
      const ctx = await joined(c);
      if (ctx instanceof Response) return ctx;
      const mine = authorHash(ctx.consultation.id, ctx.participant.id);
      const points = (await deps.store.listPoints(ctx.consultation.id)).filter((point) => point.authorHash === mine);
      const p = page(c);
      return renderPage(
        c,
        <MinePage page={p} consultation={ctx.consultation} points={points} notice={noticeOf(c, p.t)} />,
      );
    });

    app.get(`${base}/results`, async (c) => {
      const loaded = await load(c);
      if (loaded instanceof Response) return loaded;
      const { consultation, phase } = loaded;
      const [points, totals, statements] = await Promise.all([
        deps.store.listPoints(consultation.id),
        deps.store.totals(consultation.id),
        deps.store.listStatements(consultation.id),
      ]);
      // A round's results are shown once it has closed, so nobody votes with the crowd.
      const closedRounds = ([1, 2] as const).filter((round) =>
        round === 1 ? phase === 'round2' || phase === 'closed' : phase === 'closed',
      );
      return renderPage(
        c,
        <ResultsPage
          page={page(c)}
          consultation={consultation}
          rounds={closedRounds.map((round) => ({ round, sections: resultsByTheme(consultation, points, round) }))}
          totals={totals}
          statements={statements}
        />,
      );
    });
  }

  return app;
}

export type { Language };
