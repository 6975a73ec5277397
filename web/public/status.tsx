import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  buildTimeline,
  CONSENT_FORM_MINUTES,
  checkConsentToken,
  clientKey,
  consentToken,
  groupCode,
  isReference,
  LANGUAGES,
  normaliseCode,
  parseStatusQuery,
  referenceKey,
  type StatusLookup,
  type SubmissionRecord,
  type SubmissionRepository,
} from '#core';
import type { RateLimiter, StatusViewStore } from '#store';
import { dropCookie, readCookie, writeCookie } from '../cookies.ts';
import { readForm } from './form-body.ts';
import { pageContext, renderPage, statusPath } from './page.tsx';
import { StatusFormPage, type StatusFormProps, StatusResultPage } from './views/status.tsx';

/**
 * `/status` and `/en/status`: a person proves they sent a submission with its reference and
 * receipt code and sees what became of it.
 *
 * Protections, in order: the form posts (the receipt never goes in a URL, a history entry or
 * an access log); malformed codes are refused before anything is counted or read; every
 * well-formed try counts against the client (a daily keyed hash of its network) and against
 * the pair of reference and client (so nobody who knows a reference can lock its owner out:
 * issue 12, finding 8; with an 80-bit receipt and the per-client limit, guessing stays
 * infeasible from any number of networks, see docs/security.md); the lookup
 * hashes and compares in constant time whether or not the reference exists; a wrong
 * reference and a wrong receipt get the same page, status and work; the receipt is never
 * logged (packages/log redacts it too) or stored.
 *
 * A found submission is not rendered in answer to the POST (session restore would keep and
 * replay that request): the POST stores a one-time handle, puts it in a session cookie and
 * redirects to `/status/result`, which shows the result once and forgets the handle.
 */
export interface StatusLimits {
  perClient: { limit: number; windowSeconds: number };
  /** Clients whose address is unknown share one bucket, so it is larger. */
  sharedClients: { limit: number; windowSeconds: number };
  perReference: { limit: number; windowSeconds: number };
}

export const STATUS_LIMITS: StatusLimits = statusLimits({ perClientPerHour: 20, perReferencePerHour: 10 });

/** The limits from configuration (hourly windows); clients without an address share ten clients' worth. */
export function statusLimits(rules: { perClientPerHour: number; perReferencePerHour: number }): StatusLimits {
  return {
    perClient: { limit: rules.perClientPerHour, windowSeconds: 3600 },
    sharedClients: { limit: rules.perClientPerHour * 10, windowSeconds: 3600 },
    perReference: { limit: rules.perReferencePerHour, windowSeconds: 3600 },
  };
}

export interface StatusDeps {
  lookup: StatusLookup;
  submissions: Pick<SubmissionRepository, 'get'>;
  views: StatusViewStore;
  limiter: RateLimiter;
  /** Keys the rate-limit counters (client and reference keys); never the receipt secret itself. */
  keySecret: string;
  clientAddress?: (c: Context) => string | undefined;
  limits?: StatusLimits;
  exitUrl: string;
  log: (event: string, detail?: Record<string, unknown>) => void;
  /**
   * Changing the consent to be quoted (issue 16): the result page carries a short-lived
   * token for its reference (never the receipt), which the consent form posts back.
   */
  consent?: {
    get(reference: string): Promise<SubmissionRecord | undefined>;
    set(reference: string, consent: boolean): Promise<boolean>;
  };
}

/** A lookup post is two short codes; anything much larger is not one. */
const MAX_LOOKUP_BYTES = 2048;
const SHARED_CLIENT = 'shared';
const RESULT_COOKIE = 'mashura_status';
/** Long enough to follow the redirect on a slow line; the handle is gone after one view anyway. */
const RESULT_HANDLE_SECONDS = 10 * 60;
const HANDLE = /^[A-Za-z0-9_-]{43}$/;
/** Tries on one reference from all clients in an hour past which it is logged as under attack (never refused). */
const REFERENCE_ALARM = 100;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function addressOf(deps: StatusDeps, c: Context): string | undefined {
  try {
    return deps.clientAddress?.(c) || undefined;
  } catch {
    return undefined; // e.g. an in-process request with no socket behind it
  }
}

