/**
 * Raw PutItem calls for the submission overhead (submissions.ts), in a process of their own
 * on the same Node as the web app (bench/web-server.ts: the Lambda's, lambda-node.ts), so
 * the post and the put it is divided by are made by the same SDK on the same runtime.
 * Started by service-client.ts: one `ready` message, then answers each `puts` request with
 * its `PutResult`, and exits on `stop` or when the parent goes.
 */
import { measureRawPuts, type PutRequest } from './submissions.ts';

if (!process.send) throw new Error('bench/put-worker.ts runs as a child of bench/service-client.ts');

process.on('message', async (message: { type: 'puts'; id: number; request: PutRequest } | { type: 'stop' }) => {
  if (message.type === 'stop') process.exit(0);
  try {
    process.send?.({ type: 'done', id: message.id, result: await measureRawPuts(message.request) });
  } catch (error) {
    process.send?.({ type: 'done', id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
