import { receiptFromToken, receiptHash, referenceFromToken, tokenHash } from './codes.ts';
import { OPTIONAL_RECORD_FIELDS } from './fields.ts';
import type { Language } from './languages.ts';
import type { SubmissionInput, SubmissionRecord } from './submission.ts';
import { findTopic } from './topics.ts';

/** What the store answers to a conditional create. */
export type CreateOutcome = 'created' | 'duplicate' | 'collision';

export interface SubmissionRepository {
  /** Writes the record unless its reference exists; tells a retry from a collision by tokenHash. */
  create(record: SubmissionRecord): Promise<CreateOutcome>;
  get(reference: string): Promise<SubmissionRecord | undefined>;
}

export interface Contact {
  email?: string;
  organisation?: string;
}

/** Encrypts contact details; the public side never needs to decrypt them. */
export interface ContactSealer {
  seal(contact: Contact, reference: string): Promise<string>;
}

export type SubmitResult =
  | { ok: true; reference: string; receipt: string; duplicate: boolean; record: SubmissionRecord }
  | { ok: false; reason: 'collision' };

export interface IntakeDeps {
  repository: SubmissionRepository;
  sealer: ContactSealer;
  receiptSecret: string;
  now?: () => Date;
}

/**
 * Accepting a submission: derive its codes from the form token, seal contact details,
 * and write it once. A retried POST with the same token returns the same codes and
 * writes nothing new.
 */
export function createIntake({ repository, sealer, receiptSecret, now = () => new Date() }: IntakeDeps) {
  async function submit(
    input: SubmissionInput,
    language: Language,
    { withholdAcknowledgement = false }: { withholdAcknowledgement?: boolean } = {},
  ): Promise<SubmitResult> {
    const reference = referenceFromToken(input.formToken);
    const receipt = receiptFromToken(receiptSecret, input.formToken);
    const contact: Contact = {};
    if (input.email) contact.email = input.email;
    if (input.organisation) contact.organisation = input.organisation;
    const hasContact = Object.keys(contact).length > 0;

    const record: SubmissionRecord = {
      reference,
      tokenHash: tokenHash(input.formToken),
      receiptHash: receiptHash(receipt),
      language,
      addressee: input.addressee,
      topics: input.topics,
      urgent: input.topics.some((id) => findTopic(id)?.urgent),
      message: input.message,
      hasEmail: Boolean(input.email),
      status: 'new',
      createdAt: now().toISOString(),
      version: 1,
    };
    // Optional answers are kept only when given (a flag only when true): packages/core/fields.ts.
    const answers: Partial<Record<(typeof OPTIONAL_RECORD_FIELDS)[number], unknown>> = record;
    for (const field of OPTIONAL_RECORD_FIELDS) if (input[field]) answers[field] = input[field];
    if (hasContact) record.contactCiphertext = await sealer.seal(contact, reference);
    if (input.email && withholdAcknowledgement) record.acknowledgementWithheld = true;

    const outcome = await repository.create(record);
    if (outcome === 'collision') return { ok: false, reason: 'collision' };
    const stored = outcome === 'created' ? record : await repository.get(reference);
    return { ok: true, reference, receipt, duplicate: outcome === 'duplicate', record: stored ?? record };
  }

  return { submit };
}

export type Intake = ReturnType<typeof createIntake>;
