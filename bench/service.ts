/**
 * The service under test, exactly as `npm start` runs it (dev/runtime.ts): embedded
 * DynamoDB and SES, the Hono app, the intake workflow running in this same process after
 * each submission. In a child process of its own, so the load generator and the browser
 * driver never share its event loop.
 *
 * The abuse defences stay on, with settings changed only through their documented
 * variables (BENCH_ENV in service-client.ts). Every check still runs at full cost: the
 * stamp is verified, the counters are incremented.
 *
 * Talks to the parent over IPC: one `ready` message, then answers `idle` and `stop`.
 */
import { join } from 'node:path';
import { loadConfig } from '#core';
import { silentLogger } from '#log';
import { ensureKeyFile } from '../dev/keys.ts';
import { startLocal } from '../dev/runtime.ts';

export interface ServiceInfo {
  url: string;
  dataDir: string;
  dynamodbEndpoint: string;
  sesEndpoint: string;
  region: string;
  tableName: string;
  receiptSecret: string;
}

export type ServiceRequest = { id: number; type: 'idle' | 'stop' };

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir || !process.send) throw new Error('bench/service.ts runs as a child of bench/service-client.ts');

// Sweeps only at start: a timer firing mid-measurement would be noise, not signal.
const config = { ...loadConfig(), dataDir, port: 0 };
const service = await startLocal(config, silentLogger, { redriveEveryMs: 0, escalateEveryMs: 0, purgeEveryMs: 0 });

const info: ServiceInfo = {
  url: service.url.replace('localhost', '127.0.0.1'),
  dataDir: service.dataDir,
  dynamodbEndpoint: service.dynamodbEndpoint,
  sesEndpoint: service.sesEndpoint,
  region: config.region,
  tableName: config.tableName,
  receiptSecret: ensureKeyFile(join(service.dataDir, 'receipt.key')).toString('base64'),
};
process.send({ type: 'ready', info });

process.on('message', async (request: ServiceRequest) => {
  if (request.type === 'idle') await service.workflow.idle();
  if (request.type === 'stop') await service.stop();
  process.send?.({ type: 'done', id: request.id });
  if (request.type === 'stop') process.exit(0);
});
// If the parent dies, do not linger holding ports and a LevelDB lock.
process.on('disconnect', () => void service.stop().finally(() => process.exit(0)));
