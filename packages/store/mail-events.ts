import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { INBOX_RECIPIENT_KINDS, type InboxRecipientKind } from '#core';
import { TABLE_KEYS } from './table.ts';

/**
 * Bounces, complaints and rejections that SES reports for our mail (through the
 * configuration set's event destination, functions/mail-events.ts). One item per event,
 * grouped by month so operators can list a month with one Query; kept a limited time (TTL).
 *
 * No address is ever stored: a recipient is recorded only as the kind of mailbox it was
 * (one of our inboxes, the operators, or someone else: a submitter or a staff member).
 */
export const MAIL_EVENT_TYPES = ['bounce', 'complaint', 'reject'] as const;
export type MailEventType = (typeof MAIL_EVENT_TYPES)[number];

/** One kind per inbox (packages/core/inboxes.ts), then the operators and everyone else. */
export const RECIPIENT_KINDS = [...INBOX_RECIPIENT_KINDS, 'operators', 'other'] as const;
export type RecipientKind = InboxRecipientKind | 'operators' | 'other';
export const isInboxKind = (kind: RecipientKind): kind is InboxRecipientKind =>
  (INBOX_RECIPIENT_KINDS as readonly string[]).includes(kind);

export interface MailEvent {
  type: MailEventType;
  /** When SES saw the bounce/complaint (ISO 8601). */
  at: string;
  /** The SES message id of the email concerned. */
  messageId: string;
  /** Unique per event (SES feedback id; the message id for a rejection): makes recording idempotent. */
  eventId: string;
  /** e.g. "Permanent/General" for a bounce, the feedback type for a complaint. */
  detail?: string;
  recipients: RecipientKind[];
}

/** How long an event is kept: long enough to see a reputation trend, no longer. */
export const MAIL_EVENT_RETENTION_DAYS = 180;

const monthOf = (iso: string) => iso.slice(0, 7);
export const mailEventKey = (event: Pick<MailEvent, 'at' | 'eventId'>) => ({
  pk: `MAILEVENTS#${monthOf(event.at)}`,
  sk: `${event.at}#${event.eventId}`,
});

export interface MailEventStore {
  /** 'duplicate' when this event was recorded before (SNS delivers at least once). */
  record(event: MailEvent): Promise<'recorded' | 'duplicate'>;
  /** A month's events (`YYYY-MM`), oldest first. */
  listMonth(month: string): Promise<MailEvent[]>;
}

export function createMailEventStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: () => number = Date.now,
): MailEventStore {
  return {
    async record(event) {
      const at = Date.parse(event.at);
      if (Number.isNaN(at)) throw new Error('Mail event time is not a date');
      const expiresAt = Math.floor(at / 1000) + MAIL_EVENT_RETENTION_DAYS * 24 * 60 * 60;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...mailEventKey(event),
              type: event.type,
              at: event.at,
              messageId: event.messageId,
              eventId: event.eventId,
              ...(event.detail ? { detail: event.detail } : {}),
              recipients: event.recipients,
              [TABLE_KEYS.ttl]: expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'recorded';
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return 'duplicate';
        throw error;
      }
    },

    async listMonth(month) {
      if (!/^\d{4}-\d{2}$/.test(month)) throw new Error('month must be YYYY-MM');
      const nowSeconds = Math.floor(now() / 1000);
      const events: MailEvent[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `MAILEVENTS#${month}` },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          // AWS deletes expired items lazily (and dynalite never): filter on read.
          if (Number(item[TABLE_KEYS.ttl]) <= nowSeconds) continue;
          events.push({
            type: item.type,
            at: item.at,
            messageId: item.messageId,
            eventId: item.eventId,
            ...(item.detail ? { detail: item.detail } : {}),
            recipients: item.recipients,
          });
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return events;
    },
  };
}
