import { loadConfig } from '#core';
import { createLogger } from '#log';
import { composeWeb } from './compose.ts';
import { createSfnStarter } from './intake/starter.ts';
import { getConnInfo, handle } from './lambda-http.ts';
import { fromCloudFront, viewerAddress } from './origin.ts';
import { readSecrets } from './secrets.ts';

/** The public web Lambda: the same Hono app as `npm start`, configured at cold start. */
const config = loadConfig();
// The receipt key, and the abuse defences' own key (form stamps, proof of work, client keys)
// so it can be rotated without touching receipts. Bound with SST's Config.Secret.
const { RECEIPT_SECRET: receiptSecret, PROTECT_SECRET: protectSecret } = await readSecrets([
  'RECEIPT_SECRET',
  'PROTECT_SECRET',
]);
const intakeArn = process.env.MASHURA_INTAKE_ARN;

const { app } = composeWeb(
  config,
  { receiptSecret, protectSecret },
  createLogger(),
  intakeArn ? createSfnStarter(intakeArn) : undefined,
  // The viewer's address (CloudFront, verified by fromCloudFront), else the connection's; only
  // to derive the daily-rotating rate-limit key, never stored or logged.
  { clientAddress: (c) => viewerAddress((name) => c.req.header(name)) ?? getConnInfo(c).remote.address },
);

export const handler = fromCloudFront(handle(app));
