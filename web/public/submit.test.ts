import { describe, expect, it } from 'vitest';
import {
  type CreateOutcome,
  createIntake,
  newFormToken,
  referenceFromToken,
  type SubmissionRecord,
  type SubmissionRepository,
} from '#core';
import { pdf, wav } from '../../tests/fixtures/audio.ts';
import type { LimitVerdict, Protection, Screening } from './protect.ts';
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

/** What the protection answers, each settable by a test; `calls` records the order of the round trips. */
interface Answers {
  screening: Screening;
  limit: LimitVerdict;
  refusedLately: boolean;
  acknowledge: boolean;
}

const protectionAnswering = (answers: Answers, calls: string[]): Protection & { screened: number } => {
  const protection = {
    screened: 0,
    stamp: () => 'stamp',
    restamp: () => 'stamp',
    challenge: () => Promise.reject(new Error('not used')),
    verifyPow: () => false,
    screen: () => {
      protection.screened += 1;
      calls.push('screen');
      return answers.screening;
    },
    limit: async () => {
      calls.push('limit');
      return answers.limit;
    },
    refusedLately: () => answers.refusedLately,
    mayAcknowledge: async () => {
      calls.push('acknowledge');
      return answers.acknowledge;
    },
  };
  return protection;
};

const passed: Screening = { ok: true };
const rateLimited: LimitVerdict = { ok: false, reason: 'rate-limited', retryAfterSeconds: 600, freshStamp: false };

function setUp(
  options: {
    protection?: Partial<Answers> | false;
    fail?: () => CreateOutcome | Error;
    startFails?: boolean;
    /** Whether the store can take a post back (the one-round-trip intake); `'fails'`: it answers false. */
    withdraw?: boolean | 'fails';
  } = {},
) {
  const repository = memoryRepository(options.fail);
  const started: SubmissionRecord[] = [];
  const events: string[] = [];
  const calls: string[] = [];
  const withdrawn: string[] = [];
  const objects = new Map<string, string>();
  const answers: Answers = {
    screening: passed,
    limit: { ok: true },
    refusedLately: false,
    acknowledge: true,
    ...(options.protection || {}),
  };
  const protection = options.protection === false ? undefined : protectionAnswering(answers, calls);
  const withdraw =
    options.withdraw === undefined || options.withdraw === false
      ? undefined
      : async (record: SubmissionRecord) => {
          calls.push('withdraw');
          if (options.withdraw === 'fails') return false;
          withdrawn.push(record.reference);
          repository.items.splice(repository.items.indexOf(record), 1);
          return true;
        };
  const intake = createIntake({
    repository: {
      ...repository,
      create: (record) => {
        calls.push('put');
        return repository.create(record);
      },
    },
    sealer: { seal: async () => 'sealed' },
    receiptSecret: 'test-secret',
    objects: {
      put: async (key, _body, type) => {
        objects.set(key, type);
      },
      delete: async (key) => {
        objects.delete(key);
      },
    },
  });
  const deps: SubmitDeps = {
    intake,
    submissions: { get: repository.get, withdraw },
    protection,
    onSubmitted: async (record) => {
      if (options.startFails) throw new Error('StartExecution failed');
      started.push(record);
    },
    log: (event) => events.push(event),
  };
  const submitForm = createSubmitForm(deps);
  const send = (values: FormValues, voice?: File[]) =>
    submitForm({ values, voice, language: 'en', address: '192.0.2.1' });
  return { send, repository, started, events, protection, answers, calls, withdrawn, objects };
}

const validForm = (extra: FormValues = {}): FormValues => ({
  formToken: newFormToken(),
  addressee: 'both',
  topics: ['detainees', 'education'],
  message: 'We want to know what happened to the detainees.',
  ...extra,
});

const recording = (bytes: Uint8Array<ArrayBuffer> = wav(3)) => [new File([bytes], 'voice.wav', { type: 'audio/wav' })];

