import { getConnInfo, handle } from 'hono/aws-lambda';
import { Config as SstConfig } from 'sst/node/config';
import { loadConfig } from '#core';
import { createLogger } from '#log';
import { composeWeb } from './compose.ts';
import { createSfnStarter } from './intake/starter.ts';

/** The public web Lambda: the same Hono app as `npm start`, configured at cold start. */
const config = loadConfig();
const receiptSecret = (SstConfig as unknown as Record<string, string | undefined>).RECEIPT_SECRET;
if (!receiptSecret) throw new Error('RECEIPT_SECRET is not bound to this function');
const intakeArn = process.env.MASHURA_INTAKE_ARN;

const { app } = composeWeb(
  config,
  { receiptSecret },
  createLogger(),
  intakeArn ? createSfnStarter(intakeArn) : undefined,
  // API Gateway's sourceIp, only to derive the daily-rotating rate-limit key; never stored or logged.
  { clientAddress: (c) => getConnInfo(c).remote.address },
);

export const handler = handle(app);
