import type { Context } from 'hono';
import type { BriefStarter, StaffConfig, Triage } from '#core';
import type { MailSender } from '#mail';
import type { ObjectStore } from '#objects';
import type {
  BriefStore,
  QueueStore,
  RateLimiter,
  SearchIndex,
  SessionStore,
  SignInTokenStore,
  StaffStore,
  SubmissionStore,
} from '#store';
import type { SignInLimits } from './sign-in-guard.ts';

/** Everything the staff app needs, wired in functions/compose.ts (AWS and local alike). */
export interface StaffAppDeps {
  triage: Triage;
  staff: StaffStore;
  sessions: SessionStore;
  signInTokens: SignInTokenStore;
  queue: QueueStore;
  /** Search and near-duplicate groups (issue 15). */
  search: SearchIndex;
  rateLimiter: RateLimiter;
  mail: MailSender;
  mailFrom: string;
  /** Public base URL, for the link in sign-in emails. */
  baseUrl: string;
  /** Keys the anti-forgery tokens, queue cursors and rate-limit keys (never stored). */
  secret: string;
  /**
   * Session length, the sign-in limits (web/staff/sign-in-guard.ts; defaults for those not
   * given) and the campaign rule of near-duplicate groups (issue 15).
   */
  config: Pick<StaffConfig, 'sessionHours' | 'signInsPer15Minutes'> &
    Partial<SignInLimits> &
    Partial<Pick<StaffConfig, 'campaign'>>;
  /** The client's network address, only for the sign-in limit's keyed hash: never stored or logged. */
  clientAddress?: (c: Context) => string | undefined;
  /** Rows per queue page. */
  pageSize?: number;
  /**
   * Sign-in requests answer no sooner than this, staff address or not, so the time taken
   * does not tell who has an account.
   */
  signInFloorMs?: number;
  /** How the floor is waited out (tests count the waits instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Briefs for decision makers (issue 16): their store, the submissions quotes come from, the send workflow. */
  briefs?: { store: BriefStore; submissions: Pick<SubmissionStore, 'get'>; starter?: BriefStarter | undefined };
  /** The voice recordings' bucket (issue 19): read only, for the staff player. */
  voices?: Pick<ObjectStore, 'get'>;
  log?: (event: string, detail?: Record<string, unknown>) => void;
}

export const SIGN_IN_TTL_MINUTES = 15;
