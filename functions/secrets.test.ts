import { describe, expect, it } from 'vitest';
import { type ParameterReader, readSecrets, SSM_MARKER, ssmReader } from './secrets.ts';

/** An SSM stand-in holding `params`, recording every GetParameters call. */
function fakeSsm(params: Record<string, string>) {
  const calls: string[][] = [];
  const reader: ParameterReader = {
    async getParameters(names) {
      calls.push(names);
      const found = new Map<string, string>();
      const missing: string[] = [];
      for (const name of names) {
        const value = params[name];
        if (value === undefined) missing.push(name);
        else found.set(name, value);
      }
      return { found, missing };
    },
  };
  return { calls, reader: () => reader };
}

const deployed = {
  SST_APP: 'mashura',
  SST_STAGE: 'prod',
  SST_SSM_PREFIX: '/sst/mashura/prod/',
  SST_Secret_value_RECEIPT_SECRET: SSM_MARKER,
  SST_Secret_value_PROTECT_SECRET: SSM_MARKER,
};

describe('readSecrets', () => {
  it('reads bound secrets from the stage path, in one call, decrypted', async () => {
    const ssm = fakeSsm({
      '/sst/mashura/prod/Secret/RECEIPT_SECRET/value': 'r-value',
      '/sst/mashura/prod/Secret/PROTECT_SECRET/value': 'p-value',
    });
    const values = await readSecrets(['RECEIPT_SECRET', 'PROTECT_SECRET'], deployed, ssm.reader);
    expect(values).toEqual({ RECEIPT_SECRET: 'r-value', PROTECT_SECRET: 'p-value' });
    expect(ssm.calls).toEqual([
      ['/sst/mashura/prod/Secret/RECEIPT_SECRET/value', '/sst/mashura/prod/Secret/PROTECT_SECRET/value'],
    ]);
  });

  it('falls back to the app-wide value only for secrets the stage does not set', async () => {
    const ssm = fakeSsm({
      '/sst/mashura/prod/Secret/RECEIPT_SECRET/value': 'stage',
      '/sst/mashura/.fallback/Secret/RECEIPT_SECRET/value': 'not this one',
      '/sst/mashura/.fallback/Secret/PROTECT_SECRET/value': 'fallback',
    });
    const values = await readSecrets(['RECEIPT_SECRET', 'PROTECT_SECRET'], deployed, ssm.reader);
    expect(values).toEqual({ RECEIPT_SECRET: 'stage', PROTECT_SECRET: 'fallback' });
    expect(ssm.calls[1]).toEqual(['/sst/mashura/.fallback/Secret/PROTECT_SECRET/value']);
  });

  it('fails at cold start, naming the secret, when it has no value anywhere', async () => {
    const ssm = fakeSsm({ '/sst/mashura/prod/Secret/RECEIPT_SECRET/value': 'r' });
    await expect(readSecrets(['RECEIPT_SECRET', 'PROTECT_SECRET'], deployed, ssm.reader)).rejects.toThrow(
      /not set for stage "prod": PROTECT_SECRET/,
    );
  });

  it('refuses a secret that is not bound to the function, without calling SSM', async () => {
    const ssm = fakeSsm({});
    await expect(readSecrets(['STAFF_SECRET'], deployed, ssm.reader)).rejects.toThrow(
      'STAFF_SECRET is not bound to this function',
    );
    expect(ssm.calls).toEqual([]);
  });

  it('uses a value given directly in the environment as it is', async () => {
    const ssm = fakeSsm({});
    const values = await readSecrets(['STAFF_SECRET'], { SST_Secret_value_STAFF_SECRET: 'direct' }, ssm.reader);
    expect(values).toEqual({ STAFF_SECRET: 'direct' });
    expect(ssm.calls).toEqual([]);
  });

  it('builds the stage path from app and stage when SST_SSM_PREFIX is absent', async () => {
    const { SST_SSM_PREFIX: _, ...env } = deployed;
    const ssm = fakeSsm({
      '/sst/mashura/prod/Secret/RECEIPT_SECRET/value': 'r',
      '/sst/mashura/prod/Secret/PROTECT_SECRET/value': 'p',
    });
    expect(await readSecrets(['RECEIPT_SECRET', 'PROTECT_SECRET'], env, ssm.reader)).toEqual({
      RECEIPT_SECRET: 'r',
      PROTECT_SECRET: 'p',
    });
  });
});

describe('ssmReader', () => {
  it('asks for at most 10 names per GetParameters call, with decryption', async () => {
    const inputs: { Names: string[]; WithDecryption: boolean }[] = [];
    const client = {
      async send(command: { input: { Names: string[]; WithDecryption: boolean } }) {
        inputs.push(command.input);
        return {
          Parameters: command.input.Names.filter((n) => !n.endsWith('7')).map((Name) => ({ Name, Value: `v${Name}` })),
          InvalidParameters: command.input.Names.filter((n) => n.endsWith('7')),
        };
      },
    };
    const names = Array.from({ length: 23 }, (_, i) => `/p/${i}`);
    const { found, missing } = await ssmReader(client as never).getParameters(names);
    expect(inputs.map((i) => i.Names.length)).toEqual([10, 10, 3]);
    expect(inputs.every((i) => i.WithDecryption)).toBe(true);
    expect(missing).toEqual(['/p/7', '/p/17']);
    expect(found.size).toBe(21);
    expect(found.get('/p/3')).toBe('v/p/3');
  });
});

describe('ssmReader over the wire', () => {
  it('speaks GetParameters to SSM with the project SDK (a local stand-in server)', async () => {
    const { createServer } = await import('node:http');
    const { SSMClient } = await import('@aws-sdk/client-ssm');
    const seen: { target: string | undefined; body: { Names: string[]; WithDecryption: boolean } }[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        const body = JSON.parse(raw) as { Names: string[]; WithDecryption: boolean };
        seen.push({ target: req.headers['x-amz-target'] as string | undefined, body });
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(
          JSON.stringify({
            Parameters: body.Names.filter((n) => n.includes('/prod/')).map((Name) => ({ Name, Value: 'from-ssm' })),
            InvalidParameters: body.Names.filter((n) => !n.includes('/prod/')),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const client = new SSMClient({
        region: 'eu-central-1',
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      const values = await readSecrets(
        ['STAFF_SECRET'],
        { ...deployed, SST_Secret_value_STAFF_SECRET: SSM_MARKER },
        () => ssmReader(client),
      );
      expect(values).toEqual({ STAFF_SECRET: 'from-ssm' });
      expect(seen).toEqual([
        {
          target: 'AmazonSSM.GetParameters',
          body: { Names: ['/sst/mashura/prod/Secret/STAFF_SECRET/value'], WithDecryption: true },
        },
      ]);
    } finally {
      server.close();
    }
  });
});
