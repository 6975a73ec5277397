import { describe, expect, it } from 'vitest';
import {
  applyChange,
  createTriage,
  type Decision,
  planDecision,
  replyDecision,
  type TriageChange,
  type TriageRepository,
} from './decisions.ts';
import { INBOXES } from './inboxes.ts';
import type { StaffActor, StaffMember } from './staff.ts';
import { SUBMISSION_STATUSES, type SubmissionRecord, type SubmissionStatus } from './submission.ts';
import { TRANSITIONS } from './triage.ts';

const AT = '2025-03-01T10:00:00.000Z';
const triager: StaffActor = { email: 'triage@ose.example', role: 'triager' };
const liaison: StaffActor = { email: 'liaison@donors.example', role: 'liaison' };

const record = (overrides: Partial<SubmissionRecord> = {}): SubmissionRecord => ({
  reference: 'ABCD2345WXYZ',
  tokenHash: 't',
  receiptHash: 'r',
  language: 'ar',
  addressee: 'ose',
  topics: ['education'],
  urgent: false,
  message: 'نص',
  hasEmail: false,
  status: 'new',
  createdAt: '2025-02-01T00:00:00.000Z',
  version: 3,
  routing: 'routed',
  routedTo: ['ose'],
  audit: [{ at: '2025-02-01T00:00:01.000Z', by: 'system', action: 'routed', detail: { to: 'ose' } }],
  ...overrides,
});

const plan = (decision: Decision, overrides: Partial<SubmissionRecord> = {}, actor = triager, assignee?: StaffMember) =>
  planDecision(actor, record(overrides), decision, AT, assignee);

describe('status changes', () => {
  const pairs = SUBMISSION_STATUSES.flatMap((from) => SUBMISSION_STATUSES.map((to) => [from, to] as const));

  it.each(pairs.filter(([from, to]) => TRANSITIONS[from].includes(to)))(
    'allows %s → %s and records it as one audit event on the version seen',
    (from, to) => {
      const result = plan({ action: 'status', to }, { status: from, routedTo: ['donors', 'ose'] });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.change.expectedVersion).toBe(3);
      expect(result.change.status).toEqual({ from, to });
      expect(result.change.events).toEqual([{ at: AT, by: triager.email, action: 'status', detail: { from, to } }]);
    },
  );

  it.each(pairs.filter(([from, to]) => !TRANSITIONS[from].includes(to)))('refuses %s → %s', (from, to) => {
    expect(plan({ action: 'status', to }, { status: from })).toEqual({ ok: false, reason: 'transition' });
  });

  it('forwarding adds the donors inbox, logs the reroute and asks the workflow to forward', () => {
    const result = plan({ action: 'status', to: 'forwarded' }, { status: 'in-review' });
    expect(result.ok && result.change.routedTo).toEqual({ from: ['ose'], to: ['donors', 'ose'] });
    expect(result.ok && result.change.events.map((e) => e.action)).toEqual(['status', 'reroute']);
    expect(result.ok && result.outcome).toEqual({ forward: ['donors'], notifySubmitter: false });
  });

  it('tells the person there is news when answered or closed, only if they left an address', () => {
    for (const to of ['answered', 'closed'] as SubmissionStatus[]) {
      const withEmail = plan({ action: 'status', to }, { status: 'in-review', hasEmail: true });
      expect(withEmail.ok && withEmail.outcome.notifySubmitter).toBe(true);
      const anonymous = plan({ action: 'status', to }, { status: 'in-review', hasEmail: false });
      expect(anonymous.ok && anonymous.outcome.notifySubmitter).toBe(false);
    }
    const review = plan({ action: 'status', to: 'in-review' }, { hasEmail: true });
    expect(review.ok && review.outcome.notifySubmitter).toBe(false);
  });
});

