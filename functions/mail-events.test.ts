import { describe, expect, it } from 'vitest';
import { INBOX_SETTING_DEFAULTS, INBOX_TABLE, INBOXES, type Inbox, inboxAddresses } from '#core';
import type { MailEvent } from '#store/mail-events.ts';
import { createMailEventsHandler, type KnownAddresses, parseMailEvent } from './mail-events.ts';

const known: KnownAddresses = {
  // Every inbox's local default; one written in capitals, as an admin might set it.
  inboxes: { ...inboxAddresses(INBOX_SETTING_DEFAULTS), donors: 'Donors-Inbox@donors.example' },
  operators: 'operators@ose.example',
};

const mail = {
  timestamp: '2026-03-01T10:00:00.000Z',
  messageId: '0102018e-aaaa-bbbb-cccc-000000000001',
  destination: ['ose-inbox@ose.example'],
  tags: { 'ses:configuration-set': ['mashura-prod'] },
};

/** SES event publishing payloads, as SES documents them (trimmed). */
const bounce = {
  eventType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [
      { emailAddress: 'OSE-INBOX@ose.example', status: '5.1.1' },
      { emailAddress: 'layla@example.org' },
    ],
    timestamp: '2026-03-01T10:00:05.000Z',
    feedbackId: '0102018e-feedback-0001',
  },
  mail,
};
const complaint = {
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: [{ emailAddress: 'someone@example.net' }],
    timestamp: '2026-03-02T08:00:00.000Z',
    feedbackId: '0102018e-feedback-0002',
    complaintFeedbackType: 'abuse',
  },
  mail: { ...mail, destination: ['someone@example.net'] },
};
const reject = { eventType: 'Reject', reject: { reason: 'Bad content' }, mail };

const sns = (...messages: unknown[]) => ({
  Records: messages.map((m) => ({ Sns: { Message: typeof m === 'string' ? m : JSON.stringify(m) } })),
});

describe('parseMailEvent', () => {
  it('turns a bounce into an event with recipient kinds, never addresses', () => {
    const event = parseMailEvent(bounce, known);
    expect(event).toEqual({
      type: 'bounce',
      at: '2026-03-01T10:00:05.000Z',
      messageId: mail.messageId,
      eventId: '0102018e-feedback-0001',
      detail: 'Permanent/General',
      recipients: ['ose-inbox', 'other'],
    });
    expect(JSON.stringify(event)).not.toMatch(/@/);
  });

  it('turns a complaint and a rejection into events', () => {
    expect(parseMailEvent(complaint, known)).toMatchObject({
      type: 'complaint',
      detail: 'abuse',
      eventId: '0102018e-feedback-0002',
      recipients: ['other'],
    });
    expect(parseMailEvent(reject, known)).toMatchObject({
      type: 'reject',
      at: mail.timestamp,
      eventId: `reject-${mail.messageId}`,
      detail: 'Bad content',
      recipients: ['ose-inbox'],
    });
  });

  it('compares addresses case-insensitively with the inboxes and the operators', () => {
    const toAll = {
      ...bounce,
      bounce: {
        ...bounce.bounce,
        bouncedRecipients: ['donors-inbox@DONORS.example', 'operators@ose.example'].map((emailAddress) => ({
          emailAddress,
        })),
      },
    };
    expect(parseMailEvent(toAll, known)?.recipients).toEqual(['donors-inbox', 'operators']);
  });

  it('accepts the legacy notificationType field too', () => {
    const { eventType: _, ...legacy } = bounce;
    expect(parseMailEvent({ ...legacy, notificationType: 'Bounce' }, known)?.type).toBe('bounce');
  });

  it('ignores what is not a bounce, complaint or rejection, or is malformed', () => {
    for (const message of [
      null,
      'text',
      {},
      { eventType: 'Delivery', mail },
      { eventType: 'Bounce', mail },
      { eventType: 'Bounce', bounce: { ...bounce.bounce, timestamp: undefined }, mail },
      { ...bounce, mail: { ...mail, messageId: '' } },
    ]) {
      expect(parseMailEvent(message, known)).toBeUndefined();
    }
  });
});

describe('the mail-events handler', () => {
  function fakeStore() {
    const recorded: MailEvent[] = [];
    return {
      recorded,
      async record(event: MailEvent) {
        if (recorded.some((r) => r.eventId === event.eventId)) return 'duplicate' as const;
        recorded.push(event);
        return 'recorded' as const;
      },
    };
  }

  it('records each event once, logs without addresses, flags inbox trouble', async () => {
    const store = fakeStore();
    const lines: string[] = [];
    const handler = createMailEventsHandler({
      store,
      known,
      log: (event, detail) => lines.push(JSON.stringify({ event, ...detail })),
    });
    const result = await handler(sns(bounce, complaint, bounce, 'not json', { eventType: 'Open', mail }));
    expect(result).toEqual({ recorded: 2, duplicates: 1, ignored: 2 });
    expect(store.recorded.map((e) => e.type)).toEqual(['bounce', 'complaint']);
    const logged = lines.map((l) => JSON.parse(l));
    expect(logged.filter((l) => l.event === 'mail.event')).toEqual([
      {
        event: 'mail.event',
        type: 'bounce',
        detail: 'Permanent/General',
        recipients: ['ose-inbox', 'other'],
        inboxAffected: true,
      },
      { event: 'mail.event', type: 'complaint', detail: 'abuse', recipients: ['other'], inboxAffected: false },
    ]);
    expect(lines.join('\n')).not.toMatch(/@/);
  });

  it('records a bounce from every inbox in the inbox table by its kind, and flags it for the alarm', async () => {
    const inboxes = Object.fromEntries(INBOXES.map((inbox) => [inbox, `${inbox}@inboxes.example`])) as Record<
      Inbox,
      string
    >;
    for (const inbox of INBOXES) {
      const lines: string[] = [];
      const handler = createMailEventsHandler({
        store: fakeStore(),
        known: { inboxes, operators: 'operators@ose.example' },
        log: (event, detail) => lines.push(JSON.stringify({ event, ...detail })),
      });
      const to = { ...bounce, bounce: { ...bounce.bounce, bouncedRecipients: [{ emailAddress: inboxes[inbox] }] } };
      await handler(sns(to));
      expect(JSON.parse(lines[0] ?? '{}'), inbox).toMatchObject({
        recipients: [INBOX_TABLE[inbox].recipientKind],
        inboxAffected: true,
      });
    }
  });

  it('lets a store failure throw, so Lambda retries and then parks the event on the DLQ', async () => {
    const handler = createMailEventsHandler({
      store: {
        record: async () => {
          throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
        },
      },
      known,
      log: () => {},
    });
    await expect(handler(sns(bounce))).rejects.toThrow('throttled');
  });

  it('does nothing with an empty or odd SNS event', async () => {
    const handler = createMailEventsHandler({ store: fakeStore(), known, log: () => {} });
    expect(await handler({})).toEqual({ recorded: 0, duplicates: 0, ignored: 0 });
    expect(await handler({ Records: [{}] })).toEqual({ recorded: 0, duplicates: 0, ignored: 1 });
  });
});
