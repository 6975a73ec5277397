import { loadConfig, type VoiceObjects } from '#core';
import { contactKeyring, createContactSealer } from '#crypto/seal.ts';
import { createLogger } from '#log';
import { createSfnStarter } from './intake/starter.ts';
import { getConnInfo, handle } from './lambda-http.ts';
import { lazily, once } from './lazy.ts';
import { fromCloudFront, viewerAddress } from './origin.ts';
import { readSecrets } from './secrets.ts';
import { createWebApp } from './web-app.ts';

/**
 * The public web Lambda: the same Hono app as `npm start`, configured at cold start. Its
 * stores, the encryption SDK and the Step Functions client are imported on first use (a GET
 * of the form needs none of them), so a cold start evaluates the app and little else
 * (docs/performance.md, "Cold starts").
 */
const config = loadConfig();
// The receipt key, and the abuse defences' own key (form stamps, proof of work, client keys)
// so it can be rotated without touching receipts. Bound with SST's Config.Secret.
const { RECEIPT_SECRET: receiptSecret, PROTECT_SECRET: protectSecret } = await readSecrets([
  'RECEIPT_SECRET',
  'PROTECT_SECRET',
]);
if (!config.contactKeyArn) throw new Error('No contact key: set MASHURA_CONTACT_KEY_ARN');

const client = once(async () => {
  const { createDocumentClient } = await import('#store/client.ts');
  return createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
});
const intakeArn = process.env.MASHURA_INTAKE_ARN;

const app = createWebApp(
  config,
  { receiptSecret, protectSecret },
  createLogger(),
  {
    submissions: lazily(async () =>
      (await import('#store/submissions.ts')).createSubmissionStore(await client(), config.tableName),
    ),
    limiter: lazily(async () =>
      (await import('#store/rate-limit.ts')).createRateLimiter(await client(), config.tableName),
    ),
    outcomes: lazily(async () =>
      (await import('#store/outcomes.ts')).createOutcomeStore(await client(), config.tableName),
    ),
    views: lazily(async () =>
      (await import('#store/status-views.ts')).createStatusViewStore(await client(), config.tableName),
    ),
    consultations: lazily(async () =>
      (await import('#store/consultations.ts')).createConsultationStore(await client(), config.tableName),
    ),
    // Put only: the bucket policy lets this function write recordings, never read them.
    objects: lazily<VoiceObjects>(async () => (await import('#objects')).objectsFor(config)),
    // Encrypt only, through KMS: this function may seal contact details, never open them.
    sealer: createContactSealer(contactKeyring({ kind: 'kms', keyArn: config.contactKeyArn })),
  },
  intakeArn ? createSfnStarter(intakeArn) : undefined,
  // The viewer's address (CloudFront, verified by fromCloudFront), else the connection's; only
  // to derive the daily-rotating rate-limit key, never stored or logged.
  { clientAddress: (c) => viewerAddress((name) => c.req.header(name)) ?? getConnInfo(c).remote.address },
);

export const handler = fromCloudFront(handle(app));
