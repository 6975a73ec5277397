import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as codes from './codes.ts';
import { receiptHash } from './codes.ts';
import { applyChange, type Decision, planDecision } from './decisions.ts';
import { buildTimeline, createStatusLookup, parseStatusQuery, referenceKey } from './follow-up.ts';
import { INBOXES } from './inboxes.ts';
import type { StaffActor } from './staff.ts';
import type { SubmissionRecord } from './submission.ts';

// A spy that still compares for real: the lookup must use this constant-time comparator.
vi.mock('./codes.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('./codes.ts')>();
  return { ...original, hashesEqual: vi.fn(original.hashesEqual) };
});
const hashesEqual = vi.mocked(codes.hashesEqual);

const RECEIPT = 'ABCD2345WXYZ6789';
const admin: StaffActor = { email: 'admin@ose.example', role: 'admin' };

function record(extra: Partial<SubmissionRecord> = {}): SubmissionRecord {
  return {
    reference: 'ABCD2345WXYZ',
    tokenHash: 'x',
    receiptHash: receiptHash(RECEIPT),
    language: 'ar',
    addressee: 'ose',
    topics: ['detainees'],
    urgent: true,
    message: 'نص',
    hasEmail: false,
    status: 'new',
    createdAt: '2026-11-01T08:00:00.000Z',
    version: 1,
    ...extra,
  };
}

const routed = (to: string[] = ['ose']) =>
  record({ routing: 'routed', routedTo: to, routedAt: '2026-11-01T08:00:05.000Z' });

/** Applies staff decisions the way triage does (planDecision → applyChange), a day apart. */
function decide(start: SubmissionRecord, ...decisions: Decision[]): SubmissionRecord {
  return decisions.reduce((current, decision, i) => {
    const plan = planDecision(admin, current, decision, `2026-11-0${i + 2}T09:00:00.000Z`);
    if (!plan.ok) throw new Error(`refused: ${plan.reason}`);
    return applyChange(current, plan.change);
  }, start);
}

const steps = (r: SubmissionRecord) =>
  buildTimeline(r).events.map((e) => (e.to ? `${e.step}:${e.to.join('+')}` : e.step));

describe('the status lookup form', () => {
  it('asks for both codes when they are empty', () => {
    expect(parseStatusQuery({})).toEqual({
      ok: false,
      errors: { reference: 'status.error.reference.required', receipt: 'status.error.receipt.required' },
    });
  });

  it('explains a malformed code, and reads codes as people type them', () => {
    expect(parseStatusQuery({ reference: 'ABCD', receipt: 'ABCD-2345-WXYZ-67U9' })).toEqual({
      ok: false,
      errors: { reference: 'status.error.reference.format', receipt: 'status.error.receipt.format' },
    });
    expect(parseStatusQuery({ reference: ' abcd-2345-wxyz ', receipt: 'abcd 2345 wxyz 6789' })).toEqual({
      ok: true,
      value: { reference: 'ABCD2345WXYZ', receipt: RECEIPT },
    });
    // O for zero and I or L for one, as codes.ts reads them.
    expect(parseStatusQuery({ reference: 'ABCD-2345-WXYO', receipt: 'ABCD-2345-WXYZ-678I' })).toMatchObject({
      ok: true,
      value: { reference: 'ABCD2345WXY0', receipt: 'ABCD2345WXYZ6781' },
    });
  });

  it('refuses a code sent twice (a list) as malformed rather than crashing', () => {
    expect(parseStatusQuery({ reference: ['A', 'B'], receipt: RECEIPT })).toMatchObject({
      ok: false,
      errors: { reference: 'status.error.reference.format' },
    });
  });
});

describe('finding a submission by reference and receipt', () => {
  beforeEach(() => {
    hashesEqual.mockClear();
  });
  const repository = { get: async (reference: string) => (reference === 'ABCD2345WXYZ' ? record() : undefined) };
  const lookup = createStatusLookup(repository);

  it('finds it with the right receipt, comparing hashes with the constant-time hashesEqual', async () => {
    expect((await lookup.find('ABCD2345WXYZ', RECEIPT))?.reference).toBe('ABCD2345WXYZ');
    expect(hashesEqual).toHaveBeenCalledTimes(1);
    expect(hashesEqual).toHaveBeenCalledWith(receiptHash(RECEIPT), record().receiptHash);
  });

  it('does the same work for a wrong receipt and for an unknown reference, and finds nothing', async () => {
    expect(await lookup.find('ABCD2345WXYZ', 'ZZZZ2345WXYZ6789')).toBeUndefined();
    expect(await lookup.find('0000AAAA1111', RECEIPT)).toBeUndefined();
    expect(hashesEqual).toHaveBeenCalledTimes(2);
    const [[wrongReceipt, stored], [candidate, dummy]] = hashesEqual.mock.calls as unknown as [
      [string, string],
      [string, string],
    ];
    expect(wrongReceipt).toBe(receiptHash('ZZZZ2345WXYZ6789'));
    expect(stored).toBe(record().receiptHash);
    // The unknown reference is still hashed and compared, against a dummy of the same shape.
    expect(candidate).toBe(receiptHash(RECEIPT));
    expect(dummy).toMatch(/^[0-9a-f]{64}$/);
    expect(dummy).not.toBe(stored);
  });

  it('keys the per-reference rate limit anonymously', () => {
    const key = referenceKey('secret', 'ABCD2345WXYZ');
    expect(key).not.toContain('ABCD');
    expect(key).toBe(referenceKey('secret', 'ABCD2345WXYZ'));
    expect(key).not.toBe(referenceKey('other', 'ABCD2345WXYZ'));
  });
});

