import type { Context } from 'hono';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import {
  assertNever,
  hashesEqual,
  type Intake,
  isReference,
  LANGUAGES,
  type Language,
  languageOfPath,
  type MessageKey,
  newFormToken,
  normaliseCode,
  PROTECT_FIELDS,
  publicPath,
  type RetentionRules,
  receiptHash,
  SITE_PATHS,
  type SubmissionRecord,
  translator,
  VOICE_LIMITS,
} from '#core';
import { limitBody } from '../body-limit.ts';
import { dropCookie, readCookie, writeCookie } from '../cookies.ts';
import { refuseCrossSite } from '../cross-site.ts';
import { noStoreByDefault, securityHeaders } from '../security-headers.ts';
import { favicon } from './assets/favicon.ts';
import { findAsset } from './assets/index.ts';
import { SENDER_HEADER, SENT_LOCATION_HEADER } from './assets/send.js.ts';
import { type ConsultationDeps, createConsultationRoutes } from './consultations/app.tsx';
import { createFollowUpRoutes, type FollowUpDeps } from './follow-up.tsx';
import { readFormWithFiles } from './form-body.ts';
import { formPath, pageContext, renderPage as render } from './page.tsx';
import { isFormToken, type Protection } from './protect.ts';
import { createSubmitForm, type SubmitOutcome } from './submit.ts';
import { FormPage, type FormValues } from './views/form.tsx';
import { MessagePage } from './views/message.tsx';
import { PrivacyPage } from './views/privacy.tsx';
import { SentPage } from './views/sent.tsx';

export interface AppDeps {
  intake: Intake;
  submissions: {
    get(reference: string): Promise<SubmissionRecord | undefined>;
    /** Takes back a post the rate limit refused after its write; without it, the counter goes first. */
    withdraw?(record: SubmissionRecord): Promise<boolean>;
  };
  exitUrl: string;
  /** Called after the durable write; failures must not reach the person (redrive catches up). */
  onSubmitted?: (record: SubmissionRecord) => Promise<void>;
  log?: (event: string, detail?: Record<string, unknown>) => void;
  /** Abuse defences (web/public/protect.ts). composeWeb always wires them; bare test apps may not. */
  protection?: Protection;
  /** The client's network address, used only to derive its rate-limit key: never stored or logged. */
  clientAddress?: (c: Context) => string | undefined;
  /** How long things are kept, as stated on the form and in the privacy notice. */
  retention?: RetentionRules;
  /** Following up input (issue 5): /status, /outcomes, /easy-read and their admin pages (web/public/follow-up.tsx). */
  followUp?: FollowUpDeps;
  /** Consultations (issue 14): the participants' pages, web/public/consultations/. */
  consultations?: Omit<ConsultationDeps, 'clientAddress' | 'log' | 'exitUrl'>;
  /** The staff side (issue 4), built by functions/compose-staff.ts and mounted as it is. */
  // biome-ignore lint/suspicious/noExplicitAny: any sub-app env; it is only mounted.
  staffApp?: Hono<any>;
}

/** Largest accepted form post: the message limit in 4-byte characters plus ample room. */
export const MAX_BODY_BYTES = 64 * 1024;
/**
 * The form's multipart post may carry a recording (issue 19): the recording's limit plus the
 * text's. Only the form's own route, and only multipart, gets it (stacks/Edge.ts agrees).
 */
export const MAX_VOICE_BODY_BYTES = VOICE_LIMITS.bytes + MAX_BODY_BYTES;
const isMultipart = (c: Context) => /^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '');
/**
 * The receipt travels from the POST to the confirmation in a session cookie (never a URL),
 * and the confirmation consumes it: reopened from history, restored with the session or
 * reloaded, the page no longer shows the receipt (issue 12, finding 5).
 */
const RECEIPT_COOKIE = 'mashura_receipt';
/** The form's notice for each refusal of the abuse defences that a person can simply resend. */
const PROTECT_NOTICES = {
  honeypot: 'protect.honeypot',
  'too-fast': 'protect.tooFast',
  stamp: 'protect.stamp',
} as const satisfies Partial<Record<SubmitOutcome['kind'], MessageKey>>;

