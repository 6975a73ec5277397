import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { type Config, createIntake } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createLogger, type Logger } from '#log';
import { createDocumentClient, createSubmissionStore } from '#store';
import { createApp } from '#web/app.tsx';
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

  const client = createDocumentClient({ region: config.region, endpoint });
  const submissions = createSubmissionStore(client, config.tableName);
  const vault = createContactVault(
    contactKeyring(
      config.contactKeyArn
        ? { kind: 'kms', keyArn: config.contactKeyArn }
        : { kind: 'local', key: ensureKeyFile(join(dataDir, 'contact.key')) },
    ),
  );
  const receiptSecret = ensureKeyFile(join(dataDir, 'receipt.key')).toString('base64');
  const intake = createIntake({ repository: submissions, sealer: vault, receiptSecret });
  const app = createApp({ intake, submissions, exitUrl: config.exitUrl, log });

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
