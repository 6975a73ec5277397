import type { Language } from './languages.ts';

/**
 * The inboxes submissions are routed to, one row each: the one place that says what an inbox
 * is. Config (its address setting and local default), the stacks' environments, the bounce
 * recorder and its alarm, the languages its emails are written in and the words people and
 * staff read about it (catalogue keys `status.event.sent.<inbox>`, `staff.submission.inbox.<inbox>`,
 * `staff.submission.delivery.inbox-<inbox>`, typed so a missing one does not compile) all come
 * from here. A new inbox is a row here, its addressee (options.ts, routing.ts) and its words.
 */
export interface InboxSpec {
  /** The environment setting that holds its address (packages/core/config.ts, stacks/shared.ts). */
  readonly setting: `MASHURA_${string}_INBOX`;
  /** The address in local mode and on a throwaway stage (DESIGN.md's local-mode contract). */
  readonly defaultAddress: string;
  /** The languages its staff read: an inbox email has a section in each (Arabic first where read). */
  readonly languages: readonly Language[];
  /** How a bounce or complaint from it is recorded (never the address itself). */
  readonly recipientKind: `${string}-inbox`;
  /** Whether staff with the liaison role read what is routed to it (and briefs written for it). */
  readonly readByLiaisons: boolean;
}

export const INBOX_TABLE = {
  ose: {
    setting: 'MASHURA_OSE_INBOX',
    defaultAddress: 'ose-inbox@ose.example',
    languages: ['ar', 'en'],
    recipientKind: 'ose-inbox',
    readByLiaisons: false,
  },
  donors: {
    setting: 'MASHURA_DONORS_INBOX',
    defaultAddress: 'donors-inbox@donors.example',
    languages: ['en'],
    recipientKind: 'donors-inbox',
    readByLiaisons: true,
  },
} as const satisfies Record<string, InboxSpec>;

export type Inbox = keyof typeof INBOX_TABLE;
/** In routing order: the Special Envoy's office first. */
export const INBOXES = Object.keys(INBOX_TABLE) as [Inbox, ...Inbox[]];
export const isInbox = (value: unknown): value is Inbox => (INBOXES as readonly unknown[]).includes(value);

/** Whether liaisons read this inbox's work: false for `both` and anything not an inbox. */
export const readByLiaisons = (value: unknown): boolean => isInbox(value) && INBOX_TABLE[value].readByLiaisons;

export type InboxSetting = (typeof INBOX_TABLE)[Inbox]['setting'];
export type InboxRecipientKind = (typeof INBOX_TABLE)[Inbox]['recipientKind'];
export const INBOX_SETTINGS = INBOXES.map((inbox) => INBOX_TABLE[inbox].setting);
export const INBOX_RECIPIENT_KINDS = INBOXES.map((inbox) => INBOX_TABLE[inbox].recipientKind);

/** Each inbox's setting with its local default: spread into the stacks' fallbacks. */
export const INBOX_SETTING_DEFAULTS = Object.fromEntries(
  INBOXES.map((inbox) => [INBOX_TABLE[inbox].setting, INBOX_TABLE[inbox].defaultAddress]),
) as Record<InboxSetting, string>;

/** The languages each inbox reads: OSE staff read Arabic and English, the donors English. */
export const INBOX_LANGUAGES = Object.fromEntries(
  INBOXES.map((inbox): [Inbox, readonly Language[]] => [inbox, INBOX_TABLE[inbox].languages]),
) as Record<Inbox, readonly Language[]>;

/** Each inbox's address from the environment's settings (config, the bounce recorder). */
export const inboxAddresses = (settings: Record<InboxSetting, string>): Record<Inbox, string> =>
  Object.fromEntries(INBOXES.map((inbox) => [inbox, settings[INBOX_TABLE[inbox].setting]])) as Record<Inbox, string>;

/**
 * A choice of where something goes (a reroute, a brief, an outcome's actor): one inbox, or
 * `both`, every inbox in the table. Derived, so a new inbox is a choice everywhere at once,
 * and its label keys (`…${choice}`) are checked by the compiler where they are read.
 */
export const EVERY_INBOX = 'both';
export type InboxChoice = Inbox | typeof EVERY_INBOX;
export const INBOX_CHOICES = [...INBOXES, EVERY_INBOX] as const satisfies readonly InboxChoice[];
export const isInboxChoice = (value: unknown): value is InboxChoice =>
  (INBOX_CHOICES as readonly unknown[]).includes(value);
/** Whose staff decide where input goes when the person is not sure (and read what has nowhere else to go). */
export const TRIAGE_INBOX = 'ose' satisfies Inbox;
/** The inboxes a choice reaches, in routing order. */
export const inboxesOf = (choice: InboxChoice): Inbox[] => (choice === EVERY_INBOX ? [...INBOXES] : [choice]);
