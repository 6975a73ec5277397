import type { Config, Inbox, SubmissionRecord } from '#core';
import type { Logger } from '#log';
import type { MailSender } from '#mail';
import type { SubmissionStore } from '#store';
import { redriveName, type WorkflowStarter } from '../intake/starter.ts';
import { mailViews, sendOnce, staffUrl } from '../intake/tasks.ts';

/**
 * Durable timers as sweeps over table state (no long waits in a workflow): `redrive` starts
 * intake again for submissions stuck before routing, `escalate` reminds an inbox of work
 * that has waited past the triage SLA, once per SLA period.
 */
export interface SweepDeps {
  store: SubmissionStore;
  starter: WorkflowStarter;
  mail: MailSender;
  config: Pick<Config, 'baseUrl' | 'mailFrom' | 'inboxes' | 'triageSlaDays' | 'urgentSlaDays'>;
  log: Logger;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A submission younger than this is still in its first execution; leave it alone. */
export const REDRIVE_GRACE_MS = 2 * 60 * 1000;

export function createSweeps({ store, starter, mail, config, log, now = () => new Date() }: SweepDeps) {
  async function redrive(): Promise<{ restarted: number }> {
    const cutoff = new Date(now().getTime() - REDRIVE_GRACE_MS).toISOString();
    const stuck = await store.listUnrouted(cutoff);
    let restarted = 0;
    for (const record of stuck) {
      const outcome = await starter.start(redriveName(record.reference, now().getTime()), {
        reference: record.reference,
      });
      if (outcome === 'started') restarted += 1;
    }
    if (stuck.length > 0) log('sweep.redrive', { stuck: stuck.length, restarted });
    return { restarted };
  }

  /** Which SLA period a submission is in: 0 until the first SLA has passed. */
  function period(record: SubmissionRecord, at: Date): number {
    const sla = (record.urgent ? config.urgentSlaDays : config.triageSlaDays) * DAY_MS;
    return Math.floor((at.getTime() - Date.parse(record.createdAt)) / sla);
  }

  async function escalate(): Promise<{ reminded: number }> {
    const at = now();
    const shortest = Math.min(config.triageSlaDays, config.urgentSlaDays) * DAY_MS;
    const waiting = await store.listUntriaged(new Date(at.getTime() - shortest).toISOString());
    let reminded = 0;
    const { inboxFields, renderInboxEmail } = await mailViews();
    for (const record of waiting) {
      const n = period(record, at);
      if (n < 1 || record.routing !== 'routed') continue;
      for (const inbox of (record.routedTo ?? []) as Inbox[]) {
        // One key per SLA period and inbox: a second sweep in the same period sends nothing.
        const key = `reminder-${n}-${inbox}`;
        const email = renderInboxEmail({
          ...inboxFields(record),
          inbox,
          staffUrl: staffUrl(config.baseUrl, record.reference),
          reminder: { waitingDays: Math.floor((at.getTime() - Date.parse(record.createdAt)) / DAY_MS) },
        });
        const { sent } = await sendOnce({ store, log }, { reference: record.reference, key, by: `escalate-${n}` }, () =>
          mail.send({ to: [config.inboxes[inbox]], from: config.mailFrom, ...email }),
        );
        if (!sent) continue;
        await store.recordReminder(record.reference, at.toISOString(), record.lastReminderAt);
        reminded += 1;
      }
    }
    if (reminded > 0) log('sweep.escalate', { reminded });
    return { reminded };
  }

  return { redrive, escalate };
}
