import type { Inbox } from './inboxes.ts';
import type { Addressee } from './options.ts';
import { findTopic } from './topics.ts';

/**
 * Routing rules, as data plus one pure function. "Not sure" goes to the Special Envoy's
 * office, whose staff decide; urgent topics (people's safety) are flagged in the subject
 * and go first in staff lists.
 */

export const ROUTES: Record<Addressee, readonly Inbox[]> = {
  ose: ['ose'],
  donors: ['donors'],
  both: ['ose', 'donors'],
  unsure: ['ose'],
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
