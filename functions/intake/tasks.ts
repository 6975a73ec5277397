import { type Config, type Inbox, publicPath, routeSubmission, type SubmissionRecord, staffLink } from '#core';
import type { ContactVault } from '#crypto/contact.ts';
import type { Logger } from '#log';
import type { MailSender } from '#mail';
import type { SubmissionStore } from '#store';

/**
 * The intake workflow's tasks. Each Lambda in functions/intake/ runs one of these; locally
 * the same functions run under aws-local-stepfunctions, mapped by Task state name.
 * Errors carry names the workflow's Retry and Catch clauses match on.
 */
export interface TaskDeps {
  store: SubmissionStore;
  mail: MailSender;
  vault: Pick<ContactVault, 'open'>;
  config: Pick<Config, 'baseUrl' | 'mailFrom' | 'inboxes' | 'operatorsEmail'>;
  log: Logger;
}

/** How long a claim to send an email blocks other executions before it is presumed dead. */
export const DELIVERY_LEASE_MS = 5 * 60 * 1000;

const TRANSIENT_STORE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
]);

export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Store outages become `TransientError`, which every Task retries with backoff. */
export async function transient<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const name = (error as Error).name;
    const code = (error as { code?: string }).code;
    if (TRANSIENT_STORE_ERRORS.has(name) || (code && TRANSIENT_STORE_ERRORS.has(code))) {
      throw namedError('TransientError', `${name}: ${(error as Error).message}`);
    }
    throw error;
  }
}

/** Sends one email at most once per delivery key, whatever retries or redrives happen. */
export async function sendOnce(
  { store, log }: Pick<TaskDeps, 'store' | 'log'>,
  { reference, key, by }: { reference: string; key: string; by: string },
  send: () => Promise<{ messageId: string }>,
): Promise<{ sent: boolean }> {
  const claim = await transient(() => store.claimDelivery(reference, key, by, DELIVERY_LEASE_MS));
  if (claim === 'sent') return { sent: false };
  if (claim === 'busy') throw namedError('DeliveryBusy', `${key} is being sent by another execution`);
  let messageId: string;
  try {
    ({ messageId } = await send());
  } catch (error) {
    // Give the claim back so the retry (or a redrive) can send at once.
    await transient(() => store.releaseDelivery(reference, key, by)).catch(() => {});
    throw error;
  }
  await transient(() => store.completeDelivery(reference, key, by, messageId));
  log('mail.sent', { reference, delivery: key });
  return { sent: true };
}

/**
 * The email renderers (and the catalogues they read), imported when a task first renders an
 * email: a task that only reads or marks the submission never evaluates them.
 */
export const mailViews = () => import('#mail/render.ts');

export const staffUrl = (baseUrl: string, reference: string) => staffLink(baseUrl, `/submissions/${reference}`);
export const statusUrl = (baseUrl: string, record: Pick<SubmissionRecord, 'language' | 'reference'>) =>
  `${baseUrl}${publicPath(record.language, 'status')}?reference=${record.reference}`;

export function createIntakeTasks(deps: TaskDeps) {
  const { store, mail, config, log } = deps;

  async function load(reference: string): Promise<SubmissionRecord> {
    const record = await transient(() => store.get(reference));
    if (!record) throw namedError('SubmissionMissing', `No submission ${reference}`);
    return record;
  }

  const deliverOnce = (reference: string, key: string, execution: string, send: () => Promise<{ messageId: string }>) =>
    sendOnce({ store, log }, { reference, key, by: execution }, send);

  return {
    async LoadSubmission({ reference }: { reference: string }) {
      const record = await load(reference);
      return { alreadyRouted: record.routing === 'routed' };
    },

    async RouteSubmission({ reference }: { reference: string }) {
      const record = await load(reference);
      const routing = routeSubmission(record);
      const acknowledge = record.hasEmail && !record.acknowledgementWithheld;
      return { inboxes: routing.inboxes, acknowledge, urgent: routing.urgent };
    },

    async SendInboxEmail({ reference, inbox, execution }: { reference: string; inbox: Inbox; execution: string }) {
      const record = await load(reference);
      const { inboxFields, renderInboxEmail } = await mailViews();
      return deliverOnce(reference, `inbox-${inbox}`, execution, () => {
        const email = renderInboxEmail({
          ...inboxFields(record),
          inbox,
          staffUrl: staffUrl(config.baseUrl, reference),
        });
        return mail.send({ to: [config.inboxes[inbox]], from: config.mailFrom, ...email });
      });
    },

    async AcknowledgeSubmitter({ reference, execution }: { reference: string; execution: string }) {
      const record = await load(reference);
      if (!record.hasEmail || !record.contactCiphertext || record.acknowledgementWithheld) return { sent: false };
      return deliverOnce(reference, 'acknowledgement', execution, async () => {
        const contact = await deps.vault.open(record.contactCiphertext!, reference);
        if (!contact.email) throw namedError('ContactMissing', 'No email in the contact details');
        const { renderAcknowledgement } = await mailViews();
        const email = renderAcknowledgement({
          reference,
          language: record.language,
          statusUrl: statusUrl(config.baseUrl, record),
        });
        return mail.send({ to: [contact.email], from: config.mailFrom, ...email });
      });
    },

    async RecordDeliveryFailure({
      reference,
      delivery,
      error,
    }: {
      reference: string;
      delivery: string;
      error: string;
    }) {
      await transient(() => store.recordDeliveryFailure(reference, delivery, error));
      log('mail.failed', { reference, delivery, error });
      // Tell the operators; if their mail fails too, the failure is still on the submission.
      try {
        const { renderOperatorAlert } = await mailViews();
        const alert = renderOperatorAlert({ reference, what: `Delivery "${delivery}" failed after retries: ${error}` });
        await mail.send({ to: [config.operatorsEmail], from: config.mailFrom, ...alert });
      } catch (alertError) {
        log('mail.alert-failed', { reference, error: (alertError as Error).name });
      }
      return { recorded: true };
    },

    async MarkRouted({ reference, inboxes }: { reference: string; inboxes: string[] }) {
      await transient(() => store.markRouted(reference, inboxes));
      log('submission.routed', { reference, inboxes });
      return { routed: true };
    },
  };
}

export type IntakeTasks = ReturnType<typeof createIntakeTasks>;
export type IntakeTaskName = keyof IntakeTasks;