describe('the timeline after each staff action', () => {
  it('new and not yet routed: received, being sent', () => {
    expect(buildTimeline(record())).toEqual({
      current: 'sending',
      events: [{ step: 'received', at: record().createdAt }],
    });
  });

  it('routed by intake: sent to the Special Envoy’s office, waiting to be read', () => {
    const timeline = buildTimeline(routed());
    expect(timeline.current).toBe('waiting');
    expect(steps(routed())).toEqual(['received', 'sent:ose']);
    expect(timeline.events[1]!.at).toBe('2026-11-01T08:00:05.000Z');
    expect(steps(routed(['donors', 'ose']))).toEqual(['received', 'sent:ose+donors']);
  });

  it('in review', () => {
    const r = decide(routed(), { action: 'status', to: 'in-review' });
    expect(buildTimeline(r).current).toBe('review');
    expect(steps(r)).toEqual(['received', 'sent:ose', 'review']);
    expect(buildTimeline(r).events[2]!.at).toBe('2026-11-02T09:00:00.000Z');
  });

  it('forwarded to the donors: one line, not a status change and a reroute', () => {
    const r = decide(routed(), { action: 'status', to: 'in-review' }, { action: 'status', to: 'forwarded' });
    expect(buildTimeline(r).current).toBe('forwarded');
    expect(steps(r)).toEqual(['received', 'sent:ose', 'review', 'forwarded']);
  });

  it('rerouted to the donors: sent to the donors (only the inbox that is new)', () => {
    const r = decide(routed(), { action: 'reroute', to: 'both' });
    // The inboxes new to it are one step: with a third inbox, `sent:donors+wab`.
    const added = INBOXES.filter((inbox) => inbox !== 'ose').sort();
    expect(steps(r)).toEqual(['received', 'sent:ose', `sent:${added.join('+')}`]);
  });

  it('answered with a public reply: the reply is shown, its controls neutralised', () => {
    const r = decide(
      routed(),
      { action: 'status', to: 'in-review' },
      // biome-ignore lint/suspicious/noThenProperty: the triage Decision's field name; never a promise.
      { action: 'reply', text: 'شكرًا لكم.\u202E\n\nتابعنا الأمر مع الفريق.', then: 'answered' },
    );
    const timeline = buildTimeline(r);
    expect(timeline.current).toBe('answered');
    expect(steps(r)).toEqual(['received', 'sent:ose', 'review', 'answered']);
    expect(timeline.reply).toEqual({ text: 'شكرًا لكم.\n\nتابعنا الأمر مع الفريق.', at: '2026-11-03T09:00:00.000Z' });
  });

  it('closed after the answer', () => {
    const r = decide(
      routed(),
      { action: 'status', to: 'in-review' },
      // biome-ignore lint/suspicious/noThenProperty: the triage Decision's field name; never a promise.
      { action: 'reply', text: 'Thank you.', then: 'answered' },
      { action: 'status', to: 'closed' },
    );
    expect(buildTimeline(r).current).toBe('closed');
    expect(steps(r)).toEqual(['received', 'sent:ose', 'review', 'answered', 'closed']);
    expect(buildTimeline(r).reply?.text).toBe('Thank you.');
  });

  it('opened again after closing: a second look, then closed again', () => {
    const r = decide(
      routed(),
      { action: 'status', to: 'in-review' },
      { action: 'status', to: 'closed' },
      { action: 'status', to: 'in-review' },
    );
    expect(buildTimeline(r).current).toBe('review');
    expect(steps(r)).toEqual(['received', 'sent:ose', 'review', 'closed', 'reopened']);
  });

  it('marked spam: shown as closed, never as spam, with no reply', () => {
    const r = decide(routed(), { action: 'status', to: 'spam' });
    const timeline = buildTimeline({ ...r, publicReply: { text: 'x', at: r.createdAt, by: 'admin@ose.example' } });
    expect(timeline.current).toBe('closed');
    expect(steps(r)).toEqual(['received', 'sent:ose', 'closed']);
    expect(timeline.reply).toBeUndefined();
    expect(JSON.stringify(timeline)).not.toMatch(/spam/);
  });

  it('shows a status set without an audit event, and never a staff member', () => {
    const r = { ...routed(), status: 'answered' as const, statusChangedAt: '2026-11-05T10:00:00.000Z' };
    expect(steps(r)).toEqual(['received', 'sent:ose', 'answered']);
    const withNotes = decide(
      routed(),
      { action: 'note', text: 'internal note' },
      { action: 'status', to: 'in-review' },
    );
    expect(JSON.stringify(buildTimeline(withNotes))).not.toContain('admin@ose.example');
  });
});
