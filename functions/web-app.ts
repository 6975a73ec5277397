import { type Config, type ContactSealer, createIntake, type VoiceObjects } from '#core';
import type { Logger } from '#log';
import type { ConsultationStore, OutcomeStore, RateLimiter, StatusViewStore, SubmissionStore } from '#store';
import { type AppDeps, createApp } from '#web/public/app.tsx';
import { createProtection } from '#web/public/protect.ts';
import { statusLimits } from '#web/public/status.tsx';
import type { WorkflowStarter } from './intake/starter.ts';
import type { Secrets } from './workers.ts';

export interface WebOptions {
  /** How this runtime learns the client's address (API Gateway event, or the Node socket). */
  clientAddress?: AppDeps['clientAddress'];
  /**
   * The staff app (with the outcome notes' admin pages), mounted under /staff locally; in AWS
   * it is its own function (functions/staff.ts), so the public bundle never carries it.
   */
  staffApp?: AppDeps['staffApp'];
  /** The form defences' clock (minimum fill time, stamp age); tests move it instead of waiting. */
  now?: () => number;
}

/** What the public app reads and writes: built eagerly locally, on first use in Lambda. */
export interface WebStores {
  submissions: Pick<SubmissionStore, 'create' | 'get' | 'withdraw'>;
  sealer: ContactSealer;
  limiter: RateLimiter;
  outcomes: OutcomeStore;
  /** One-time status results (the lookup answers POST → 303 → GET). */
  views: StatusViewStore;
  /** Where recordings are written (issue 19): upload only, this side never reads one back. */
  objects?: VoiceObjects;
  /** Consultations' participant pages (issue 14); without it those routes are not mounted. */
  consultations?: ConsultationStore;
}

/**
 * The public web app wired to its stores, the same for `npm start` (functions/compose.ts)
 * and the public Lambda (functions/http.ts). This module imports no store, no SDK client
 * and nothing of the mail or staff side, so the Lambda's cold start does not evaluate them.
 */
export function createWebApp(
  config: Config,
  secrets: Pick<Secrets, 'receiptSecret' | 'protectSecret'>,
  log: Logger,
  stores: WebStores,
  starter?: WorkflowStarter,
  options: WebOptions = {},
) {
  if (!secrets.receiptSecret) throw new Error('No receipt secret');
  const intake = createIntake({
    repository: stores.submissions,
    sealer: stores.sealer,
    receiptSecret: secrets.receiptSecret,
    objects: stores.objects,
  });
  const protection = createProtection({
    secret: secrets.protectSecret ?? secrets.receiptSecret,
    rules: config.protection,
    limiter: stores.limiter,
    log,
    now: options.now,
  });
  return createApp({
    intake,
    submissions: stores.submissions,
    exitUrl: config.exitUrl,
    log,
    // Each defence derives its own key from this secret (HKDF), so one secret serves them all.
    protection,
    clientAddress: options.clientAddress,
    staffApp: options.staffApp,
    retention: config.retention,
    // Status lookups, outcome notes, easy read (issue 5). The notes' admin pages belong to the
    // staff app (functions/compose-staff.ts).
    followUp: {
      submissions: stores.submissions,
      outcomes: stores.outcomes,
      limiter: stores.limiter,
      views: stores.views,
      secret: secrets.protectSecret ?? secrets.receiptSecret,
      limits: statusLimits(config.statusLookups),
    },
    // Consultations (issue 14): the participants' pages; the staff pages are in the staff app.
    consultations: stores.consultations
      ? {
          store: stores.consultations,
          limiter: stores.limiter,
          secret: secrets.protectSecret ?? secrets.receiptSecret,
          protection,
        }
      : undefined,
    // The execution is named after the submission, so a second start is a no-op.
    onSubmitted: starter
      ? async (record) => {
          await starter.start(record.reference, { reference: record.reference });
        }
      : undefined,
  });
}