describe('sending the public form (web/public/submit.ts)', () => {
  it('refuses a form with errors, says whether its token must be replaced, and stores nothing', async () => {
    const { send, repository, started, calls } = setUp();
    const empty = await send({});
    expect(empty).toMatchObject({ kind: 'invalid', tokenRefused: true });
    expect(Object.keys((empty as Extract<SubmitOutcome, { kind: 'invalid' }>).errors)).toEqual(
      expect.arrayContaining(['addressee', 'topics', 'message']),
    );
    const noMessage = await send(validForm({ message: '' }));
    expect(noMessage).toMatchObject({ kind: 'invalid', tokenRefused: false, errors: { message: expect.any(String) } });
    expect(repository.items).toEqual([]);
    expect(started).toEqual([]);
    // The abuse defences are asked only about a form that is otherwise valid.
    expect(calls).toEqual([]);
  });

  it('refuses a file that is not a recording, and two files, on the voice field, keeping the rest', async () => {
    const { send, repository, calls, objects } = setUp();
    const notAudio = await send(validForm(), [new File([pdf()], 'voice.wav', { type: 'audio/wav' })]);
    expect(notAudio).toMatchObject({ kind: 'invalid', tokenRefused: false, errors: { voice: expect.any(String) } });
    const two = await send(validForm(), [...recording(), ...recording()]);
    expect(two).toMatchObject({ kind: 'invalid', errors: { voice: 'error.voice.many' } });
    // A bad recording and a bad form: both errors at once.
    const both = await send(validForm({ addressee: '' }), [new File([pdf()], 'x.wav')]);
    expect(Object.keys((both as Extract<SubmitOutcome, { kind: 'invalid' }>).errors)).toEqual(
      expect.arrayContaining(['addressee', 'voice']),
    );
    expect(repository.items).toEqual([]);
    expect(objects.size).toBe(0);
    expect(calls).toEqual([]);
  });

  it('accepts a recording without a message; it waits for the counter and is stored with the submission', async () => {
    const { send, repository, calls, objects } = setUp({ withdraw: true });
    const outcome = await send(validForm({ message: '' }), recording());
    expect(outcome.kind).toBe('accepted');
    expect(repository.items).toHaveLength(1);
    expect(repository.items[0]?.voice).toMatchObject({ type: 'audio/wav' });
    expect([...objects.values()]).toEqual(['audio/wav']);
    // Not the one-round-trip intake: the counter answers before anything is written.
    expect(calls).toEqual(['screen', 'limit', 'acknowledge', 'put']);
  });

  it('refuses a rate-limited post with a recording before storing the recording', async () => {
    const { send, repository, objects, calls } = setUp({ withdraw: true, protection: { limit: rateLimited } });
    expect(await send(validForm(), recording())).toEqual({ kind: 'rate-limited', retryAfterSeconds: 600 });
    expect(repository.items).toEqual([]);
    expect(objects.size).toBe(0);
    expect(calls).toEqual(['screen', 'limit']);
  });

  it.each([
    ['honeypot', 'honeypot'],
    ['too-fast', 'too-fast'],
    ['stamp', 'stamp'],
  ] as const)(
    'answers a %s refusal of the abuse defences as its own outcome, storing nothing',
    async (reason, kind) => {
      const { send, repository, started, events, calls } = setUp({
        protection: { screening: { ok: false, reason, freshStamp: false } },
      });
      expect(await send(validForm())).toEqual({ kind });
      expect(repository.items).toEqual([]);
      expect(started).toEqual([]);
      expect(events).toEqual(['submission.refused']);
      expect(calls).toEqual(['screen']);
    },
  );

  it('lets a resend of a stored form through when only its stamp has expired: the same codes again', async () => {
    const { send, repository, started, answers } = setUp();
    const form = validForm();
    const accepted = await send(form);
    answers.screening = { ok: false, reason: 'stamp', freshStamp: true };
    expect(await send(form)).toEqual({ ...accepted, kind: 'duplicate' });
    // Another form with an expired stamp is refused.
    expect(await send(validForm())).toEqual({ kind: 'stamp' });
    expect(repository.items).toHaveLength(1);
    expect(started).toHaveLength(1);
  });

  it('answers a rate limit with when to try again, storing nothing (the counter first without a take-back)', async () => {
    const { send, repository, calls } = setUp({ protection: { limit: rateLimited } });
    expect(await send(validForm())).toEqual({ kind: 'rate-limited', retryAfterSeconds: 600 });
    expect(repository.items).toEqual([]);
    expect(calls).toEqual(['screen', 'limit']);
  });

  it('one round trip: without an email, the counter and the put go out together', async () => {
    const { send, repository, calls } = setUp({ withdraw: true });
    expect((await send(validForm())).kind).toBe('accepted');
    expect(repository.items).toHaveLength(1);
    // The put's request is made first, while the proof of work is checked; the counter right
    // after; no acknowledgement to count.
    expect(calls).toEqual(['screen', 'put', 'limit']);
  });

  it('one round trip: the put leaves before the proof of work is checked, and the counter gets its answer', async () => {
    for (const credited of [true, false]) {
      const { send, repository, protection: given, calls } = setUp({ withdraw: true });
      const protection = given!;
      protection.verifyPow = () => {
        calls.push('pow');
        return credited;
      };
      const limits: boolean[] = [];
      const limit = protection.limit;
      protection.limit = (input) => {
        limits.push(input.pow);
        return limit(input);
      };
      expect((await send(validForm({ altcha: 'payload' }))).kind).toBe('accepted');
      expect(calls).toEqual(['screen', 'put', 'pow', 'limit']);
      expect(limits).toEqual([credited]);
      expect(repository.items).toHaveLength(1);
    }
  });

  it('waits for the proof of work before the counter when the counter goes first, and credits it', async () => {
    const { send, protection: given } = setUp({ withdraw: true });
    const protection = given!;
    const limits: boolean[] = [];
    const limit = protection.limit;
    protection.verifyPow = () => true;
    protection.limit = (input) => {
      limits.push(input.pow);
      return limit(input);
    };
    expect((await send(validForm({ email: 'person@example.org', altcha: 'payload' }))).kind).toBe('accepted');
    expect(limits).toEqual([true]);
  });

  it('one round trip: a post the limit refuses is taken back, and the person told when to try again', async () => {
    const { send, repository, started, withdrawn, calls, events } = setUp({
      withdraw: true,
      protection: { limit: rateLimited },
    });
    const form = validForm();
    expect(await send(form)).toEqual({ kind: 'rate-limited', retryAfterSeconds: 600 });
    expect(withdrawn).toEqual([referenceFromToken(form.formToken as string)]);
    expect(repository.items).toEqual([]);
    expect(started).toEqual([]);
    expect(calls).toEqual(['screen', 'put', 'limit', 'withdraw']);
    expect(events).toEqual(['submission.refused']);
  });

  it('one round trip: a refused post that cannot be taken back is kept and answered as accepted', async () => {
    const { send, repository, started, events } = setUp({ withdraw: 'fails', protection: { limit: rateLimited } });
    expect((await send(validForm())).kind).toBe('accepted');
    expect(repository.items).toHaveLength(1);
    expect(started).toHaveLength(1);
    expect(events).toEqual(['submission.kept-past-limit', 'submission.created']);
  });

  it('one round trip: a rate-limited resend of a stored form is its duplicate, and nothing is taken back', async () => {
    const { send, repository, withdrawn, answers } = setUp({ withdraw: true });
    const form = validForm();
    const accepted = await send(form);
    answers.limit = rateLimited;
    expect(await send(form)).toEqual({ ...accepted, kind: 'duplicate' });
    expect(withdrawn).toEqual([]);
    expect(repository.items).toHaveLength(1);
  });

  it('a client refused lately, or a post with an email, waits for the counter before the put', async () => {
    const lately = setUp({ withdraw: true, protection: { refusedLately: true, limit: rateLimited } });
    expect((await lately.send(validForm())).kind).toBe('rate-limited');
    expect(lately.calls).toEqual(['screen', 'limit']);
    expect(lately.repository.items).toEqual([]);

    const withEmail = setUp({ withdraw: true });
    expect((await withEmail.send(validForm({ email: 'person@example.org' }))).kind).toBe('accepted');
    expect(withEmail.calls).toEqual(['screen', 'limit', 'acknowledge', 'put']);
  });

  it('never refuses a rate-limited retry of a form already stored: it gets the same codes again', async () => {
    const { send, repository, started, answers } = setUp();
    const form = validForm();
    const accepted = await send(form);
    answers.limit = { ok: false, reason: 'rate-limited', retryAfterSeconds: 60, freshStamp: false };
    const retried = await send(form);
    expect(accepted.kind).toBe('accepted');
    expect(retried).toEqual({ ...accepted, kind: 'duplicate' });
    // Another form from the same client is still held back.
    expect((await send(validForm())).kind).toBe('rate-limited');
    expect(repository.items).toHaveLength(1);
    expect(started).toHaveLength(1);
  });

  it('stores a valid form once, starts its workflow once, and answers its codes', async () => {
    const { send, repository, started, events } = setUp();
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
    const { send, repository, started, events } = setUp();
    const form = validForm();
    const first = await send(form);
    const second = await send(form);
    expect(second).toEqual({ ...first, kind: 'duplicate' });
    expect(repository.items).toHaveLength(1);
    expect(started).toHaveLength(1);
    expect(events).toEqual(['submission.created', 'submission.duplicate']);
  });

  it('withholds the acknowledgement when the mailbox has had its acknowledgements for the day', async () => {
    const { send, repository } = setUp({ protection: { acknowledge: false } });
    expect((await send(validForm({ email: 'person@example.org' }))).kind).toBe('accepted');
    expect(repository.items[0]?.acknowledgementWithheld).toBe(true);
  });

  it('answers unavailable when the durable write fails, and starts nothing', async () => {
    const { send, started, events } = setUp({ fail: () => new Error('ProvisionedThroughputExceeded') });
    expect(await send(validForm())).toEqual({ kind: 'unavailable' });
    expect(started).toEqual([]);
    expect(events).toEqual(['submission.unavailable']);
  });

  it('answers a collision when another submission holds the reference', async () => {
    const { send, started } = setUp({ fail: () => 'collision' });
    expect(await send(validForm())).toEqual({ kind: 'collision' });
    expect(started).toEqual([]);
  });

  it('still accepts the submission when its workflow cannot be started (the redrive sweep catches up)', async () => {
    const { send, repository, events } = setUp({ startFails: true });
    expect((await send(validForm())).kind).toBe('accepted');
    expect(repository.items).toHaveLength(1);
    expect(events).toEqual(['submission.created', 'workflow.start-failed']);
  });

  it('without abuse defences, accepts a valid form without asking them', async () => {
    const { send, protection, calls } = setUp({ protection: false });
    expect(protection).toBeUndefined();
    expect((await send(validForm())).kind).toBe('accepted');
    expect(calls).toEqual(['put']);
  });
});
