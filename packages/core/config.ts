import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { CAMPAIGN_SETTINGS, type CampaignRule, campaignRuleOf } from './campaign.ts';
import { INBOX_TABLE, INBOXES, type Inbox, type InboxSetting, inboxAddresses } from './inboxes.ts';

const inboxSettingsSchema = Object.fromEntries(
  INBOXES.map((inbox) => [INBOX_TABLE[inbox].setting, z._default(z.email(), INBOX_TABLE[inbox].defaultAddress)]),
) as Record<InboxSetting, z.ZodMiniDefault<z.ZodMiniEmail>>;

/**
 * Configuration, read once at start (cold start in Lambda) and failing fast with a clear
 * message when something is wrong. Local defaults follow DESIGN.md's local-mode contract.
 */
const schema = z.object({
  MASHURA_STAGE: z._default(z.string().check(z.minLength(1)), 'local'),
  MASHURA_TABLE: z._default(z.string().check(z.minLength(3)), 'mashura'),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'eu-central-1'),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  /** KMS key for contact details; when unset (local), a key file under the data dir is used. */
  MASHURA_CONTACT_KEY_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  MASHURA_DATA_DIR: z._default(z.string().check(z.minLength(1)), '.data'),
  /** Where "leave this page quickly" goes: an everyday site that draws no attention. */
  MASHURA_EXIT_URL: z._default(z.url({ protocol: /^https$/ }), 'https://www.google.com/'),
  PORT: z._default(z.coerce.number().check(z.multipleOf(1), z.gte(0), z.lte(65535)), 3000),
  /** Public base URL, for links in emails. */
  MASHURA_BASE_URL: z._default(z.url(), 'http://localhost:3000'),
  MASHURA_MAIL_FROM: z._default(z.email(), 'no-reply@mashura.example'),
  /** Each inbox's address (packages/core/inboxes.ts): MASHURA_OSE_INBOX, MASHURA_DONORS_INBOX, … */
  ...inboxSettingsSchema,
  MASHURA_OPERATORS_EMAIL: z._default(z.email(), 'operators@ose.example'),
  /** SES endpoint override (aws-ses-v2-local); unset in AWS. */
  SES_ENDPOINT: z.optional(z.url()),
  /** S3 endpoint override (another local S3 server); unset in AWS, and locally s3rver is started. */
  S3_ENDPOINT: z.optional(z.url()),
  /** The voice recordings' bucket (issue 19); set by the stacks in AWS. */
  MASHURA_VOICE_BUCKET: z._default(z.string().check(z.minLength(3)), 'mashura-voice'),
  /** SES configuration set (bounce/complaint events); set by the stacks in AWS. */
  MASHURA_MAIL_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Days a submission may wait untriaged before its inbox is reminded; urgent ones wait less. */
  MASHURA_TRIAGE_SLA_DAYS: z._default(z.coerce.number().check(z.positive()), 3),
  MASHURA_URGENT_SLA_DAYS: z._default(z.coerce.number().check(z.positive()), 1),
  /** Retention (issue 6): contact details erased this many days after a submission is closed. */
  MASHURA_CONTACT_RETENTION_DAYS: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 90),
  /** Submissions marked spam are deleted this many days after they were marked. */
  MASHURA_SPAM_RETENTION_DAYS: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 30),
  /** Abuse defences: a form sent sooner than this after it was served is refused (and kept on the page). */
  MASHURA_MIN_FILL_SECONDS: z._default(z.coerce.number().check(z.gte(0)), 3),
  /** How long a served form stays valid before it is re-issued (the text is kept). */
  MASHURA_FORM_MAX_AGE_HOURS: z._default(z.coerce.number().check(z.positive()), 48),
  /** Accepted submissions per client (keyed hash of its address) per hour, with and without proof of work. */
  MASHURA_RATE_SUBMIT_PER_HOUR: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 60),
  MASHURA_RATE_SUBMIT_NO_POW_PER_HOUR: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 10),
  /** Acknowledgement emails to one address (keyed hash) per day; past it the submission is kept, unacknowledged. */
  MASHURA_RATE_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY: z._default(
    z.coerce.number().check(z.multipleOf(1), z.positive()),
    5,
  ),
  /** And to one domain per day (large public providers excepted: packages/core/mailbox.ts). */
  MASHURA_RATE_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_DAY: z._default(
    z.coerce.number().check(z.multipleOf(1), z.positive()),
    50,
  ),
  /** Proof-of-work difficulty: the browser tries on average half this many SHA-256 hashes. */
  MASHURA_POW_MAX_COUNTER: z._default(z.coerce.number().check(z.multipleOf(1), z.gte(1)), 50_000),
  ...CAMPAIGN_SETTINGS,
  /** Local mode only: delay every email by this much, to test restarts with mail in flight. */
  MASHURA_FAULT_SES_DELAY_MS: z._default(z.coerce.number().check(z.multipleOf(1), z.gte(0)), 0),
  /** Status lookups (/status) per client per hour, and per reference per hour from all clients. */
  MASHURA_RATE_STATUS_PER_HOUR: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 20),
  MASHURA_RATE_STATUS_PER_REFERENCE_PER_HOUR: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 10),
});

