import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, applyChange, type SubmissionRecord, type TriageChange, type TriageRepository } from '#core';
import type { StatusCountStore } from './counts.ts';
import { isConditionFailure, routePartition, statusPartition, submissionKey } from './keys.ts';
import { createSearchIndex } from './search.ts';
import { fromItem } from './submissions.ts';

/**
 * Triage writes. Every decision is ONE UpdateItem on the submission, conditional on the
 * version the person saw: it bumps the version, appends the audit events (list_append),
 * sets the decided fields and, for a status or route change, moves the item between
 * index partitions (an urgent one on the urgent indexes too). A stale version fails the condition and changes nothing.
 */
export function createTriageStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  counts: StatusCountStore,
  get: (reference: string) => Promise<SubmissionRecord | undefined>,
  log: (event: string, detail?: Record<string, unknown>) => void = () => {},
): TriageRepository {
  const search = createSearchIndex(client, tableName);
  async function applyTriageChange(reference: string, change: TriageChange) {
    const set = ['#version = :next', 'audit = list_append(if_not_exists(audit, :none), :events)'];
    const remove: string[] = [];
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = {
      ':expected': change.expectedVersion,
      ':next': change.expectedVersion + 1,
      ':none': [],
      ':events': change.events,
    };
    if (change.status) {
      names['#status'] = 'status';
      set.push('#status = :status', 'statusChangedAt = :at', 'gsi1pk = :statusKey');
      if (change.urgent) set.push('gsi3pk = :statusKey');
      Object.assign(values, {
        ':status': change.status.to,
        ':at': change.at,
        ':statusKey': statusPartition(change.status.to),
      });
    }
    if (change.assignee === null) remove.push('assignee');
    else if (change.assignee !== undefined) {
      set.push('assignee = :assignee');
      values[':assignee'] = change.assignee;
    }
    if (change.routedTo) {
      set.push('routedTo = :routedTo', 'gsi2pk = :routeKey');
      if (change.urgent) set.push('gsi4pk = :routeKey');
      Object.assign(values, { ':routedTo': change.routedTo.to, ':routeKey': routePartition(change.routedTo.to) });
    }
    if (change.publicReply) {
      set.push('publicReply = :reply');
      values[':reply'] = change.publicReply;
    }
    if (change.transcript) {
      set.push('transcript = :transcript');
      values[':transcript'] = change.transcript;
    }
    if (change.note) {
      set.push('notes = list_append(if_not_exists(notes, :none), :note)');
      values[':note'] = [change.note];
    }
    // Moving between partitions relies on the urgency the change was planned with.
    let condition = 'attribute_exists(pk) AND #version = :expected';
    if (change.status || change.routedTo) {
      names['#urgent'] = 'urgent';
      values[':urgent'] = change.urgent;
      condition += ' AND #urgent = :urgent';
    }
    const expression = `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`;
    let before: SubmissionRecord;
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: submissionKey(reference),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      before = fromItem(Attributes ?? {});
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { ok: false as const, reason: (await get(reference)) ? ('conflict' as const) : ('not-found' as const) };
    }
    // Staff text is searchable too; a failure is repaired by scripts/rebuild-search.ts, never a lost decision.
    const texts = [change.note?.text, change.publicReply?.text, change.transcript?.text].filter(
      (text): text is string => Boolean(text),
    );
    if (texts.length > 0)
      await search.addTexts(reference, before.createdAt, texts).catch((error: Error) => {
        log('search.index-failed', { reference, error: error.name });
      });
    // The totals follow the item; a failure here is drift for `recount`, never a lost decision.
    await counts.adjust(before, applyChange(before, change)).catch((error: Error) => {
      log('counts.adjust-failed', { reference, error: error.name });
    });
    return { ok: true as const, before };
  }

  async function appendAudit(reference: string, event: AuditEvent): Promise<boolean> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: submissionKey(reference),
          UpdateExpression: 'SET audit = list_append(if_not_exists(audit, :none), :events)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':none': [], ':events': [event] },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  return { get, applyTriageChange, appendAudit };
}
