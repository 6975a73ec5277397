import { handle } from 'hono/aws-lambda';
import { type BriefStarter, loadConfig } from '#core';
import { createLogger } from '#log';
import { composeStaff } from './compose-staff.ts';
import { createSfnStarter } from './intake/starter.ts';
import { fromCloudFront } from './origin.ts';
import { readSecrets } from './secrets.ts';

/**
 * The staff web Lambda (issue 4): the same staff app `npm start` mounts under /staff, on its
 * own so it alone holds kms:Decrypt on the contact key. Configured at cold start.
 */
const config = loadConfig();
const { STAFF_SECRET: staffSecret } = await readSecrets(['STAFF_SECRET']);
const outcomeArn = process.env.MASHURA_OUTCOME_ARN;
const briefArn = process.env.MASHURA_BRIEF_ARN;

const { app } = composeStaff(
  config,
  { staffSecret },
  createLogger(),
  outcomeArn ? createSfnStarter(outcomeArn) : undefined,
  { briefs: briefArn ? createSfnStarter<Parameters<BriefStarter['start']>[1]>(briefArn) : undefined },
);

/** Only requests that came through CloudFront (origin token) reach the app. */
export const handler = fromCloudFront(handle(app));
