import { INBOX_TABLE, INBOXES, type Inbox, loadConfig } from '#core';
import { createLogger, type Logger } from '#log';
import { createDocumentClient } from '#store';
import {
  createMailEventStore,
  isInboxKind,
  type MailEvent,
  type MailEventStore,
  type RecipientKind,
} from '#store/mail-events.ts';

/**
 * SES bounce, complaint and rejection events (configuration set → SNS topic → this Lambda,
 * see stacks/Mail.ts), recorded in the table without any address. Invoked asynchronously by
 * SNS: a store failure throws, so Lambda retries and then parks the event on the DLQ; a
 * message that is not an SES event is logged and dropped (retrying cannot fix it).
 */

/** The addresses a recipient is compared with, to record what kind of mailbox it was. */
export interface KnownAddresses {
  /** Every inbox's address (config.inboxes). */
  inboxes: Record<Inbox, string>;
  operators: string;
}

interface SnsEvent {
  Records?: { Sns?: { Message?: string } }[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

function kindOf(address: unknown, known: KnownAddresses): RecipientKind {
  const a = typeof address === 'string' ? address.trim().toLowerCase() : '';
  const inbox = INBOXES.find((one) => known.inboxes[one].toLowerCase() === a);
  if (inbox) return INBOX_TABLE[inbox].recipientKind;
  if (a === known.operators.toLowerCase()) return 'operators';
  return 'other';
}

function kinds(list: unknown, known: KnownAddresses): RecipientKind[] {
  const found = (Array.isArray(list) ? list : []).map((r) => kindOf(isObject(r) ? r.emailAddress : r, known));
  return [...new Set(found)].sort();
}

/** One SES event notification (event publishing's `eventType`, or a legacy `notificationType`). */
export function parseMailEvent(message: unknown, known: KnownAddresses): MailEvent | undefined {
  if (!isObject(message) || !isObject(message.mail)) return undefined;
  const type = text(message.eventType) ?? text(message.notificationType);
  const messageId = text(message.mail.messageId);
  if (!messageId) return undefined;

  if (type === 'Bounce' && isObject(message.bounce)) {
    const b = message.bounce;
    const at = text(b.timestamp);
    if (!at) return undefined;
    const detail = [text(b.bounceType), text(b.bounceSubType)].filter(Boolean).join('/');
    return {
      type: 'bounce',
      at,
      messageId,
      eventId: text(b.feedbackId) ?? messageId,
      ...(detail ? { detail } : {}),
      recipients: kinds(b.bouncedRecipients, known),
    };
  }
  if (type === 'Complaint' && isObject(message.complaint)) {
    const c = message.complaint;
    const at = text(c.timestamp);
    if (!at) return undefined;
    const detail = text(c.complaintFeedbackType);
    return {
      type: 'complaint',
      at,
      messageId,
      eventId: text(c.feedbackId) ?? messageId,
      ...(detail ? { detail } : {}),
      recipients: kinds(c.complainedRecipients, known),
    };
  }
  if (type === 'Reject') {
    const at = text(message.mail.timestamp);
    if (!at) return undefined;
    const reason = isObject(message.reject) ? text(message.reject.reason) : undefined;
    return {
      type: 'reject',
      at,
      messageId,
      eventId: `reject-${messageId}`,
      ...(reason ? { detail: reason } : {}),
      recipients: kinds(message.mail.destination, known),
    };
  }
  return undefined;
}

export function createMailEventsHandler(deps: {
  store: Pick<MailEventStore, 'record'>;
  known: KnownAddresses;
  log: Logger;
}) {
  return async (event: SnsEvent): Promise<{ recorded: number; duplicates: number; ignored: number }> => {
    const result = { recorded: 0, duplicates: 0, ignored: 0 };
    for (const record of event.Records ?? []) {
      let message: unknown;
      try {
        message = JSON.parse(record.Sns?.Message ?? '');
      } catch {
        message = undefined;
      }
      const parsed = parseMailEvent(message, deps.known);
      if (!parsed) {
        result.ignored += 1;
        deps.log('mail.event-ignored', {});
        continue;
      }
      const outcome = await deps.store.record(parsed);
      if (outcome === 'duplicate') {
        result.duplicates += 1;
        continue;
      }
      result.recorded += 1;
      deps.log('mail.event', {
        type: parsed.type,
        detail: parsed.detail,
        recipients: parsed.recipients,
        // An inbox that bounces or complains means submissions stop reaching people: alarmed on.
        inboxAffected: parsed.recipients.some(isInboxKind),
      });
    }
    return result;
  };
}

/** Lambda entry: configuration read once at cold start. */
export const handler = (() => {
  let built: ReturnType<typeof createMailEventsHandler> | undefined;
  return (event: SnsEvent) => {
    if (!built) {
      const config = loadConfig();
      const client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
      built = createMailEventsHandler({
        store: createMailEventStore(client, config.tableName),
        known: { inboxes: config.inboxes, operators: config.operatorsEmail },
        log: createLogger(),
      });
    }
    return built(event);
  };
})();