describe('other decisions', () => {
  it('publishes a reply, neutralising hidden bidi controls, and can change the status with it', () => {
    const result = plan(replyDecision('  شكرًا\u202E لكم  ', 'answered'), { status: 'in-review', hasEmail: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.change.publicReply).toEqual({ text: 'شكرًا لكم', at: AT, by: triager.email });
    expect(result.change.events.map((e) => e.action)).toEqual(['reply', 'status']);
    expect(result.outcome.notifySubmitter).toBe(true);
  });

  it('refuses a reply whose status change is not allowed, an empty reply, and replies to spam', () => {
    expect(plan(replyDecision('x', 'closed'), { status: 'new' })).toEqual({
      ok: false,
      reason: 'transition',
    });
    expect(plan({ action: 'reply', text: ' \u200F ' }, { status: 'in-review' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(plan({ action: 'reply', text: 'x'.repeat(5001) }, { status: 'in-review' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(plan({ action: 'reply', text: 'x' }, { status: 'spam' })).toEqual({ ok: false, reason: 'transition' });
  });

  it('marks a replaced reply in the audit trail', () => {
    const result = plan(
      { action: 'reply', text: 'new' },
      { status: 'answered', publicReply: { text: 'old', at: AT, by: 'a' } },
    );
    expect(result.ok && result.change.events[0]?.detail).toEqual({ replaced: 'yes' });
  });

  it('adds an internal note without its text in the audit trail', () => {
    const result = plan({ action: 'note', text: 'Call the partner first' });
    expect(result.ok && result.change.note).toEqual({ text: 'Call the partner first', at: AT, by: triager.email });
    expect(result.ok && result.change.events).toEqual([{ at: AT, by: triager.email, action: 'note' }]);
  });

  it('assigns to a colleague who can act on submissions, and unassigns', () => {
    const colleague: StaffMember = {
      email: 'b@ose.example',
      role: 'triager',
      addedAt: AT,
      addedBy: 'x',
      generation: 1,
    };
    const result = plan({ action: 'assign', to: 'b@ose.example' }, {}, triager, colleague);
    expect(result.ok && result.change.events[0]?.detail).toEqual({ from: '', to: 'b@ose.example' });
    expect(plan({ action: 'assign', to: null }, { assignee: 'b@ose.example' })).toMatchObject({
      ok: true,
      change: { assignee: null },
    });
    expect(plan({ action: 'assign', to: 'nobody@x.example' })).toEqual({ ok: false, reason: 'invalid' });
    const liaisonMember: StaffMember = { ...colleague, email: 'l@d.example', role: 'liaison' };
    expect(plan({ action: 'assign', to: 'l@d.example' }, {}, triager, liaisonMember)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(plan({ action: 'assign', to: null })).toEqual({ ok: false, reason: 'unchanged' });
  });

  it('reroutes between OSE and the donors, forwarding only to an inbox that is new to it', () => {
    const both = plan({ action: 'reroute', to: 'both' });
    // `both` is every inbox in the table (packages/core/inboxes.ts); only the new ones get it.
    expect(both.ok && both.change.routedTo).toEqual({ from: ['ose'], to: [...INBOXES].sort() });
    expect(both.ok && both.outcome.forward).toEqual(INBOXES.filter((inbox) => inbox !== 'ose').sort());
    const back = plan({ action: 'reroute', to: 'ose' }, { routedTo: ['donors'] });
    expect(back.ok && back.outcome.forward).toEqual(['ose']);
    expect(plan({ action: 'reroute', to: 'ose' })).toEqual({ ok: false, reason: 'unchanged' });
    expect(plan({ action: 'reroute', to: 'donors' }, { routing: 'pending', routedTo: undefined })).toEqual({
      ok: false,
      reason: 'not-routed',
    });
  });
});

describe('roles', () => {
  it('hides submissions not routed to the donors from liaisons, exactly like missing ones', () => {
    expect(plan({ action: 'note', text: 'x' }, {}, liaison)).toEqual({ ok: false, reason: 'not-found' });
    expect(plan({ action: 'note', text: 'x' }, { routedTo: ['donors', 'ose'] }, liaison).ok).toBe(true);
  });

  it('lets liaisons leave notes but take no decisions', () => {
    for (const decision of [
      { action: 'status', to: 'in-review' },
      { action: 'reply', text: 'x' },
      { action: 'reroute', to: 'ose' },
      { action: 'assign', to: null },
    ] as Decision[]) {
      expect(plan(decision, { routedTo: ['donors'] }, liaison)).toEqual({ ok: false, reason: 'not-permitted' });
    }
  });
});

describe('the triage service', () => {
  function memoryRepository(initial: SubmissionRecord) {
    let current = initial;
    const applied: TriageChange[] = [];
    const repository: TriageRepository = {
      get: async () => current,
      async applyTriageChange(_reference, change) {
        if (change.expectedVersion !== current.version) return { ok: false, reason: 'conflict' };
        const before = current;
        current = applyChange(current, change);
        applied.push(change);
        return { ok: true, before };
      },
      async appendAudit(_reference, event) {
        current = { ...current, audit: [...(current.audit ?? []), event] };
        return true;
      },
    };
    return { repository, applied, current: () => current };
  }

  it('starts the outcome workflow once, named after the reference and the decision’s last event', async () => {
    const memory = memoryRepository(record({ status: 'in-review', hasEmail: true }));
    const started: [string, unknown][] = [];
    const triage = createTriage({
      repository: memory.repository,
      staff: { get: async () => undefined },
      outcomes: {
        start: async (name, input) => {
          started.push([name, input]);
          return 'started';
        },
      },
      now: () => new Date(AT),
    });
    const result = await triage.decide(triager, 'ABCD2345WXYZ', 3, replyDecision('Thank you', 'closed'));
    expect(result).toMatchObject({ ok: true, event: 2, outcome: 'started' });
    expect(started).toEqual([
      ['ABCD2345WXYZ-outcome-2', { reference: 'ABCD2345WXYZ', event: 2, forward: [], notify: true }],
    ]);
    expect(memory.current()).toMatchObject({ status: 'closed', version: 4, publicReply: { text: 'Thank you' } });
  });

  it('refuses a stale version before writing anything', async () => {
    const memory = memoryRepository(record({ version: 5 }));
    const triage = createTriage({ repository: memory.repository, staff: { get: async () => undefined } });
    const result = await triage.decide(triager, 'ABCD2345WXYZ', 4, { action: 'note', text: 'late' });
    expect(result).toMatchObject({ ok: false, reason: 'conflict' });
    expect(memory.applied).toEqual([]);
  });

  it('records a view of contact details before decrypting, and never for liaisons', async () => {
    const memory = memoryRepository(record({ contactCiphertext: 'sealed', routedTo: ['donors'] }));
    const opened: string[] = [];
    const triage = createTriage({
      repository: memory.repository,
      staff: { get: async () => undefined },
      contacts: {
        open: async (ciphertext) => {
          opened.push(ciphertext);
          expect(memory.current().audit?.at(-1)?.action).toBe('contact-viewed');
          return { email: 'person@example.org' };
        },
      },
      now: () => new Date(AT),
    });
    expect(await triage.showContact(liaison, 'ABCD2345WXYZ')).toEqual({ ok: false, reason: 'not-permitted' });
    expect(opened).toEqual([]);
    expect(await triage.showContact(triager, 'ABCD2345WXYZ')).toEqual({
      ok: true,
      contact: { email: 'person@example.org' },
    });
    expect(memory.current().audit?.at(-1)).toEqual({ at: AT, by: triager.email, action: 'contact-viewed' });
    expect(memory.current().version).toBe(3);
  });

  it('keeps the decision when the workflow cannot be started, and says so', async () => {
    const memory = memoryRepository(record({ status: 'in-review' }));
    const triage = createTriage({
      repository: memory.repository,
      staff: { get: async () => undefined },
      outcomes: { start: async () => Promise.reject(new Error('down')) },
    });
    const result = await triage.decide(triager, 'ABCD2345WXYZ', 3, { action: 'status', to: 'forwarded' });
    expect(result).toMatchObject({ ok: true, outcome: 'failed' });
    expect(memory.current().status).toBe('forwarded');
  });
});
