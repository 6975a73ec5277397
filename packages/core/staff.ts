import * as z from 'zod/mini';
import { CAMPAIGN_SETTINGS, type CampaignRule, campaignRuleOf } from './campaign.ts';
import { PERSONAL_ANSWER_FIELDS } from './fields.ts';
import { readByLiaisons } from './inboxes.ts';
import type { SubmissionRecord } from './submission.ts';

/**
 * Staff and what each role may see. OSE triagers and admins see every submission; donor
 * liaisons see only what was routed to the donors, never contact details or the optional
 * personal answers (the donors' inbox email leaves those out too). Admins also manage staff.
 * Facilitators run consultations (issue 14) and see no submissions at all.
 */
export const STAFF_ROLES = ['triager', 'admin', 'liaison', 'facilitator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffMember {
  email: string;
  role: StaffRole;
  addedAt: string;
  addedBy: string;
  /** Raised to sign out everywhere: a session is valid only while it carries the current value. */
  generation: number;
}

/** Who is acting: the signed-in member, as the domain needs them. */
export interface StaffActor {
  email: string;
  role: StaffRole;
}

export const isStaffRole = (value: unknown): value is StaffRole =>
  typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);

/** Addresses compare case-insensitively; stored and shown lower-case. */
export const staffEmailSchema = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email());

export function normaliseStaffEmail(input: unknown): string | undefined {
  const parsed = staffEmailSchema.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

/** Routed to an inbox liaisons read, the donors' (alone or with OSE): what a liaison may see. */
export function isDonorRouted(record: Pick<SubmissionRecord, 'routing' | 'routedTo'>): boolean {
  return record.routing === 'routed' && (record.routedTo ?? []).some(readByLiaisons);
}

export function canSeeSubmission(actor: StaffActor, record: Pick<SubmissionRecord, 'routing' | 'routedTo'>): boolean {
  if (actor.role === 'facilitator') return false;
  return actor.role !== 'liaison' || isDonorRouted(record);
}

/** Contact details (decrypted on request) and the optional answers about the person. */
export const canSeeContact = (actor: StaffActor) => actor.role === 'triager' || actor.role === 'admin';
export const canSeePersonalAnswers = (actor: StaffActor) => actor.role === 'triager' || actor.role === 'admin';
/** Consultations (issue 14): created, moderated and sent by admins and facilitators. */
export const canRunConsultations = (actor: StaffActor) => actor.role === 'admin' || actor.role === 'facilitator';

/** Emails that go to the person who wrote (so exist only if they left an address). */
const toThePerson = (deliveryKey: string) => deliveryKey === 'acknowledgement' || deliveryKey.startsWith('outcome-');
const CONTACT_EVENTS = new Set(['contact-viewed', 'contact-erased']);

/**
 * A submission as this person may see it. For a role that may not see contact details,
 * everything that would tell whether they exist is taken out: the contact ciphertext, the
 * "has an email" flag, the withheld-acknowledgement flag, the deliveries and failures of
 * emails to the person, and the audit events about contact details or those emails.
 */
export function visibleTo(actor: StaffActor, record: SubmissionRecord): SubmissionRecord {
  let visible = record;
  if (!canSeePersonalAnswers(actor)) {
    visible = { ...visible };
    for (const field of PERSONAL_ANSWER_FIELDS) delete visible[field];
  }
  if (canSeeContact(actor)) return visible;
  const { contactCiphertext: _sealed, acknowledgementWithheld: _withheld, ...rest } = visible;
  const keep = <T>(entries: Record<string, T> | undefined) =>
    entries && Object.fromEntries(Object.entries(entries).filter(([key]) => !toThePerson(key)));
  return {
    ...rest,
    hasEmail: false,
    deliveries: keep(record.deliveries),
    deliveryFailures: keep(record.deliveryFailures),
    audit: record.audit?.filter(
      (event) =>
        !CONTACT_EVENTS.has(event.action) &&
        // A failed email is shown only when it was plainly to an inbox.
        !(event.action === 'delivery-failed' && !/^(inbox|reminder)-/.test(event.detail?.key ?? '')),
    ),
  };
}
export const canManageStaff = (actor: StaffActor) => actor.role === 'admin';

/** Who may hold a submission: people who can act on every submission. */
export const canBeAssigned = (member: Pick<StaffMember, 'role'>) =>
  member.role === 'triager' || member.role === 'admin';

/** The accounts a fresh local service starts with (DESIGN.md), overridable by environment. */
export interface SeedStaff {
  triager: string;
  admin: string;
  liaison: string;
}

const staffConfigSchema = z.object({
  MASHURA_SEED_TRIAGER: z._default(staffEmailSchema, 'triage@ose.example'),
  MASHURA_SEED_ADMIN: z._default(staffEmailSchema, 'admin@ose.example'),
  MASHURA_SEED_LIAISON: z._default(staffEmailSchema, 'liaison@donors.example'),
  /** Hours a staff session lasts from sign-in (absolute, not sliding). */
  MASHURA_STAFF_SESSION_HOURS: z._default(z.coerce.number().check(z.positive(), z.lte(24)), 12),
  /** Sign-in links emailed to one address per 15 minutes (anonymous requests), or to one recognised device. */
  MASHURA_STAFF_SIGNIN_PER_15MIN: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 5),
  /** Sign-in links emailed to one address per day for anonymous requests. */
  MASHURA_STAFF_SIGNIN_EMAILS_PER_DAY: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 10),
  /** Anonymous sign-in requests per client (keyed hash of its network) per 15 minutes. */
  MASHURA_STAFF_SIGNIN_PER_CLIENT_PER_15MIN: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 10),
  /** Anonymous sign-in requests from everyone per 10 seconds (each waits out the floor). */
  MASHURA_STAFF_SIGNIN_ANONYMOUS_PER_10S: z._default(z.coerce.number().check(z.multipleOf(1), z.positive()), 4),
  // The campaign rule (issue 15): the same settings the workflow reads (packages/core/campaign.ts).
  ...CAMPAIGN_SETTINGS,
});

export interface StaffConfig {
  seed: SeedStaff;
  sessionHours: number;
  signInsPer15Minutes: number;
  signInEmailsPerDay: number;
  signInsPerClientPer15Minutes: number;
  anonymousSignInsPer10Seconds: number;
  campaign: CampaignRule;
}

/** Staff settings, read once at start like packages/core/config.ts, failing fast. */
export function loadStaffConfig(env: Record<string, string | undefined> = process.env): StaffConfig {
  const parsed = staffConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid staff configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    seed: { triager: e.MASHURA_SEED_TRIAGER, admin: e.MASHURA_SEED_ADMIN, liaison: e.MASHURA_SEED_LIAISON },
    sessionHours: e.MASHURA_STAFF_SESSION_HOURS,
    signInsPer15Minutes: e.MASHURA_STAFF_SIGNIN_PER_15MIN,
    signInEmailsPerDay: e.MASHURA_STAFF_SIGNIN_EMAILS_PER_DAY,
    signInsPerClientPer15Minutes: e.MASHURA_STAFF_SIGNIN_PER_CLIENT_PER_15MIN,
    anonymousSignInsPer10Seconds: e.MASHURA_STAFF_SIGNIN_ANONYMOUS_PER_10S,
    campaign: campaignRuleOf(e),
  };
}
