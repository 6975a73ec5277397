import type { Language } from './languages.ts';
import type { Addressee } from './options.ts';
import { findTopic } from './topics.ts';

/**
 * Routing rules, as data plus one pure function. "Not sure" goes to the Special Envoy's
 * office, whose staff decide; urgent topics (people's safety) are flagged in the subject
 * and go first in staff lists.
 */
export const INBOXES = ['ose', 'donors'] as const;
export type Inbox = (typeof INBOXES)[number];
export const isInbox = (value: string): value is Inbox => (INBOXES as readonly string[]).includes(value);

export const ROUTES: Record<Addressee, readonly Inbox[]> = {
  ose: ['ose'],
  donors: ['donors'],
  both: ['ose', 'donors'],
  unsure: ['ose'],
};

/** The languages each inbox reads: OSE staff read Arabic and English, the donors English. */
export const INBOX_LANGUAGES: Record<Inbox, readonly Language[]> = {
  ose: ['ar', 'en'],
  donors: ['en'],
};

export interface Routing {
  inboxes: Inbox[];
  urgent: boolean;
  /** The person was not sure: OSE staff decide where it goes. */
  needsTriageDecision: boolean;
}

export function routeSubmission(submission: { addressee: Addressee; topics: readonly string[] }): Routing {
  return {
    inboxes: [...ROUTES[submission.addressee]],
    urgent: submission.topics.some((id) => findTopic(id)?.urgent === true),
    needsTriageDecision: submission.addressee === 'unsure',
  };
}
