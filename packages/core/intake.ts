import { receiptFromToken, receiptHash, referenceFromToken, tokenHash } from './codes.ts';
import { OPTIONAL_RECORD_FIELDS } from './fields.ts';
import type { Language } from './languages.ts';
import type { SubmissionInput, SubmissionRecord } from './submission.ts';
import { findTopic } from './topics.ts';
import type { VoiceRecord, VoiceType } from './voice.ts';

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

/** Where recordings go (packages/objects): the intake writes one before the submission that names it. */
export interface VoiceObjects {
  put(key: string, body: Uint8Array, type: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A recording that passed checkVoice: its cleaned bytes and what they are. */
export interface VoiceUpload {
  body: Uint8Array;
  type: VoiceType;
  seconds: number | undefined;
}

export type SubmitResult =
  | { ok: true; reference: string; receipt: string; duplicate: boolean; record: SubmissionRecord }
  | { ok: false; reason: 'collision' };

export interface IntakeDeps {
  repository: SubmissionRepository;
  sealer: ContactSealer;
  receiptSecret: string;
  /** The recordings' store; without it a recording is refused (voiceKey names its key). */
  objects?: VoiceObjects;
  voiceKey?: (reference: string, tokenHash: string) => string;
  now?: () => Date;
}

/**
 * Accepting a submission: derive its codes from the form token, seal contact details,
 * and write it once. A retried POST with the same token returns the same codes and
 * writes nothing new.
 */
export function createIntake({
  repository,
  sealer,
  receiptSecret,
  objects,
  voiceKey = (reference, hash) => `voice/${reference}/${hash.slice(0, 16)}`,
  now = () => new Date(),
}: IntakeDeps) {
  async function submit(
    input: SubmissionInput,
    language: Language,
    { withholdAcknowledgement = false, voice }: { withholdAcknowledgement?: boolean; voice?: VoiceUpload } = {},
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

    // The recording is written first, under a key of this form's own, so the submission never
    // names an object that is not there; a retry of the same form overwrites the same key.
    let voiceRecord: VoiceRecord | undefined;
    if (voice) {
      if (!objects) throw new Error('No object store for recordings');
      voiceRecord = { key: voiceKey(reference, record.tokenHash), type: voice.type, bytes: voice.body.length };
      if (voice.seconds !== undefined) voiceRecord.seconds = voice.seconds;
      await objects.put(voiceRecord.key, voice.body, voice.type);
      record.voice = voiceRecord;
    }
    // Not on an outage: the write may have landed, and the retry overwrites the same key.
    const discardVoice = async () => {
      if (voiceRecord) await objects!.delete(voiceRecord.key).catch(() => {});
    };

    const outcome = await repository.create(record);
    if (outcome === 'collision') {
      await discardVoice();
      return { ok: false, reason: 'collision' };
    }
    const stored = outcome === 'created' ? record : await repository.get(reference);
    // A retry that brought a recording the stored submission does not name leaves nothing behind.
    if (outcome === 'duplicate' && stored && stored.voice?.key !== voiceRecord?.key) await discardVoice();
    return { ok: true, reference, receipt, duplicate: outcome === 'duplicate', record: stored ?? record };
  }

  return { submit };
}

export type Intake = ReturnType<typeof createIntake>;
