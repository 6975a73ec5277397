import { INBOX_CHOICES, type Inbox, inboxesOf, TRIAGE_INBOX } from './inboxes.ts';
import type { Addressee } from './options.ts';
import { findTopic } from './topics.ts';

/**
 * Routing rules, as data plus one pure function. "Not sure" goes to the Special Envoy's
 * office, whose staff decide; urgent topics (people's safety) are flagged in the subject
 * and go first in staff lists.
 */

export const ROUTES: Record<Addressee, readonly Inbox[]> = {
  ...(Object.fromEntries(INBOX_CHOICES.map((choice) => [choice, inboxesOf(choice)])) as Record<
    (typeof INBOX_CHOICES)[number],
    Inbox[]
  >),
  unsure: [TRIAGE_INBOX],
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
