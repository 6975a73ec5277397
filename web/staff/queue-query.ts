import * as z from 'zod/mini';
import {
  ADDRESSEES,
  LANGUAGES,
  NOT_GIVEN,
  preprocess,
  REGIONS,
  SEARCH_MAX_LENGTH,
  type StaffActor,
  SUBMISSION_STATUSES,
  type SubmissionStatus,
  sameToken,
  TOPIC_IDS,
} from '#core';
import { isPosition, type QueueFilters, type QueueOrder, type QueueRequest } from '#store';
import { keyedHash } from './auth.ts';

/**
 * The queue's query string, read leniently (an unknown value is ignored, not an error), and
 * its cursors: a queue position signed with the staff secret and bound to the order, so a
 * client cannot hand the server a raw key or splice a position into another listing.
 */
const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.catch(
    preprocess((value) => (value === '' ? undefined : value), z.optional(schema)),
    undefined,
  );

const querySchema = z.object({
  status: optional(z.enum([...SUBMISSION_STATUSES, 'all'])),
  addressee: optional(z.enum(ADDRESSEES)),
  topic: optional(z.enum(TOPIC_IDS)),
  region: optional(z.enum([...REGIONS, NOT_GIVEN])),
  language: optional(z.enum(LANGUAGES)),
  urgent: optional(z.literal('1')),
  order: optional(z.enum(['newest', 'oldest'])),
  cursor: optional(z.string().check(z.maxLength(400))),
  /** Search words (issue 15); longer input is cut, not refused. */
  q: z.pipe(
    z.catch(z.optional(z.string()), undefined),
    z.transform((value: string | undefined) => value?.trim().slice(0, SEARCH_MAX_LENGTH) || undefined),
  ),
});

export type StatusChoice = SubmissionStatus | 'all';

export interface QueueView {
  status: StatusChoice;
  filters: QueueFilters;
  order: QueueOrder;
  /** What was typed in the search box, if anything. */
  q?: string | undefined;
  /** The raw cursor, when it was valid. */
  cursor?: string;
  after?: string;
  invalidCursor: boolean;
}

export function signCursor(secret: string, order: QueueOrder, position: string): string {
  const payload = `${order}|${position}`;
  return `${Buffer.from(payload).toString('base64url')}.${keyedHash(secret, 'cursor', payload, 22)}`;
}

export function readCursor(secret: string, order: QueueOrder, cursor: string): string | undefined {
  const [encoded, signature] = cursor.split('.');
  if (!encoded || !signature) return undefined;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  if (!sameToken(signature, keyedHash(secret, 'cursor', payload, 22))) return undefined;
  const [cursorOrder, position] = payload.split('|');
  return cursorOrder === order && position && isPosition(position) ? position : undefined;
}

export function readQueueQuery(secret: string, actor: StaffActor, query: Record<string, string>): QueueView {
  const parsed = querySchema.parse(query);
  const order = parsed.order ?? 'newest';
  const view: QueueView = {
    // OSE staff start from what needs triage; liaisons from everything routed to them.
    status: parsed.status ?? (actor.role === 'liaison' ? 'all' : 'new'),
    filters: {
      addressee: parsed.addressee,
      topic: parsed.topic,
      region: parsed.region,
      language: parsed.language,
      urgent: parsed.urgent === '1' ? true : undefined,
    },
    order,
    q: parsed.q,
    invalidCursor: false,
  };
  if (parsed.cursor) {
    const after = readCursor(secret, order, parsed.cursor);
    if (after) Object.assign(view, { after, cursor: parsed.cursor });
    else view.invalidCursor = true;
  }
  return view;
}

/** What the store is asked: the partitions follow from the role, never from the request. */
export function queueRequest(actor: StaffActor, view: QueueView, pageSize: number): QueueRequest {
  return {
    scope: actor.role === 'liaison' ? 'donors' : 'all',
    // Urgent work (detainees, protection of civilians) is listed before the rest.
    urgentFirst: true,
    statuses: view.status === 'all' ? SUBMISSION_STATUSES : [view.status],
    filters: view.filters,
    order: view.order,
    after: view.after,
    pageSize,
  };
}

/** A queue link with these settings; empty values are left out. */
export function queueHref(
  base: string,
  path: string,
  view: Pick<QueueView, 'status' | 'filters' | 'order' | 'q'>,
  cursor?: string,
) {
  const params = new URLSearchParams();
  if (view.q) params.set('q', view.q);
  params.set('status', view.status);
  const f = view.filters;
  if (f.addressee) params.set('addressee', f.addressee);
  if (f.topic) params.set('topic', f.topic);
  if (f.region) params.set('region', f.region);
  if (f.language) params.set('language', f.language);
  if (f.urgent) params.set('urgent', '1');
  params.set('order', view.order);
  if (cursor) params.set('cursor', cursor);
  return `${base}${path}?${params.toString()}`;
}
