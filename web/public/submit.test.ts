import { describe, expect, it } from 'vitest';
import {
  type CreateOutcome,
  createIntake,
  newFormToken,
  referenceFromToken,
  type SubmissionRecord,
  type SubmissionRepository,
} from '#core';
import type { Protection, Verdict } from './protect.ts';
import { createSubmitForm, type SubmitDeps, type SubmitOutcome } from './submit.ts';
import type { FormValues } from './views/form.tsx';

/**
 * The form's sending without HTTP: every outcome from plain values, with an in-memory
 * repository and a protection that answers what each test says.
 */
function memoryRepository(fail?: () => CreateOutcome | Error): SubmissionRepository & { items: SubmissionRecord[] } {
  const items: SubmissionRecord[] = [];
  return {
    items,
    async create(record) {
      const forced = fail?.();
      if (forced instanceof Error) throw forced;
      if (forced) return forced;
      const existing = items.find((item) => item.reference === record.reference);
      if (!existing) {
        items.push(record);
        return 'created';
      }
      return existing.tokenHash === record.tokenHash ? 'duplicate' : 'collision';
    },
    async get(reference) {
      return items.find((item) => item.reference === reference);
    },
  };
}

const protectionAnswering = (verdict: () => Verdict): Protection & { checked: number } => {
  const protection = {
    checked: 0,
    stamp: () => 'stamp',
    restamp: () => 'stamp',
    challenge: () => Promise.reject(new Error('not used')),
    verifyPow: async () => false,
    check: async () => {
      protection.checked += 1;
      return verdict();
    },
  };
  return protection;
};

function setUp(
  options: { verdict?: Verdict | (() => Verdict); fail?: () => CreateOutcome | Error; startFails?: boolean } = {},
) {
  const repository = memoryRepository(options.fail);
  const started: SubmissionRecord[] = [];
  const events: string[] = [];
  const { verdict } = options;
  const protection = verdict ? protectionAnswering(typeof verdict === 'function' ? verdict : () => verdict) : undefined;
  const deps: SubmitDeps = {
    intake: createIntake({ repository, sealer: { seal: async () => 'sealed' }, receiptSecret: 'test-secret' }),
    submissions: repository,
    protection,
    onSubmitted: async (record) => {
      if (options.startFails) throw new Error('StartExecution failed');
      started.push(record);
    },
    log: (event) => events.push(event),
  };
  const submitForm = createSubmitForm(deps);
  const send = (values: FormValues) => submitForm({ values, language: 'en', address: '192.0.2.1' });
  return { send, repository, started, events, protection };
}

const validForm = (extra: FormValues = {}): FormValues => ({
  formToken: newFormToken(),
  addressee: 'both',
  topics: ['detainees', 'education'],
  message: 'We want to know what happened to the detainees.',
  ...extra,
});

const passed: Verdict = { ok: true, pow: false, acknowledge: true };

