import { hkdfSync } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createStatusLookup, LANGUAGES, type SubmissionRepository } from '#core';
import type { OutcomeStore, RateLimiter, StatusViewStore } from '#store';
import { createOutcomesRoutes } from './outcomes.tsx';
import { easyReadPath, pageContext, renderPage } from './page.tsx';
import { createStatusRoutes, type StatusLimits } from './status.tsx';
import { EasyReadPage } from './views/easy-read.tsx';

/**
 * Following up input (issue 5), mounted by web/public/app.tsx: `/status`, `/outcomes`,
 * `/easy-read` (each also under `/en`). The outcome notes' admin pages are the staff side's
 * (web/staff/outcomes.tsx).
 */
export interface FollowUpDeps {
  submissions: Pick<SubmissionRepository, 'get'> & {
    /** The person's change to their consent to be quoted (issue 16); without it /status only shows it. */
    setQuoteConsent?(reference: string, consent: boolean): Promise<boolean>;
  };
  outcomes: OutcomeStore;
  limiter: RateLimiter;
  /** One-time handles for /status results (packages/store/status-views.ts). */
  views: StatusViewStore;
  /** A server secret; the rate-limit counters' key is derived from it (HKDF), never used as is. */
  secret: string;
  limits?: StatusLimits;
}

export interface FollowUpContext {
  exitUrl: string;
  clientAddress?: (c: Context) => string | undefined;
  log?: (event: string, detail?: Record<string, unknown>) => void;
}

export function createFollowUpRoutes(deps: FollowUpDeps, { exitUrl, clientAddress, log = () => {} }: FollowUpContext) {
  const app = new Hono();
  app.route(
    '/',
    createStatusRoutes({
      lookup: createStatusLookup(deps.submissions),
      submissions: deps.submissions,
      views: deps.views,
      limiter: deps.limiter,
      keySecret: Buffer.from(hkdfSync('sha256', deps.secret, 'mashura-follow-up', 'status-rate-keys', 32)).toString(
        'hex',
      ),
      clientAddress,
      limits: deps.limits,
      exitUrl,
      log,
      consent: deps.submissions.setQuoteConsent
        ? {
            get: (reference) => deps.submissions.get(reference),
            set: (reference, consent) => deps.submissions.setQuoteConsent!(reference, consent),
          }
        : undefined,
    }),
  );
  app.route('/', createOutcomesRoutes({ outcomes: deps.outcomes, exitUrl }));
  for (const language of LANGUAGES) {
    app.get(easyReadPath(language), (c) =>
      renderPage(c, <EasyReadPage page={pageContext(language, c.req.path, exitUrl)} />),
    );
  }
  return app;
}
