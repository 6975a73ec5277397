/**
 * Key shapes shared by the store modules. Nothing outside packages/store builds a key.
 *
 * Submissions: `SUB#<ref>` / `SUBMISSION`; on `byStatus` under `STATUS#<status>`, on
 * `byRoute` under `ROUTING#pending` until routed, then `ROUTE#donors` when the donors'
 * inbox has it (alone or with OSE) or `ROUTE#ose` otherwise, so a donor liaison's whole
 * world is one partition. Both index sort keys are `<createdAt>#<ref>`: a position in time
 * order that is the same on both indexes, which is what queue cursors hold.
 *
 * An urgent submission also carries the same keys on the sparse `urgentByStatus` (gsi3) and
 * `urgentByRoute` (gsi4) indexes, set and moved in the same writes (urgency is fixed at
 * intake), so the queue lists urgent work first by reading those small partitions.
 */
export const submissionKey = (reference: string) => ({ pk: `SUB#${reference}`, sk: 'SUBMISSION' });
export const statusPartition = (status: string) => `STATUS#${status}`;
export const ROUTING_PENDING = 'ROUTING#pending';
export const DONORS_ROUTE = 'ROUTE#donors';
export const OSE_ROUTE = 'ROUTE#ose';
export const routePartition = (inboxes: readonly string[]) => (inboxes.includes('donors') ? DONORS_ROUTE : OSE_ROUTE);
export const orderKey = (createdAt: string, reference: string) => `${createdAt}#${reference}`;

/** A stored item without its key attributes: the record the rest of the code knows. */
export function recordOf<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _1,
    gsi1sk: _1s,
    gsi2pk: _2,
    gsi2sk: _2s,
    gsi3pk: _3,
    gsi3sk: _3s,
    gsi4pk: _4,
    gsi4sk: _4s,
    ...record
  } = item;
  return record as T;
}

/** `<ISO time>#<reference>`: what a queue position must look like before it reaches a query. */
export const POSITION_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z#[0-9A-HJKMNP-TV-Z]{12}$/;

/** Staff accounts: one small partition, so listing them is a Query. */
export const STAFF_PARTITION = 'STAFF';
export const staffKey = (email: string) => ({ pk: STAFF_PARTITION, sk: `MEMBER#${email}` });

/** Sign-in links and sessions, by the hash of their secret (never the secret itself). */
export const signInKey = (tokenHash: string) => ({ pk: `SIGNIN#${tokenHash}`, sk: 'SIGNIN' });
export const sessionKey = (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' });
/** One-time /status result handles, by the hash of the value in the person's cookie. */
export const statusViewKey = (handleHash: string) => ({ pk: `STATUSVIEW#${handleHash}`, sk: 'STATUSVIEW' });

/** Running totals per status: all routed submissions, and those routed to the donors. */
export type CountScope = 'all' | 'donors';
export const countsKey = (scope: CountScope) => ({ pk: 'COUNTS', sk: scope === 'all' ? 'ALL' : 'DONORS' });

export const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';
