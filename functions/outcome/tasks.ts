import {
  createIntakeTasks,
  mailViews,
  namedError,
  sendOnce,
  statusUrl,
  type TaskDeps,
  transient,
} from '../intake/tasks.ts';

/**
 * The outcome workflow's tasks. Forwarding reuses the intake task (delivery key
 * `inbox-<inbox>`: an inbox that already has the submission is not sent it again). The
 * person's "there is news" email is keyed by the decision (`outcome-<event>`), so each
 * decision sends at most one, whatever retries or repeated starts happen.
 */
export const outcomeDeliveryKey = (event: number) => `outcome-${event}`;

export function createOutcomeTasks(deps: TaskDeps) {
  const { store, mail, config, log } = deps;
  const intake = createIntakeTasks(deps);

  return {
    SendInboxEmail: intake.SendInboxEmail,
    RecordDeliveryFailure: intake.RecordDeliveryFailure,

    async NotifySubmitter({ reference, event, execution }: { reference: string; event: number; execution: string }) {
      const record = await transient(() => store.get(reference));
      if (!record) throw namedError('SubmissionMissing', `No submission ${reference}`);
      // No address (never left, or erased by retention since): nothing to send, not a failure.
      if (!record.hasEmail || !record.contactCiphertext) return { sent: false };
      return sendOnce({ store, log }, { reference, key: outcomeDeliveryKey(event), by: execution }, async () => {
        const contact = await deps.vault.open(record.contactCiphertext!, reference);
        if (!contact.email) throw namedError('ContactMissing', 'No email in the contact details');
        const { renderOutcomeUpdate } = await mailViews();
        const email = renderOutcomeUpdate({
          reference,
          language: record.language,
          statusUrl: statusUrl(config.baseUrl, record),
        });
        return mail.send({ to: [contact.email], from: config.mailFrom, ...email });
      });
    },
  };
}

export type OutcomeTasks = ReturnType<typeof createOutcomeTasks>;
