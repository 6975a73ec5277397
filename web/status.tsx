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
} from '#core';
import type { RateLimiter } from '#store';
import { readForm } from './form-body.ts';
import { pageContext, renderPage, statusPath } from './page.tsx';
import { StatusFormPage, type StatusFormProps, StatusResultPage } from './views/status.tsx';

/**
 * `/status` and `/en/status`: a person proves they sent a submission with its reference and
 * receipt code and sees what became of it.
 *
 * Protections, in order: the form posts (the receipt never goes in a URL, a history entry or
 * an access log); malformed codes are refused before anything is counted or read; every
 * well-formed try counts against the client (a daily keyed hash of its address) and against
 * the reference (so one submission cannot be guessed at from many addresses); the lookup
 * hashes and compares in constant time whether or not the reference exists; a wrong
 * reference and a wrong receipt get the same page, status and work; the receipt is never
 * logged (packages/log redacts it too) or stored.
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

  /** Counts this try against the client, then the reference; the wait in seconds if over. */
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
      referenceKey(deps.keySecret, reference),
      limit,
      windowSeconds,
    );
    return byReference.allowed ? undefined : byReference.retryAfterSeconds;
  }

  for (const language of LANGUAGES) {
    const path = statusPath(language);
    const page = (c: Context) => pageContext(language, c.req.path, deps.exitUrl);
    const form = (c: Context, props: Omit<StatusFormProps, 'page' | 'action'>, status: 200 | 400 | 413 | 429 = 200) =>
      renderPage(c, <StatusFormPage page={page(c)} action={path} {...props} />, status);

    app.get(path, (c) => {
      // The confirmation page and the update emails link here with the reference (never the receipt).
      const reference = normaliseCode(c.req.query('reference') ?? '');
      return form(c, { reference: isReference(reference) ? groupCode(reference) : undefined });
    });

    // POST, then the answer in the response itself (no redirect): a GET after a redirect would
    // need the receipt in its URL or in a session, and the page holds private progress. The
    // response is no-store (renderPage), so neither the browser nor a proxy keeps it; a
    // refresh asks before posting again, and a lookup changes nothing but a counter.
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
        return result(c, record);
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
