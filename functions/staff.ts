import { handle } from 'hono/aws-lambda';
import { Config as SstConfig } from 'sst/node/config';
import { loadConfig } from '#core';
import { createLogger } from '#log';
import { composeStaff } from './compose-staff.ts';
import { createSfnStarter } from './intake/starter.ts';
import { fromCloudFront } from './origin.ts';

/**
 * The staff web Lambda (issue 4): the same staff app `npm start` mounts under /staff, on its
 * own so it alone holds kms:Decrypt on the contact key. Configured at cold start.
 */
const config = loadConfig();
const staffSecret = (SstConfig as unknown as Record<string, string | undefined>).STAFF_SECRET;
if (!staffSecret) throw new Error('STAFF_SECRET is not bound to this function');
const outcomeArn = process.env.MASHURA_OUTCOME_ARN;

const { app } = composeStaff(
  config,
  { staffSecret },
  createLogger(),
  outcomeArn ? createSfnStarter(outcomeArn) : undefined,
);

/** Only requests that came through CloudFront (origin token) reach the app. */
export const handler = fromCloudFront(handle(app));