export function createApp(deps: AppDeps) {
  const log = deps.log ?? (() => {});
  const app = new Hono({ strict: false });

  const formPaths = new Set<string>(LANGUAGES.map(formPath));
  app.use(
    securityHeaders(undefined, {
      recordsOn: (path) => formPaths.has(path.length > 1 ? path.replace(/\/$/, '') : path),
    }),
  );
  // Anything that does not say otherwise (redirects after a POST included) is never cached.
  app.use(noStoreByDefault());
  app.use(
    refuseCrossSite((c) => {
      const language = languageOfPath(c.req.path);
      return render(
        c,
        <MessagePage
          page={pageContext(language, c.req.path, deps.exitUrl)}
          title="error.crossSite.title"
          body="error.crossSite.body"
          formPath={formPath(language)}
        />,
        403,
      );
    }),
  );
  app.use(compress());

  app.get(SITE_PATHS.health, (c) => c.json({ ok: true }));

  /** The stamp and proof-of-work source for a form; keeps a still-valid stamp when re-rendering. */
  const protectFor = (formToken: string, previousStamp?: unknown) =>
    deps.protection
      ? {
          stamp: deps.protection.restamp(formToken, previousStamp),
          challengeUrl: `${SITE_PATHS.challenge}?form=${formToken}`,
        }
      : undefined;

  const submitForm = createSubmitForm({ ...deps, log });

  /** What the person sees for each outcome of sending the form: the form again, or the confirmation. */
  function renderSubmitOutcome(c: Context, language: Language, values: FormValues, outcome: SubmitOutcome) {
    const form = (status: 400 | 429 | 503, extra: Partial<Parameters<typeof FormPage>[0]>, newToken = false) => {
      if (newToken) values.formToken = newFormToken();
      const token = typeof values.formToken === 'string' ? values.formToken : newFormToken();
      return render(
        c,
        <FormPage
          page={pageContext(language, c.req.path, deps.exitUrl)}
          action={formPath(language)}
          formToken={token}
          values={values}
          protect={protectFor(token, values[PROTECT_FIELDS.stamp])}
          retention={deps.retention}
          {...extra}
        />,
        status,
      );
    };
    switch (outcome.kind) {
      case 'invalid':
        return form(400, { errors: outcome.errors }, outcome.tokenRefused);
      case 'honeypot':
      case 'too-fast':
      case 'stamp':
        return form(400, { notice: PROTECT_NOTICES[outcome.kind] });
      case 'rate-limited': {
        if (outcome.retryAfterSeconds) c.header('Retry-After', String(outcome.retryAfterSeconds));
        const minutes = translator(language)('protect.minutes', { n: Math.ceil(outcome.retryAfterSeconds / 60) });
        return form(429, { notice: 'protect.rateLimited', noticeParams: { minutes } });
      }
      case 'unavailable':
        return form(503, { notice: 'error.unavailable' });
      case 'collision':
        return form(400, { notice: 'error.collision' }, true);
      case 'duplicate':
      case 'accepted': {
        writeCookie(c, RECEIPT_COOKIE, `${outcome.reference}.${outcome.receipt}`);
        const sentPath = `${publicPath(language, 'sent')}/${outcome.reference}`;
        // The sender (assets/send.js) asks for the place instead of the redirect: its
        // XMLHttpRequest would follow a 303 itself and spend the one-time receipt out of
        // sight. It then goes there as the browser does after a 303, cookie and all.
        if (c.req.header(SENDER_HEADER)) {
          c.header(SENT_LOCATION_HEADER, sentPath);
          return c.body(null, 204);
        }
        return c.redirect(sentPath, 303);
      }
      default:
        return assertNever(outcome, 'submit outcome');
    }
  }

  /** An ALTCHA challenge bound to one form (the browser solves it while the person writes). */
  app.get(SITE_PATHS.challenge, async (c) => {
    if (!deps.protection) return notFound(c);
    const form = c.req.query('form');
    c.header('Cache-Control', 'no-store');
    if (!isFormToken(form)) return c.json({ error: 'form' }, 400);
    return c.json(await deps.protection.challenge(form));
  });

  /** The client's address for its rate-limit key; a runtime that cannot tell shares the 'unknown' key. */
  function addressOf(c: Context): string | undefined {
    try {
      return deps.clientAddress?.(c);
    } catch {
      return undefined;
    }
  }

  app.get(SITE_PATHS.favicon, (c) => {
    c.header('Content-Type', 'image/x-icon');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(favicon);
  });

  app.get(`${SITE_PATHS.assets}/:name`, (c) => {
    const asset = findAsset(c.req.param('name'));
    if (!asset) return c.notFound();
    c.header('Content-Type', asset.type);
    c.header('ETag', asset.etag);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    if (c.req.header('If-None-Match') === asset.etag) return c.body(null, 304);
    return c.body(asset.body);
  });

  for (const language of LANGUAGES) {
    const page = (c: Context) => pageContext(language, c.req.path, deps.exitUrl);

    app.get(formPath(language), (c) => {
      const formToken = newFormToken();
      return render(
        c,
        <FormPage
          page={page(c)}
          action={formPath(language)}
          formToken={formToken}
          protect={protectFor(formToken)}
          retention={deps.retention}
        />,
      );
    });

    app.get(publicPath(language, 'privacy'), (c) =>
      render(c, <PrivacyPage page={page(c)} retention={deps.retention} />),
    );

    const tooLarge = (c: Context) =>
      render(
        c,
        <MessagePage
          page={page(c)}
          title="error.tooLarge.title"
          body="error.tooLarge.body"
          formPath={formPath(language)}
        />,
        413,
      );
    const textLimit = limitBody({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
    const voiceLimit = limitBody({ maxSize: MAX_VOICE_BODY_BYTES, onError: tooLarge });

    app.post(
      formPath(language),
      (c, next) => (isMultipart(c) ? voiceLimit(c, next) : textLimit(c, next)),
      async (c) => {
        const { values, files } = await readFormWithFiles(c.req.raw);
        const outcome = await submitForm({ values, voice: files.voice, language, address: addressOf(c) });
        return renderSubmitOutcome(c, language, values, outcome);
      },
    );

    app.get(`${publicPath(language, 'sent')}/:reference`, async (c) => {
      const reference = normaliseCode(c.req.param('reference'));
      const record = isReference(reference) ? await deps.submissions.get(reference) : undefined;
      if (!record) return notFound(c);
      const cookie = readCookie(c, RECEIPT_COOKIE);
      const [cookieReference, receipt] = (cookie ?? '').split('.');
      const showReceipt =
        cookieReference === reference && receipt !== undefined && hashesEqual(receiptHash(receipt), record.receiptHash);
      // Shown once: the cookie goes with this response, whether it matched or not.
      if (cookie !== undefined) dropCookie(c, RECEIPT_COOKIE);
      return render(
        c,
        <SentPage
          page={page(c)}
          reference={reference}
          receipt={showReceipt ? receipt : undefined}
          addressee={showReceipt ? record.addressee : undefined}
          hasEmail={showReceipt ? record.hasEmail : undefined}
          formPath={formPath(language)}
        />,
      );
    });
  }

  function notFound(c: Context) {
    const language = languageOfPath(c.req.path);
    return render(
      c,
      <MessagePage
        page={pageContext(language, formPath(language), deps.exitUrl)}
        title="notFound.title"
        body="notFound.body"
        formPath={formPath(language)}
      />,
      404,
    );
  }

  if (deps.staffApp) app.route('/', deps.staffApp);
  if (deps.consultations) {
    app.route(
      '/',
      createConsultationRoutes({ ...deps.consultations, exitUrl: deps.exitUrl, clientAddress: addressOf, log }),
    );
  }
  if (deps.followUp) {
    app.route('/', createFollowUpRoutes(deps.followUp, { exitUrl: deps.exitUrl, clientAddress: addressOf, log }));
  }

  app.notFound(notFound);
  app.onError((error, c) => {
    log('request.failed', { error: error.name, message: error.message, path: c.req.path });
    const language = languageOfPath(c.req.path);
    return render(
      c,
      <MessagePage
        page={pageContext(language, formPath(language), deps.exitUrl)}
        title="error.page.title"
        body="error.page.body"
        formPath={formPath(language)}
      />,
      500,
    );
  });

  return app;
}
