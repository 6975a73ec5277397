/**
 * The outcome workflow (workflows/outcome.asl.json) run as intake is: from its ASL file,
 * each Task mapped to its function. A triage decision starts it; each decision sends the
 * person at most one "there is news" email, and an inbox gets a submission at most once,
 * whatever retries, repeated starts or reruns happen.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createTriage, loadConfig, replyDecision, type SubmissionRecord } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createStaffStore, createStatusCounts, createTriageStore } from '#store';
import { createLocalWorkflow, readWorkflow, taskFunctions } from '../../dev/workflows.ts';
import { OUTCOME_FUNCTIONS } from '../../functions/outcome/registry.ts';
import { createOutcomeTasks } from '../../functions/outcome/tasks.ts';
import { capturedEmails, type faultySender } from '../support/mail.ts';
import { seedSubmission } from '../support/staff.ts';
import { workflowEnvironment } from '../support/workflow-env.ts';

const config = loadConfig({});
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(7) }));
const triager = { email: 'triage@ose.example', role: 'triager' } as const;
const PERSON = 'person@example.org';
const env = workflowEnvironment();

/** Triage wired to the outcome workflow, with a mail sender that may fail on purpose. */
function harness(failure: Parameters<typeof faultySender>[1] = () => undefined) {
  const mail = env.mail(failure);
  const log = () => {};
  const tasks = createOutcomeTasks({ store: env.store, mail, vault, config, log });
  const workflow = createLocalWorkflow(readWorkflow('outcome'), tasks, { log, retryIntervalMs: 1 });
  const counts = createStatusCounts(env.table.client, env.table.tableName);
  const triage = createTriage({
    repository: createTriageStore(env.table.client, env.table.tableName, counts, env.store.get),
    staff: createStaffStore(env.table.client, env.table.tableName),
    contacts: vault,
    outcomes: workflow,
  });
  return { mail, workflow, triage, tasks };
}

const withEmail = (overrides: Partial<SubmissionRecord> = {}) =>
  seedSubmission(
    env.store,
    { status: 'in-review', language: 'en', ...overrides },
    { routeTo: ['ose'], contact: { email: PERSON }, vault },
  );

async function decide(
  h: ReturnType<typeof harness>,
  record: SubmissionRecord,
  decision: Parameters<typeof h.triage.decide>[3],
) {
  const result = await h.triage.decide(triager, record.reference, record.version, decision);
  if (!result.ok) throw new Error(result.reason);
  await h.workflow.idle();
  return result;
}

const to = async (address: string) => (await capturedEmails(env.ses.endpoint)).filter((m) => m.to.includes(address));

describe('workflows/outcome.asl.json', () => {
  it('is valid ASL whose every Task invokes a function in the registry, through the Lambda integration', () => {
    const validate = createRequire(import.meta.url)('asl-validator') as (
      d: unknown,
      o: unknown,
    ) => { isValid: boolean; errorsText: () => string };
    const definition = readWorkflow('outcome');
    const result = validate(definition, { checkArn: true, checkPaths: true });
    expect(result.errorsText()).toBe('');
    expect(new Set(Object.values(taskFunctions(definition)))).toEqual(new Set(Object.keys(OUTCOME_FUNCTIONS)));
    const text = readFileSync(new URL('../../workflows/outcome.asl.json', import.meta.url), 'utf8');
    expect([...text.matchAll(/"Resource": "([^"]+)"/g)].map((m) => m[1])).toEqual(
      Array(4).fill('arn:aws:states:::lambda:invoke'),
    );
  });
});

describe('the outcome workflow', () => {
  it('sends the person exactly one short "there is news" email for a public reply that closes it', async () => {
    const h = harness();
    const record = await withEmail();
    const result = await decide(h, record, replyDecision('Thank you, we raised it.', 'closed'));
    const mails = await to(PERSON);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('News about your input');
    // Never the reply itself: the status page shows it behind the receipt code.
    expect(mails[0]?.text).not.toContain('we raised it');
    const stored = await env.store.get(record.reference);
    expect(stored?.deliveries?.[`outcome-${result.event}`]?.state).toBe('sent');
  });

  it('sends nothing more when the same decision’s workflow starts again, here or after a restart', async () => {
    const h = harness();
    const record = await withEmail();
    const result = await decide(h, record, { action: 'status', to: 'answered' });
    const input = { reference: record.reference, event: result.event, forward: [], notify: true };
    const name = `${record.reference}-outcome-${result.event}`;
    expect(await h.workflow.start(name, input)).toBe('exists');
    // A new runtime has no memory of names: the delivery marker alone stops a second email.
    const again = harness();
    expect(await again.workflow.start(name, input)).toBe('started');
    await again.workflow.idle();
    expect(await to(PERSON)).toHaveLength(1);
  });

  it('sends one email per decision: a reply, then closing, are two pieces of news', async () => {
    const h = harness();
    const record = await withEmail();
    await decide(h, record, { action: 'reply', text: 'We are looking into it.' });
    const replied = (await env.store.get(record.reference))!;
    await decide(h, replied, { action: 'status', to: 'closed' });
    expect(await to(PERSON)).toHaveLength(2);
  });

  it('retries when SES fails, and still sends exactly once', async () => {
    let failures = 0;
    const h = harness(() => (failures++ < 2 ? 'MailUnavailable' : undefined));
    const record = await withEmail();
    await decide(h, record, { action: 'status', to: 'answered' });
    expect(h.mail.attempts).toBe(3);
    expect(await to(PERSON)).toHaveLength(1);
  });

  it('records the failure on the submission when SES keeps failing', async () => {
    const h = harness((email) => (email.to.includes(PERSON) ? 'MailRejected' : undefined));
    const record = await withEmail();
    const result = await decide(h, record, { action: 'status', to: 'closed' });
    const stored = await env.store.get(record.reference);
    expect(stored?.deliveryFailures?.[`outcome-${result.event}`]?.error).toBe('MailRejected');
    expect(stored?.status).toBe('closed');
  });

  it('emails nobody when the person left no address', async () => {
    const h = harness();
    const record = await seedSubmission(env.store, { status: 'in-review' }, { routeTo: ['ose'] });
    const result = await h.triage.decide(triager, record.reference, record.version, {
      action: 'status',
      to: 'answered',
    });
    expect(result).toMatchObject({ ok: true, outcome: 'none' });
    await h.workflow.idle();
    expect(await capturedEmails(env.ses.endpoint)).toEqual([]);
  });

  it('forwards to the donors’ inbox once, however often it is forwarded or rerouted there', async () => {
    const h = harness();
    const record = await seedSubmission(env.store, { status: 'in-review' }, { routeTo: ['ose'] });
    await decide(h, record, { action: 'status', to: 'forwarded' });
    let current = (await env.store.get(record.reference))!;
    expect(current.routedTo).toEqual(['donors', 'ose']);
    await decide(h, current, { action: 'reroute', to: 'ose' });
    current = (await env.store.get(record.reference))!;
    await decide(h, current, { action: 'reroute', to: 'donors' });
    const donors = await to(config.inboxes.donors);
    expect(donors).toHaveLength(1);
    expect(donors[0]?.subject).toContain(record.reference.slice(0, 4));
    expect(donors[0]?.text).not.toContain(PERSON);
  });
});
