import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * An anonymous key for a client, for rate limits only: a keyed hash of its network with a
 * salt that changes every day (UTC). The address itself is never stored or logged, and
 * yesterday's keys cannot be linked to today's.
 *
 * An IPv6 client is keyed by its /64: one home line or phone gets a whole /64 and can pick
 * any address in it, so keying the full address would give it 2^64 fresh clients. Several
 * people behind one /64 share a limit, as people behind one IPv4 NAT always have.
 */
export function clientKey(secret: string, address: string, at: Date = new Date()): string {
  const day = at.toISOString().slice(0, 10);
  return createHmac('sha256', secret)
    .update(`mashura:client:${day}:${clientNetwork(address)}`)
    .digest('base64url')
    .slice(0, 22);
}

/** What a client is counted as: an IPv4 address as it is, an IPv6 address by its /64. */
export function clientNetwork(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  return `${expandIPv6(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  // An embedded IPv4 tail (e.g. ::1.2.3.4) is two groups.
  const withoutV4 = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) =>
    [((+a << 8) | +b).toString(16), ((+c << 8) | +d).toString(16)].join(':'),
  );
  const [head = '', tail] = withoutV4.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}
