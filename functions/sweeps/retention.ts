import { type AuditEvent, type RetentionRules, retentionAction, retentionCutoff, type SubmissionRecord } from '#core';
import type { Logger } from '#log';
import type { RetentionPage, RetentionStore } from '#store';

/**
 * The `purge` sweep: retention as stated on the form and in the privacy notice. Contact
 * details of submissions closed more than `contactDays` ago are erased (and the erasure is
 * recorded in the audit trail); submissions marked spam more than `spamDays` ago are deleted.
 * Index Queries only; each write is conditional on the submission not having changed since
 * it was read, so a submission reopened meanwhile keeps its details.
 */
export interface PurgeDeps {
  retention: RetentionStore;
  /** The recordings' bucket (issue 19): an erased or deleted submission's audio goes first. */
  objects?: { delete(key: string): Promise<void> };
  rules: RetentionRules;
  log: Logger;
  now?: () => Date;
  /** Upper bound on submissions examined per run, so one run fits its Lambda timeout. */
  maxPerRun?: number;
  pageSize?: number;
}

export interface PurgeResult {
  erased: number;
  deleted: number;
  /** Changed between read and write; the next run looks again. */
  skipped: number;
}

export function createPurge({
  retention,
  rules,
  log,
  objects,
  now = () => new Date(),
  maxPerRun = 2000,
  pageSize = 100,
}: PurgeDeps) {
  async function each(
    list: (cursor?: RetentionPage['cursor']) => Promise<RetentionPage>,
    visit: (record: SubmissionRecord) => Promise<void>,
  ) {
    let cursor: RetentionPage['cursor'];
    let seen = 0;
    do {
      const page = await list(cursor);
      for (const record of page.items) await visit(record);
      seen += page.items.length;
      cursor = page.cursor;
    } while (cursor && seen < maxPerRun);
  }

  /**
   * The recording is deleted before the record that names it changes: a crash between the two
   * leaves a submission pointing at nothing (shown to staff as erased), never audio kept past
   * its time. A failed delete throws, and the next run tries again.
   */
  async function eraseVoice(record: SubmissionRecord) {
    if (!record.voice) return;
    if (!objects) throw new Error('No object store to erase recordings from');
    await objects.delete(record.voice.key);
  }

  async function purge(): Promise<PurgeResult> {
    const at = now();
    const result: PurgeResult = { erased: 0, deleted: 0, skipped: 0 };

    await each(
      (cursor) => retention.listClosedWithContact(retentionCutoff(rules.contactDays, at), cursor, pageSize),
      async (record) => {
        if (retentionAction(record, rules, at) !== 'erase-contact') return;
        const event: AuditEvent = {
          at: at.toISOString(),
          by: 'system',
          action: 'contact-erased',
          detail: {
            reason: 'retention',
            days: String(rules.contactDays),
            ...(record.voice ? { voice: 'erased' } : {}),
          },
        };
        await eraseVoice(record);
        if (await retention.eraseContact(record, event)) result.erased += 1;
        else result.skipped += 1;
      },
    );

    await each(
      (cursor) => retention.listSpam(retentionCutoff(rules.spamDays, at), cursor, pageSize),
      async (record) => {
        if (retentionAction(record, rules, at) !== 'delete') return;
        await eraseVoice(record);
        if (await retention.deleteSpam(record)) {
          result.deleted += 1;
          log('purge.spam-deleted', { reference: record.reference });
        } else result.skipped += 1;
      },
    );

    if (result.erased + result.deleted + result.skipped > 0) log('sweep.purge', { ...result });
    return result;
  }

  return { purge };
}
