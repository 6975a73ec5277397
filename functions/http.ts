import { getConnInfo, handle } from 'hono/aws-lambda';
import { Config as SstConfig } from 'sst/node/config';
import { loadConfig } from '#core';
import { createLogger } from '#log';
import { composeWeb } from './compose.ts';
import { createSfnStarter } from './intake/starter.ts';
import { fromCloudFront, viewerAddress } from './origin.ts';

/** The public web Lambda: the same Hono app as `npm start`, configured at cold start. */
const config = loadConfig();
const secrets = SstConfig as unknown as Record<string, string | undefined>;
const receiptSecret = secrets.RECEIPT_SECRET;
if (!receiptSecret) throw new Error('RECEIPT_SECRET is not bound to this function');
// The abuse defences' own key (form stamps, proof of work, client keys), so it can be rotated
// without touching receipts; falls back to the receipt secret where it is not bound.
const protectSecret = 'PROTECT_SECRET' in secrets ? secrets.PROTECT_SECRET : undefined;
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
