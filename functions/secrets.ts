import type { SSMClient } from '@aws-sdk/client-ssm';

/**
 * Secrets bound to a function with SST's `Config.Secret`, read at cold start.
 *
 * SST v2 binds a secret by setting `SST_Secret_value_<NAME>` to `__FETCH_FROM_SSM__` and
 * granting `ssm:GetParameters` on `<SST_SSM_PREFIX>Secret/<NAME>/value` (and the app-wide
 * fallback `/sst/<app>/.fallback/Secret/<NAME>/value`). `sst/node/config` reads them the
 * same way, but with its own pinned AWS SDK and a second copy of Smithy: ≈50 KB gzip in
 * every function that imports it. This is that convention with the SDK the rest of the
 * code already carries (ADR 0008).
 *
 * A value set directly in the environment (no `__FETCH_FROM_SSM__`) is used as it is.
 */
export const SSM_MARKER = '__FETCH_FROM_SSM__';
const ENV_PREFIX = 'SST_Secret_value_';

/** The one SSM call this needs; a client, or a test's stand-in. */
export interface ParameterReader {
  getParameters(names: string[]): Promise<{ found: Map<string, string>; missing: string[] }>;
}

/**
 * SSM's client is imported only when a secret has to be fetched (a deployed stage); a
 * function given its secrets in the environment never evaluates it.
 */
export function ssmReader(client?: SSMClient): ParameterReader {
  return {
    async getParameters(names) {
      const { GetParametersCommand, SSMClient } = await import('@aws-sdk/client-ssm');
      client ??= new SSMClient({ region: process.env.SST_REGION });
      const found = new Map<string, string>();
      const missing: string[] = [];
      // GetParameters takes at most 10 names per call.
      for (let i = 0; i < names.length; i += 10) {
        const out = await client.send(
          new GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: true }),
        );
        for (const p of out.Parameters ?? []) if (p.Name && p.Value !== undefined) found.set(p.Name, p.Value);
        missing.push(...(out.InvalidParameters ?? []));
      }
      return { found, missing };
    },
  };
}

type Env = Record<string, string | undefined>;

/**
 * The named secrets' values. Every name must be bound to this function; one that is bound
 * but has no value in SSM (neither for this stage nor as the fallback) is an error naming it,
 * so a misconfigured deployment fails at cold start rather than on some later request.
 */
export async function readSecrets<const N extends string>(
  names: readonly N[],
  env: Env = process.env,
  reader: () => ParameterReader = ssmReader,
): Promise<Record<N, string>> {
  const values = {} as Record<N, string>;
  const fetch: N[] = [];
  for (const name of names) {
    const value = env[ENV_PREFIX + name];
    if (value === undefined || value === '') throw new Error(`${name} is not bound to this function`);
    if (value === SSM_MARKER) fetch.push(name);
    else values[name] = value;
  }
  if (fetch.length === 0) return values;

  const app = env.SST_APP;
  const prefix = env.SST_SSM_PREFIX || (app && env.SST_STAGE ? `/sst/${app}/${env.SST_STAGE}/` : undefined);
  if (!app || !prefix) throw new Error('SST_APP and SST_SSM_PREFIX must be set to read secrets from SSM');
  const stagePath = (name: string) => `${prefix}Secret/${name}/value`;
  const fallbackPath = (name: string) => `/sst/${app}/.fallback/Secret/${name}/value`;

  const ssm = reader();
  const first = await ssm.getParameters(fetch.map(stagePath));
  const unset = fetch.filter((name) => !first.found.has(stagePath(name)));
  const second = unset.length > 0 ? await ssm.getParameters(unset.map(fallbackPath)) : undefined;
  const missing: string[] = [];
  for (const name of fetch) {
    const value = first.found.get(stagePath(name)) ?? second?.found.get(fallbackPath(name));
    if (value === undefined || value === '') missing.push(name);
    else values[name] = value;
  }
  if (missing.length > 0)
    throw new Error(
      `Secrets not set for stage "${env.SST_STAGE}": ${missing.join(', ')} (npx sst secrets set NAME VALUE)`,
    );
  return values;
}
