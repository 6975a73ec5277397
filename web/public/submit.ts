import {
  type FieldErrors,
  type Intake,
  type Language,
  referenceFromToken,
  type SubmissionRecord,
  tokenHash,
  validateSubmission,
} from '#core';
import type { Protection } from './protect.ts';
import type { FormValues } from './views/form.tsx';

/**
 * Sending the public form, as one call that answers what happened (docs/adr/0012): validate,
 * run the abuse defences, write the submission durably, start its workflow. The handler in
 * app.tsx only reads the post before it and renders the outcome after it, so each outcome
 * is one `case` there and a new one does not compile until it is rendered.
 */
export type SubmitOutcome =
  /** The form has errors to correct; a malformed form token gets the form a new one. */
  | { kind: 'invalid'; errors: FieldErrors; tokenRefused: boolean }
  /** The hidden field was filled in: a script, or an autofill that went too far. */
  | { kind: 'honeypot' }
  /** Sent sooner after the form was served than a person could write it. */
  | { kind: 'too-fast' }
  /** The form's stamp is forged, expired or missing: a fresh one comes with the form. */
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
  submissions: { get(reference: string): Promise<SubmissionRecord | undefined> };
  /** Abuse defences (web/public/protect.ts); without them every valid form goes straight in. */
  protection?: Protection | undefined;
  /** Called after the durable write; failures must not reach the person (redrive catches up). */
  onSubmitted?: ((record: SubmissionRecord) => Promise<void>) | undefined;
  log: (event: string, detail?: Record<string, unknown>) => void;
}

/** The form as posted, its language, and the client's address (for its rate-limit key only). */
export interface SubmitRequest {
  values: FormValues;
  language: Language;
  address: string | undefined;
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

  return async function submitForm({ values, language, address }: SubmitRequest): Promise<SubmitOutcome> {
    const validation = validateSubmission(values);
    if (!validation.ok) {
      return { kind: 'invalid', errors: validation.errors, tokenRefused: Boolean(validation.errors.formToken) };
    }
    const input = validation.value;

    let pow = false;
    let acknowledge = true;
    if (protection) {
      const verdict = await protection.check({ formToken: input.formToken, values, address });
      if (verdict.ok) {
        pow = verdict.pow;
        acknowledge = verdict.acknowledge;
      } else if (!(verdict.reason === 'rate-limited' && (await alreadyStored(input.formToken)))) {
        log('submission.refused', { reason: verdict.reason });
        return verdict.reason === 'rate-limited'
          ? { kind: 'rate-limited', retryAfterSeconds: verdict.retryAfterSeconds ?? 0 }
          : { kind: verdict.reason };
      }
      // Else a rate-limited retry of a stored form: it goes on to get its confirmation again.
    }

    let result: Awaited<ReturnType<Intake['submit']>>;
    try {
      result = await intake.submit(input, language, { withholdAcknowledgement: !acknowledge });
    } catch (error) {
      log('submission.unavailable', { error: (error as Error).name });
      return { kind: 'unavailable' };
    }
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
