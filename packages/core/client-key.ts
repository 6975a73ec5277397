import { createHmac } from 'node:crypto';

/**
 * An anonymous key for a client, for rate limits only: a keyed hash of its network address
 * with a salt that changes every day (UTC). The address itself is never stored or logged,
 * and yesterday's keys cannot be linked to today's.
 */
export function clientKey(secret: string, address: string, at: Date = new Date()): string {
  const day = at.toISOString().slice(0, 10);
  return createHmac('sha256', secret).update(`mashura:client:${day}:${address}`).digest('base64url').slice(0, 22);
}
