import {
  type BriefContent,
  briefInboxes,
  type Config,
  figuresForBrief,
  INBOXES,
  type Inbox,
  isFirstWorkingDay,
  periodBounds,
  previousMonth,
  previousPeriod,
  staffLink,
  TOPIC_IDS,
} from '#core';
import type { Logger } from '#log';
import type { MailSender } from '#mail';
import type { BriefStore } from '#store';
import { DELIVERY_LEASE_MS, mailViews, namedError, transient } from '../intake/tasks.ts';

export interface BriefTaskDeps {
  briefs: BriefStore;
  mail: MailSender;
  config: Pick<Config, 'baseUrl' | 'mailFrom' | 'inboxes'>;
  log: Logger;
}

export const briefUrl = (baseUrl: string, id: string, version: number) =>
  staffLink(baseUrl, `/briefs/${id}/versions/${version}`);

/**
 * The brief workflow's task: email one published version to one inbox, at most once (a
 * marker per inbox on the version item). Only the published version is sent: a draft, a
 * superseded version or the unreviewed monthly draft is refused, whoever starts the run.
 */
export function createBriefTasks({ briefs, mail, config, log }: BriefTaskDeps) {
  return {
    async SendBriefEmail({
      id,
      version,
      inbox,
      execution,
    }: {
      id: string;
      version: number;
      inbox: Inbox;
      execution: string;
    }) {
      const brief = await transient(() => briefs.get(id));
      const saved = await transient(() => briefs.version(id, version));
      if (!brief || !saved) throw namedError('BriefMissing', `No brief ${id} v${version}`);
      if (brief.published?.version !== version || saved.savedBy === 'system' || !saved.publishedAt)
        throw namedError('BriefNotPublished', `Brief ${id} v${version} is not the published version`);
      if (!briefInboxes(saved.addressee).includes(inbox)) throw namedError('BriefWrongInbox', `${inbox}`);
      const claim = await transient(() => briefs.claimSend(id, version, inbox, execution, DELIVERY_LEASE_MS));
      if (claim === 'sent') return { sent: false };
      if (claim === 'busy') throw namedError('DeliveryBusy', `brief ${id} v${version} to ${inbox} is being sent`);
      let messageId: string;
      try {
        const { renderBriefEmail } = await mailViews();
        const email = renderBriefEmail({ version: saved, briefUrl: briefUrl(config.baseUrl, id, version) });
        ({ messageId } = await mail.send({ to: [config.inboxes[inbox]], from: config.mailFrom, ...email }));
      } catch (error) {
        await transient(() => briefs.releaseSend(id, version, inbox, execution)).catch(() => {});
        throw error;
      }
      await transient(() => briefs.completeSend(id, version, inbox, execution, messageId));
      log('brief.sent', { brief: id, version, inbox });
      return { sent: true };
    },
  };
}

export type BriefTasks = ReturnType<typeof createBriefTasks>;

/** The scheduled draft's id: one per month and addressee, so a second run creates nothing. */
export const monthlyDraftId = (month: string, addressee: Inbox) => `monthly-${month}-${addressee}`;

/**
 * The monthly draft (first working day, for the previous month, every topic): a version
 * saved by `system`, which cannot be published, and so never sent, until a person has
 * reviewed and saved it. Runs daily; does nothing on other days.
 */
export function createMonthlyDraft({ briefs, log }: Pick<BriefTaskDeps, 'briefs' | 'log'>) {
  return async (now: Date = new Date()) => {
    if (!isFirstWorkingDay(now)) return { created: [] as string[] };
    const month = previousMonth(now);
    const created: string[] = [];
    for (const addressee of INBOXES) {
      const content: BriefContent = {
        periodStart: month,
        periodEnd: month,
        addressee,
        topics: [...TOPIC_IDS],
        intro: { ar: '', en: '' },
        notes: {},
        quotes: [],
        flagWords: [],
      };
      const { from, until } = periodBounds(month, month);
      const before = previousPeriod(month, month);
      const previous = periodBounds(before.periodStart, before.periodEnd);
      const figures = figuresForBrief(
        content,
        await briefs.periodFields(from, until),
        await briefs.periodFields(previous.from, previous.until),
      );
      const result = await briefs.create(content, figures, 'system', {
        id: monthlyDraftId(month, addressee),
        scheduledFor: month,
      });
      if (result.created) created.push(result.brief.id);
    }
    log('brief.monthly-draft', { month, created: created.length });
    return { created };
  };
}
