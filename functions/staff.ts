import { type BriefStarter, loadConfig } from '#core';
import { createLogger } from '#log';
import type { StatementStarter } from '#web/staff/consultations/app.tsx';
import { composeStaff } from './compose-staff.ts';
import { createSfnStarter } from './intake/starter.ts';
import { getConnInfo, streamHandle } from './lambda-http.ts';
import { fromCloudFrontStreaming, viewerAddress } from './origin.ts';
import { readSecrets } from './secrets.ts';

/**
 * The staff web Lambda (issue 4): the same staff app `npm start` mounts under /staff, on its
 * own so it alone holds kms:Decrypt on the contact key. Configured at cold start.
 */
const config = loadConfig();
const { STAFF_SECRET: staffSecret } = await readSecrets(['STAFF_SECRET']);
const outcomeArn = process.env.MASHURA_OUTCOME_ARN;
/** The statement workflow (issue 14), started when staff publish a consultation's statement. */
const statementArn = process.env.MASHURA_STATEMENT_ARN;
const briefArn = process.env.MASHURA_BRIEF_ARN;

const { app } = composeStaff(
  config,
  { staffSecret },
  createLogger(),
  outcomeArn ? createSfnStarter(outcomeArn) : undefined,
  {
    // The viewer's address (CloudFront, verified by fromCloudFront), only for the sign-in limits'
    // daily-rotating keyed hash; never stored or logged.
    clientAddress: (c) => viewerAddress((name) => c.req.header(name)) ?? getConnInfo(c).remote.address,
    // The SFN starter sends any JSON input; the statement workflow reads consultationId and addressee.
    statements: statementArn ? (createSfnStarter(statementArn) as unknown as StatementStarter) : undefined,
    briefs: briefArn ? createSfnStarter<Parameters<BriefStarter['start']>[1]>(briefArn) : undefined,
  },
);

/**
 * Only requests that came through CloudFront (origin token) reach the app. Responses are
 * streamed (the function URL's RESPONSE_STREAM mode, stacks/Web.ts): an export of 5,000 long
 * submissions is far past Lambda's 6 MB buffered limit (docs/adr/0010-streamed-exports.md).
 */
export const handler = fromCloudFrontStreaming(streamHandle(app));