export function createStatusRoutes(deps: StatusDeps) {
  const limits = deps.limits ?? STATUS_LIMITS;
  const app = new Hono();

  /**
   * Counts this try against the client, then against this client's tries on this reference;
   * the wait in seconds if over. All clients' tries on one reference are counted too, only to
   * log an attack for the alarms: refusing on that count would let anyone who knows a
   * reference (it is in the acknowledgement's subject) lock its owner out.
   */
  async function overLimit(c: Context, reference: string): Promise<number | undefined> {
    const address = addressOf(deps, c);
    const client = address
      ? { key: clientKey(deps.keySecret, address), ...limits.perClient }
      : { key: SHARED_CLIENT, ...limits.sharedClients };
    const byClient = await deps.limiter.hit('status-client', client.key, client.limit, client.windowSeconds);
    if (!byClient.allowed) return byClient.retryAfterSeconds;
    const { limit, windowSeconds } = limits.perReference;
    const byReference = await deps.limiter.hit(
      'status-ref',
      referenceKey(deps.keySecret, `${reference}#${client.key}`),
      limit,
      windowSeconds,
    );
    const all = await deps.limiter.hit(
      'status-ref-all',
      referenceKey(deps.keySecret, reference),
      REFERENCE_ALARM,
      3600,
    );
    if (!all.allowed) deps.log('status.reference-under-attack', {});
    return byReference.allowed ? undefined : byReference.retryAfterSeconds;
  }

  for (const language of LANGUAGES) {
    const path = statusPath(language);
    const page = (c: Context) => pageContext(language, c.req.path, deps.exitUrl);
    const form = (
      c: Context,
      props: Omit<StatusFormProps, 'page' | 'action'>,
      status: 200 | 400 | 410 | 413 | 429 = 200,
    ) => renderPage(c, <StatusFormPage page={page(c)} action={path} {...props} />, status);

    app.get(path, (c) => {
      // The confirmation page and the update emails link here with the reference (never the receipt).
      const reference = normaliseCode(c.req.query('reference') ?? '');
      return form(c, { reference: isReference(reference) ? groupCode(reference) : undefined });
    });

    // POST → 303 → GET with a one-time handle: the receipt is never in a URL, and the result
    // page is a GET that a reload, the back button or session restore cannot show again.
    app.get(`${path}/result`, async (c) => {
      const handle = readCookie(c, RESULT_COOKIE);
      dropCookie(c, RESULT_COOKIE);
      const reference = handle && HANDLE.test(handle) ? await deps.views.take(sha256(handle)) : undefined;
      const record = reference ? await deps.submissions.get(reference) : undefined;
      if (!record) return form(c, { info: 'status.result.gone' }, 410);
      return result(c, record);
    });

    app.post(
      path,
      bodyLimit({
        maxSize: MAX_LOOKUP_BYTES,
        onError: (c) => form(c, { errors: { reference: 'status.error.reference.format' } }, 413),
      }),
      async (c) => {
        const values = await readForm(c.req.raw);
        const typed = typeof values.reference === 'string' ? values.reference.slice(0, 64) : '';
        const query = parseStatusQuery(values);
        if (!query.ok) return form(c, { reference: typed, errors: query.errors }, 400);
        const { reference, receipt } = query.value;

        const wait = await overLimit(c, reference);
        if (wait !== undefined) {
          deps.log('status.limited', {});
          const minutes = Math.max(1, Math.ceil(wait / 60));
          c.header('Retry-After', String(wait));
          return form(
            c,
            { reference: groupCode(reference), notice: { key: 'status.error.tooMany', params: { n: minutes } } },
            429,
          );
        }

        const record = await deps.lookup.find(reference, receipt);
        deps.log('status.lookup', { found: Boolean(record) });
        if (!record) {
          return form(
            c,
            { reference: groupCode(reference), notice: { key: 'status.error.noMatch', target: 'reference' } },
            400,
          );
        }
        const handle = randomBytes(32).toString('base64url');
        await deps.views.issue(sha256(handle), record.reference, Math.floor(Date.now() / 1000) + RESULT_HANDLE_SECONDS);
        writeCookie(c, RESULT_COOKIE, handle);
        c.header('Cache-Control', 'no-store');
        return c.redirect(`${path}/result`, 303);
      },
    );

    const consentKey = `${deps.keySecret}:quote-consent`;
    const result = (c: Context, record: SubmissionRecord, notice?: 'yes' | 'no') => {
      const expires = Date.now() + CONSENT_FORM_MINUTES * 60_000;
      return renderPage(
        c,
        <StatusResultPage
          page={page(c)}
          reference={record.reference}
          timeline={buildTimeline(record)}
          lookupPath={path}
          consent={
            deps.consent
              ? {
                  action: `${path}/consent`,
                  given: record.quoteConsent === true,
                  expires,
                  token: consentToken(consentKey, record.reference, expires),
                  changed: notice,
                }
              : undefined
          }
        />,
      );
    };

    app.post(
      `${path}/consent`,
      bodyLimit({
        maxSize: MAX_LOOKUP_BYTES,
        onError: (c) => form(c, { notice: { key: 'consent.error.expired' } }, 413),
      }),
      async (c) => {
        const values = await readForm(c.req.raw);
        const reference = normaliseCode(typeof values.reference === 'string' ? values.reference.slice(0, 64) : '');
        const expires = Number(values.expires);
        const token = typeof values.token === 'string' ? values.token.slice(0, 100) : '';
        const wanted = values.consent === 'yes' ? true : values.consent === 'no' ? false : undefined;
        const valid =
          deps.consent &&
          wanted !== undefined &&
          isReference(reference) &&
          checkConsentToken(consentKey, reference, expires, token);
        const record = valid ? await deps.consent!.get(reference) : undefined;
        if (!valid || !record || !(await deps.consent!.set(reference, wanted!))) {
          return form(c, { notice: { key: 'consent.error.expired' } }, 400);
        }
        deps.log('status.consent-changed', {});
        return result(c, { ...record, quoteConsent: wanted }, wanted ? 'yes' : 'no');
      },
    );
  }
  return app;
}