describe('sending the public form (web/public/submit.ts)', () => {
  it('refuses a form with errors, says whether its token must be replaced, and stores nothing', async () => {
    const { send, repository, started } = setUp({ verdict: passed });
    const empty = await send({});
    expect(empty).toMatchObject({ kind: 'invalid', tokenRefused: true });
    expect(Object.keys((empty as Extract<SubmitOutcome, { kind: 'invalid' }>).errors)).toEqual(
      expect.arrayContaining(['addressee', 'topics', 'message']),
    );
    const noMessage = await send(validForm({ message: '' }));
    expect(noMessage).toMatchObject({ kind: 'invalid', tokenRefused: false, errors: { message: expect.any(String) } });
    expect(repository.items).toEqual([]);
    expect(started).toEqual([]);
  });

  it.each([
    ['honeypot', 'honeypot'],
    ['too-fast', 'too-fast'],
    ['stamp', 'stamp'],
  ] as const)(
    'answers a %s refusal of the abuse defences as its own outcome, storing nothing',
    async (reason, kind) => {
      const { send, repository, started, events } = setUp({ verdict: { ok: false, reason, freshStamp: false } });
      expect(await send(validForm())).toEqual({ kind });
      expect(repository.items).toEqual([]);
      expect(started).toEqual([]);
      expect(events).toEqual(['submission.refused']);
    },
  );

  it('answers a rate limit with when to try again, storing nothing', async () => {
    const { send, repository } = setUp({
      verdict: { ok: false, reason: 'rate-limited', retryAfterSeconds: 600, freshStamp: false },
    });
    expect(await send(validForm())).toEqual({ kind: 'rate-limited', retryAfterSeconds: 600 });
    expect(repository.items).toEqual([]);
  });

  it('never refuses a rate-limited retry of a form already stored: it gets the same codes again', async () => {
    const verdict: { current: Verdict } = { current: passed };
    const { send, repository, started } = setUp({ verdict: () => verdict.current });
    const form = validForm();
    const accepted = await send(form);
    verdict.current = { ok: false, reason: 'rate-limited', retryAfterSeconds: 60, freshStamp: false };
    const retried = await send(form);
    expect(accepted.kind).toBe('accepted');
    expect(retried).toEqual({ ...accepted, kind: 'duplicate' });
    // Another form from the same client is still held back.
    expect((await send(validForm())).kind).toBe('rate-limited');
    expect(repository.items).toHaveLength(1);
    expect(started).toHaveLength(1);
  });

  it('stores a valid form once, starts its workflow once, and answers its codes', async () => {
    const { send, repository, started, events } = setUp({ verdict: passed });
    const form = validForm();
    const outcome = await send(form);
    expect(outcome).toEqual({
      kind: 'accepted',
      reference: referenceFromToken(form.formToken as string),
      receipt: expect.any(String),
    });
    expect(repository.items).toHaveLength(1);
    expect(started.map((record) => record.reference)).toEqual([referenceFromToken(form.formToken as string)]);
    expect(events).toEqual(['submission.created']);
  });

  it('answers the same form sent twice as a duplicate with the same codes, starting nothing again', async () => {
    const { send, repository, started, events } = setUp({ verdict: passed });
    const form = validForm();
    const first = await send(form);
    const second = await send(form);
    expect(second).toEqual({ ...first, kind: 'duplicate' });
    expect(repository.items).toHaveLength(1);
    expect(started).toHaveLength(1);
    expect(events).toEqual(['submission.created', 'submission.duplicate']);
  });

  it('withholds the acknowledgement when the mailbox has had its acknowledgements for the day', async () => {
    const { send, repository } = setUp({ verdict: { ok: true, pow: true, acknowledge: false } });
    expect((await send(validForm({ email: 'person@example.org' }))).kind).toBe('accepted');
    expect(repository.items[0]?.acknowledgementWithheld).toBe(true);
  });

  it('answers unavailable when the durable write fails, and starts nothing', async () => {
    const { send, started, events } = setUp({
      verdict: passed,
      fail: () => new Error('ProvisionedThroughputExceeded'),
    });
    expect(await send(validForm())).toEqual({ kind: 'unavailable' });
    expect(started).toEqual([]);
    expect(events).toEqual(['submission.unavailable']);
  });

  it('answers a collision when another submission holds the reference', async () => {
    const { send, started } = setUp({ verdict: passed, fail: () => 'collision' });
    expect(await send(validForm())).toEqual({ kind: 'collision' });
    expect(started).toEqual([]);
  });

  it('still accepts the submission when its workflow cannot be started (the redrive sweep catches up)', async () => {
    const { send, repository, events } = setUp({ verdict: passed, startFails: true });
    expect((await send(validForm())).kind).toBe('accepted');
    expect(repository.items).toHaveLength(1);
    expect(events).toEqual(['submission.created', 'workflow.start-failed']);
  });

  it('without abuse defences, accepts a valid form without asking them', async () => {
    const { send, protection } = setUp();
    expect(protection).toBeUndefined();
    expect((await send(validForm())).kind).toBe('accepted');
  });

  it('asks the abuse defences only about a form that is otherwise valid', async () => {
    const { send, protection } = setUp({ verdict: passed });
    await send({});
    expect(protection?.checked).toBe(0);
    await send(validForm());
    expect(protection?.checked).toBe(1);
  });
});
