import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import type { Config } from '#core';
import { createLogger, type Logger } from '#log';
import { composeWeb } from '../functions/compose.ts';
import { ensureTable, type LocalDynamo, startDynalite } from './dynamo.ts';
import { ensureKeyFile } from './keys.ts';

export interface LocalService {
  url: string;
  dataDir: string;
  dynamodbEndpoint: string;
  stop(): Promise<void>;
}

/**
 * The whole service in one process: embedded DynamoDB, the same Hono app that Lambda runs,
 * and local stand-ins for KMS and secrets (files under the data dir). `npm start` and the
 * browser tests both start it through here.
 */
export async function startLocal(config: Config, log: Logger = createLogger()): Promise<LocalService> {
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  let dynamo: LocalDynamo | undefined;
  let endpoint = config.dynamodbEndpoint;
  if (!endpoint) {
    dynamo = await startDynalite(join(dataDir, 'dynamodb'));
    endpoint = dynamo.endpoint;
  }
  await ensureTable(endpoint, config.region, config.tableName);

  const { app, client } = composeWeb(
    { ...config, dynamodbEndpoint: endpoint },
    {
      receiptSecret: ensureKeyFile(join(dataDir, 'receipt.key')).toString('base64'),
      localContactKey: ensureKeyFile(join(dataDir, 'contact.key')),
    },
    log,
  );

  const server = serve({ fetch: app.fetch, port: config.port, hostname: '127.0.0.1' });
  await new Promise<void>((done) => server.once('listening', () => done()));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://localhost:${port}`,
    dataDir,
    dynamodbEndpoint: endpoint,
    async stop() {
      await new Promise<void>((done) => server.close(() => done()));
      client.destroy();
      await dynamo?.stop();
    },
  };
}
