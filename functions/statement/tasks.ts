import { type Config, isStatementAddressee, LANGUAGES, type Language, localPath, type StatementAddressee } from '#core';
import type { Logger } from '#log';
import type { MailSender } from '#mail';
import type { ConsultationStore } from '#store';
import { DELIVERY_LEASE_MS, mailViews, namedError, transient } from '../intake/tasks.ts';

/**
 * The statement workflow's tasks (issue 14). The statement's one email is claimed on the
 * statement item with the same lease rules as an inbox email (SubmissionStore.claimDelivery),
 * so Step Functions retries, a repeated start or staff pressing "send again" never send it twice.
 */
export interface StatementTaskDeps {
  consultations: Pick<
    ConsultationStore,
    'get' | 'getStatement' | 'claimSend' | 'completeSend' | 'releaseSend' | 'recordSendFailure'
  >;
  mail: MailSender;
  config: Pick<Config, 'baseUrl' | 'mailFrom' | 'inboxes'>;
  log: Logger;
}

interface StatementInput {
  consultationId: string;
  addressee: StatementAddressee;
}

function checked(input: StatementInput): StatementInput {
  if (typeof input?.consultationId !== 'string' || !isStatementAddressee(input.addressee)) {
    throw namedError('InvalidInput', 'Statement input is not a consultation and addressee');
  }
  return input;
}

export function createStatementTasks({ consultations, mail, config, log }: StatementTaskDeps) {
  return {
    async SendStatement(input: StatementInput & { execution: string }) {
      const { consultationId, addressee } = checked(input);
      const [consultation, statement] = await transient(() =>
        Promise.all([consultations.get(consultationId), consultations.getStatement(consultationId, addressee)]),
      );
      if (!consultation || statement?.status !== 'published') {
        throw namedError('StatementMissing', `No published statement ${consultationId}/${addressee}`);
      }
      const claim = await transient(() =>
        consultations.claimSend(consultationId, addressee, input.execution, DELIVERY_LEASE_MS),
      );
      if (claim === 'sent') return { sent: false };
      if (claim === 'busy') throw namedError('DeliveryBusy', 'The statement is being sent by another execution');
      let messageId: string;
      try {
        const { renderStatementEmail } = await mailViews();
        const email = renderStatementEmail({
          addressee,
          consultationTitle: consultation.title,
          sections: statement.sections,
          publicUrl: Object.fromEntries(
            LANGUAGES.map((language) => [
              language,
              `${config.baseUrl}${localPath(language, `/consultations/${consultationId}`)}`,
            ]),
          ) as Record<Language, string>,
        });
        ({ messageId } = await mail.send({ to: [config.inboxes[addressee]], from: config.mailFrom, ...email }));
      } catch (error) {
        await transient(() => consultations.releaseSend(consultationId, addressee, input.execution)).catch(() => {});
        throw error;
      }
      await transient(() => consultations.completeSend(consultationId, addressee, input.execution, messageId));
      log('mail.sent', { consultation: consultationId, delivery: `statement-${addressee}` });
      return { sent: true };
    },

    async RecordStatementFailure(input: StatementInput & { error: string }) {
      const { consultationId, addressee } = checked(input);
      await transient(() => consultations.recordSendFailure(consultationId, addressee, String(input.error)));
      log('statement.failed', { consultation: consultationId, addressee, error: String(input.error).slice(0, 100) });
      return { recorded: true };
    },
  };
}

export type StatementTasks = ReturnType<typeof createStatementTasks>;
