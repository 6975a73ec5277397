/**
 * Fault injection for the resilience suites: DynamoDB calls that fail as AWS's fail
 * (throttling before the request is handled, or a timeout after it was, so the write may
 * have happened while the answer was lost), and a seeded random source so a failing run
 * can be replayed.
 */

/** The part of an AWS SDK client's middleware stack this uses (the SDK's own type is not a dependency here). */
type Next = (args: unknown) => Promise<unknown>;
type Stack = { add(middleware: (next: Next) => Next, options: Record<string, string>): void };

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultStats {
  calls: number;
  throttled: number;
  timedOut: number;
  enabled: boolean;
}

const throttling = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    $retryable: { throttling: true },
  });

const timeout = () =>
  Object.assign(new Error('Connection timed out after the request was sent (injected)'), {
    name: 'TimeoutError',
    $metadata: {},
  });

/**
 * Fails `rate` of the calls a DynamoDB (document) client makes, half as throttling and half
 * as a timeout after the call went through. `outsideSdkRetries` puts the fault before the
 * SDK's own retries, so the application sees every one (its own "try again" path);
 * otherwise the SDK retries them as it would in AWS.
 */
export function injectDynamoFaults(
  client: { middlewareStack: unknown },
  { rate, random, outsideSdkRetries = false }: { rate: number; random: () => number; outsideSdkRetries?: boolean },
): FaultStats {
  const stats: FaultStats = { calls: 0, throttled: 0, timedOut: 0, enabled: true };
  (client.middlewareStack as Stack).add(
    (next) => async (args) => {
      stats.calls += 1;
      if (!stats.enabled || random() >= rate) return next(args);
      if (random() < 0.5) {
        stats.throttled += 1;
        throw throttling();
      }
      await next(args);
      stats.timedOut += 1;
      throw timeout();
    },
    outsideSdkRetries
      ? { step: 'initialize', name: 'injectedFaults', priority: 'high' }
      : { step: 'finalizeRequest', name: 'injectedFaults', priority: 'low' },
  );
  return stats;
}
