/**
 * The web app alone, composed as the web Lambda composes it (functions/http.ts) but with
 * no workflow starter, in a process of its own, using the bench service's DynamoDB over
 * HTTP: the work one Lambda invocation does, with the database elsewhere, as in AWS.
 * Started by service-client.ts; answers `stop` over IPC.
 */
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { loadConfig } from '#core';
import { silentLogger } from '#log';
import { ensureKeyFile } from '../dev/keys.ts';
import { composeWeb } from '../functions/compose.ts';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir || !process.send || !process.env.DYNAMODB_ENDPOINT) {
  throw new Error('bench/web-server.ts runs as a child of bench/service-client.ts');
}
const config = loadConfig();
const web = composeWeb(
  config,
  {
    receiptSecret: ensureKeyFile(join(dataDir, 'receipt.key')).toString('base64'),
    localContactKey: ensureKeyFile(join(dataDir, 'contact.key')),
  },
  silentLogger,
  undefined,
  { clientAddress: (c) => getConnInfo(c).remote.address },
);
const server = serve({ fetch: web.app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((done) => server.once('listening', () => done()));
process.send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as { port: number }).port}` });

function stop() {
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  server.close(() => {
    web.client.destroy();
    process.exit(0);
  });
}
process.on('message', (message: { type: string }) => {
  if (message.type === 'stop') stop();
});
process.on('disconnect', stop);