export type Config = {
  stage: string;
  local: boolean;
  tableName: string;
  region: string;
  dynamodbEndpoint?: string;
  contactKeyArn?: string;
  dataDir: string;
  exitUrl: string;
  port: number;
  baseUrl: string;
  mailFrom: string;
  inboxes: Record<Inbox, string>;
  operatorsEmail: string;
  sesEndpoint?: string;
  s3Endpoint?: string;
  voiceBucket: string;
  mailConfigurationSet?: string;
  triageSlaDays: number;
  urgentSlaDays: number;
  retention: { contactDays: number; spamDays: number };
  /** When a near-duplicate group counts as a campaign: the workflow records it by this rule. */
  campaign: CampaignRule;
  protection: {
    minFillSeconds: number;
    formMaxAgeHours: number;
    submitsPerHour: number;
    submitsPerHourWithoutPow: number;
    acknowledgementsPerAddressPerDay: number;
    acknowledgementsPerDomainPerDay: number;
    powMaxCounter: number;
  };
  /** Fault injection for local resilience tests; always zero in AWS. */
  faults: { sesDelayMs: number };
  statusLookups: { perClientPerHour: number; perReferencePerHour: number };
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // zod/mini loads no messages by itself: the English ones, so a bad setting says what is wrong.
  z.config(en());
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const config: Config = {
    stage: e.MASHURA_STAGE,
    local: e.MASHURA_STAGE === 'local',
    tableName: e.MASHURA_TABLE,
    region: e.AWS_REGION,
    dataDir: e.MASHURA_DATA_DIR,
    exitUrl: e.MASHURA_EXIT_URL,
    port: e.PORT,
    baseUrl: e.MASHURA_BASE_URL.replace(/\/$/, ''),
    mailFrom: e.MASHURA_MAIL_FROM,
    inboxes: inboxAddresses(e),
    operatorsEmail: e.MASHURA_OPERATORS_EMAIL,
    voiceBucket: e.MASHURA_VOICE_BUCKET,
    triageSlaDays: e.MASHURA_TRIAGE_SLA_DAYS,
    urgentSlaDays: e.MASHURA_URGENT_SLA_DAYS,
    retention: { contactDays: e.MASHURA_CONTACT_RETENTION_DAYS, spamDays: e.MASHURA_SPAM_RETENTION_DAYS },
    campaign: campaignRuleOf(e),
    protection: {
      minFillSeconds: e.MASHURA_MIN_FILL_SECONDS,
      formMaxAgeHours: e.MASHURA_FORM_MAX_AGE_HOURS,
      submitsPerHour: e.MASHURA_RATE_SUBMIT_PER_HOUR,
      submitsPerHourWithoutPow: e.MASHURA_RATE_SUBMIT_NO_POW_PER_HOUR,
      acknowledgementsPerAddressPerDay: e.MASHURA_RATE_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY,
      acknowledgementsPerDomainPerDay: e.MASHURA_RATE_ACKNOWLEDGEMENTS_PER_DOMAIN_PER_DAY,
      powMaxCounter: e.MASHURA_POW_MAX_COUNTER,
    },
    faults: { sesDelayMs: e.MASHURA_STAGE === 'local' ? e.MASHURA_FAULT_SES_DELAY_MS : 0 },
    statusLookups: {
      perClientPerHour: e.MASHURA_RATE_STATUS_PER_HOUR,
      perReferencePerHour: e.MASHURA_RATE_STATUS_PER_REFERENCE_PER_HOUR,
    },
  };
  if (e.SES_ENDPOINT) config.sesEndpoint = e.SES_ENDPOINT;
  if (e.S3_ENDPOINT) config.s3Endpoint = e.S3_ENDPOINT;
  if (e.MASHURA_MAIL_CONFIGURATION_SET) config.mailConfigurationSet = e.MASHURA_MAIL_CONFIGURATION_SET;
  if (e.DYNAMODB_ENDPOINT) config.dynamodbEndpoint = e.DYNAMODB_ENDPOINT;
  if (e.MASHURA_CONTACT_KEY_ARN) config.contactKeyArn = e.MASHURA_CONTACT_KEY_ARN;
  return config;
}
