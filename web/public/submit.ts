import {
  type FieldErrors,
  type Intake,
  type Language,
  PROTECT_FIELDS,
  referenceFromToken,
  type SubmissionRecord,
  tokenHash,
  validateSubmission,
} from '#core';
import type { Protection, Refusal } from './protect.ts';
import type { FormValues } from './views/form.tsx';
import { readVoice } from './voice.ts';

/**
 * Sending the public form, as one call that answers what happened (docs/adr/0013): check the
 * recording and validate, run the abuse defences, write the submission durably (with its
 * recording), start its workflow. The handler in app.tsx only reads the post before it and
 * renders the outcome after it, so each outcome is one `case` there and a new one does not
 * compile until it is rendered.
 */
export type SubmitOutcome =
  /** The form (or its recording) has errors to correct; a malformed form token gets the form a new one. */
  | { kind: 'invalid'; errors: FieldErrors; tokenRefused: boolean }
  /** The hidden field was filled in: a script, or an autofill that went too far. */
  | { kind: 'honeypot' }
  /** Sent sooner after the form was served than a person could write it. */
  | { kind: 'too-fast' }
  /** The form's stamp is forged, expired or missing (and the form is not already stored): a fresh one comes with the form. */
  | { kind: 'stamp' }
  /** Too many posts from this client; a retry of a form already stored is never refused. */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** The durable write failed (an outage): nothing was stored, the person may send again. */
  | { kind: 'unavailable' }
  /** Another submission holds this form token's reference: the form gets a new token. */
  | { kind: 'collision' }
  /** The same form was sent again (a double click, a retry): its codes, nothing written. */
  | { kind: 'duplicate'; reference: string; receipt: string }
  /** Stored, and its workflow started (or left to the redrive sweep if that failed). */
  | { kind: 'accepted'; reference: string; receipt: string };

export type SubmitOutcomeKind = SubmitOutcome['kind'];

export interface SubmitDeps {
  intake: Intake;
  submissions: {
    get(reference: string): Promise<SubmissionRecord | undefined>;
    /** Takes back a post the rate limit refused after its write; without it, the counter goes first. */
    withdraw?: ((record: SubmissionRecord) => Promise<boolean>) | undefined;
  };
  /** Abuse defences (web/public/protect.ts); without them every valid form goes straight in. */
  protection?: Protection | undefined;
  /** Called after the durable write; failures must not reach the person (redrive catches up). */
  onSubmitted?: ((record: SubmissionRecord) => Promise<void>) | undefined;
  log: (event: string, detail?: Record<string, unknown>) => void;
}

/** The form as posted (its text fields and its `voice` file field), its language, and the client's address (for its rate-limit key only). */
export interface SubmitRequest {
  values: FormValues;
  voice?: File[] | undefined;
  language: Language;
  address: string | undefined;
}

/** A refusal of the abuse defences as the outcome the person sees. */
function refused(refusal: Refusal): SubmitOutcome {
  return refusal.reason === 'rate-limited'
    ? { kind: 'rate-limited', retryAfterSeconds: refusal.retryAfterSeconds ?? 0 }
    : { kind: refusal.reason };
}

export function createSubmitForm(deps: SubmitDeps) {
  const { intake, protection, onSubmitted, log } = deps;

  /** Whether this very form is already stored (its token's reference, with its token's hash). */
  async function alreadyStored(formToken: string): Promise<boolean> {
    try {
      const existing = await deps.submissions.get(referenceFromToken(formToken));
      return existing?.tokenHash === tokenHash(formToken);
    } catch {
      return false;
    }
  }

  return async function submitForm({ values, voice: files, language, address }: SubmitRequest): Promise<SubmitOutcome> {
    const voice = await readVoice(files);
    const validation = validateSubmission(values, { hasVoice: voice.present });
    if (!validation.ok || !voice.ok) {
      const errors = validation.ok ? {} : validation.errors;
      if (!voice.ok) errors.voice = voice.error;
      return { kind: 'invalid', errors, tokenRefused: Boolean(errors.formToken) };
    }
    const input = validation.value;

    const refuse = (refusal: Refusal) => {
      log('submission.refused', { reason: refusal.reason });
      return refused(refusal);
    };
    const submit = (acknowledge: boolean) =>
      intake
        .submit(input, language, { withholdAcknowledgement: !acknowledge, voice: voice.upload })
        .catch((error: Error) => {
          log('submission.unavailable', { error: error.name });
          return undefined;
        });

    let pow = false;
    let result: Awaited<ReturnType<Intake['submit']>> | undefined;
    if (!protection) result = await submit(true);
    else {
      const { formToken } = input;
      const screened = protection.screen({ formToken, values });
      // A resend of a stored form whose stamp has since expired (its answer was lost, then a
      // long outage) is let through: the intake below answers it as the same submission.
      if (!screened.ok && !(screened.reason === 'stamp' && (await alreadyStored(formToken)))) return refuse(screened);
      // Only a post that passed the stamp gets credit for its proof of work.
      const proved = () => screened.ok && protection.verifyPow(formToken, values[PROTECT_FIELDS.pow]);
      const withdraw = deps.submissions.withdraw;
      // Without an email the put needs nothing from the counter: both go out together,
      // one round trip, and a post the limit refuses is taken back (docs/performance.md).
      // A client refused lately, a post with an email (whose acknowledgement is counted
      // first) or with a recording (stored before the record), waits for the counter.
      if (withdraw && !input.email && !voice.upload && !protection.refusedLately(address)) {
        // The put's request is built and sent first; the proof of work, which only the
        // counter needs, is checked after it. The counter is built in a later turn, once the
        // put has left: the store works on the put meanwhile (built together, the two would
        // leave together, and on one store thread, as locally, queue behind both).
        const stored = submit(true);
        pow = proved();
        const counted = new Promise((go) => setImmediate(go)).then(() => protection.limit({ address, pow }));
        const [verdict, written] = await Promise.all([counted, stored]);
        result = written;
        if (!verdict.ok && !(written?.ok && written.duplicate)) {
          if (!written?.ok || (await withdraw(written.record).catch(() => false))) return refuse(verdict);
          // Could not take it back: the submission stays (fails open, as the counter does).
          log('submission.kept-past-limit', { reference: written.reference });
        }
      } else {
        pow = proved();
        const verdict = await protection.limit({ address, pow });
        if (!verdict.ok && !(await alreadyStored(formToken))) return refuse(verdict);
        result = await submit(!verdict.ok || (await protection.mayAcknowledge(values.email)));
      }
    }
    if (!result) return { kind: 'unavailable' };
    if (!result.ok) return { kind: 'collision' };

    const { reference, receipt } = result;
    if (result.duplicate) {
      log('submission.duplicate', { reference, pow });
      return { kind: 'duplicate', reference, receipt };
    }
    log('submission.created', { reference, pow });
    if (onSubmitted) {
      await onSubmitted(result.record).catch((error: Error) =>
        log('workflow.start-failed', { reference, error: error.name }),
      );
    }
    return { kind: 'accepted', reference, receipt };
  };
}

export type SubmitForm = ReturnType<typeof createSubmitForm>;
