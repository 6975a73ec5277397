import { INBOXES, loadConfig, loadStaffConfig, STAFF_BASES, staffLink } from '#core';
import { startLocal } from './runtime.ts';

/** `npm start`: the whole service on this machine, ready in seconds. */
// Lambda runs Node 22; the SDK's notice about Node 20 on a laptop is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const started = Date.now();
// Links in emails point at this local server unless told otherwise.
const config = loadConfig({ MASHURA_BASE_URL: `http://localhost:${process.env.PORT ?? 3000}`, ...process.env });
const service = await startLocal(config);
const staffSeed = loadStaffConfig().seed;

const lines = [
  '',
  `  Mashura is running locally (ready in ${Date.now() - started} ms)`,
  '',
  `  Form (Arabic)    ${service.url}/`,
  `  Form (English)   ${service.url}/en`,
  `  Follow-up        ${service.url}/status  ${service.url}/outcomes  ${service.url}/easy-read`,
  `  Staff            ${STAFF_BASES.map((base) => `${service.url}${base}`).join('  ')}  (the sign-in link arrives at /dev/mail)`,
  `  Staff accounts   ${staffSeed.triager} (triager), ${staffSeed.admin} (admin), ${staffSeed.liaison} (donor liaison)`,
  `  Outcome notes    ${staffLink(service.url, '/outcomes')}  (admins)`,
  `  Health           ${service.url}/healthz`,
  `  Sent email       ${service.url}/dev/mail  (JSON: ${service.url}/dev/mail.json)`,
  '',
  `  Data             ${service.dataDir}`,
  `  DynamoDB         ${service.dynamodbEndpoint}${config.dynamodbEndpoint ? '' : ' (embedded dynalite)'}`,
  `  SES              ${service.sesEndpoint} (local capture)`,
  `  S3 (recordings)  ${service.s3Endpoint}${config.s3Endpoint ? '' : ' (embedded s3rver)'}, bucket ${config.voiceBucket}`,
  `  Inboxes          ${INBOXES.map((inbox) => `${config.inboxes[inbox]} (${inbox})`).join(', ')}`,
  '',
  '  Press Ctrl+C to stop.',
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await service.stop();
    process.exit(0);
  });
}
