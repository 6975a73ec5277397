import { describe, expect, it } from 'vitest';
import { type Decision, type DecisionResult, replyDecision, type StaffActor, type SubmissionRecord } from '#core';
import { submissionRecord } from '../../tests/support/staff.ts';
import { createDecideOnSubmission, type DecisionForm, readDecisionForm } from './decide.ts';

/**
 * A staff decision without HTTP: the form read into a decision, and every outcome of
 * deciding from what the triage domain answers.
 */
const TRIAGER: StaffActor = { email: 'triage@ose.example', role: 'triager' };

function setUp(answer: (decision: Decision) => DecisionResult, visible: SubmissionRecord | undefined) {
  const decided: Decision[] = [];
  const events: string[] = [];
  const decideOnSubmission = createDecideOnSubmission({
    triage: {
      decide: async (_me, _reference, _version, decision) => {
        decided.push(decision);
        return answer(decision);
      },
      view: async () => visible,
    },
    log: (event) => events.push(event),
  });
  return { decideOnSubmission, decided, events };
}

const formOf = (body: Record<string, string>) => readDecisionForm(body) as DecisionForm;

describe('reading a decision form', () => {
  it('knows no decision without a known action and a whole version', () => {
    expect(readDecisionForm({ action: 'delete', version: '1' })).toBeUndefined();
    expect(readDecisionForm({ action: 'status', version: 'one' })).toBeUndefined();
    expect(readDecisionForm({ action: ['status', 'note'], version: '1' })).toBeUndefined();
  });

  it('reads each action into a decision, or names the field that is wrong, keeping what was typed', () => {
    expect(formOf({ action: 'status', version: '3', to: 'closed' })).toMatchObject({
      action: 'status',
      version: 3,
      decision: { action: 'status', to: 'closed' },
      values: { statusTo: 'closed' },
    });
    expect(formOf({ action: 'status', version: '3', to: 'lost' }).decision).toEqual({ invalid: 'choice' });
    expect(formOf({ action: 'assign', version: '1', to: '' }).decision).toEqual({ action: 'assign', to: null });
    expect(formOf({ action: 'assign', version: '1', to: 'Someone@OSE.example' }).decision).toEqual({
      action: 'assign',
      to: 'someone@ose.example',
    });
    expect(formOf({ action: 'assign', version: '1', to: 'not an email' }).decision).toEqual({ invalid: 'assignee' });
    expect(formOf({ action: 'reroute', version: '1', to: 'nowhere' }).decision).toEqual({ invalid: 'choice' });
    expect(formOf({ action: 'reply', version: '1', text: 'Thank you', after: 'lost' }).decision).toEqual({
      invalid: 'choice',
    });
    expect(formOf({ action: 'reroute', version: '1', to: 'donors' }).decision).toEqual({
      action: 'reroute',
      to: 'donors',
    });
    expect(formOf({ action: 'transcript', version: '2', text: 'What the recording says' })).toMatchObject({
      decision: { action: 'transcript', text: 'What the recording says' },
      values: { transcript: 'What the recording says', note: undefined },
    });
    expect(formOf({ action: 'reply', version: '1', text: 'Thank you', after: 'answered' })).toMatchObject({
      decision: replyDecision('Thank you', 'answered'),
      values: { reply: 'Thank you', nextStatus: 'answered' },
    });
  });
});

describe('deciding on a submission (web/staff/decide.ts)', () => {
  const record = submissionRecord({ status: 'new', version: 3 });

  it('answers decided, with whether the emails are on their way, and logs the event', async () => {
    const { decideOnSubmission, events } = setUp(() => ({ ok: true, record, event: 2, outcome: 'started' }), record);
    const outcome = await decideOnSubmission(
      TRIAGER,
      record.reference,
      formOf({ action: 'status', version: '3', to: 'answered' }),
    );
    expect(outcome).toEqual({ kind: 'decided', mail: 'started' });
    expect(events).toEqual(['staff.decided']);
  });

  it('answers a conflict with the latest version to decide again on', async () => {
    const latest = { ...record, version: 4 };
    const { decideOnSubmission } = setUp(() => ({ ok: false, reason: 'conflict', record: latest }), record);
    expect(
      await decideOnSubmission(TRIAGER, record.reference, formOf({ action: 'note', version: '3', text: 'x' })),
    ).toEqual({
      kind: 'conflict',
      record: latest,
    });
  });

  it('answers a refusal of the domain with its reason and the submission as this person sees it', async () => {
    const { decideOnSubmission } = setUp(() => ({ ok: false, reason: 'transition' }), record);
    expect(
      await decideOnSubmission(TRIAGER, record.reference, formOf({ action: 'status', version: '3', to: 'new' })),
    ).toEqual({ kind: 'refused', problem: 'transition', record });
  });

  it('refuses a form that names a wrong choice without asking the domain', async () => {
    const { decideOnSubmission, decided, events } = setUp(
      () => ({ ok: true, record, event: 1, outcome: 'none' }),
      record,
    );
    const outcome = await decideOnSubmission(
      TRIAGER,
      record.reference,
      formOf({ action: 'reroute', version: '3', to: 'x' }),
    );
    expect(outcome).toEqual({ kind: 'refused', problem: 'choice', record });
    expect(decided).toEqual([]);
    expect(events).toEqual([]);
  });

  it.each(['not-found', 'not-permitted'] as const)('answers %s exactly as a missing submission', async (reason) => {
    const { decideOnSubmission } = setUp(() => ({ ok: false, reason }), record);
    expect(
      await decideOnSubmission(TRIAGER, record.reference, formOf({ action: 'note', version: '3', text: 'x' })),
    ).toEqual({
      kind: 'not-found',
    });
  });

  it('answers not-found when a refused form is about a submission this person cannot see', async () => {
    const { decideOnSubmission } = setUp(() => ({ ok: false, reason: 'unchanged' }), undefined);
    expect(
      await decideOnSubmission(TRIAGER, record.reference, formOf({ action: 'status', version: '3', to: 'x' })),
    ).toEqual({
      kind: 'not-found',
    });
  });
});
