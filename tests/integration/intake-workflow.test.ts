import { describe, expect, it } from 'vitest';
import { createIntake, loadConfig, newFormToken, validateSubmission } from '#core';
import { contactKeyring, createContactVault } from '#crypto/contact.ts';
import { createLocalWorkflow, readWorkflow } from '../../dev/workflows.ts';
import { createIntakeTasks } from '../../functions/intake/tasks.ts';
import { createSweeps } from '../../functions/sweeps/sweeps.ts';
import { capturedEmails, type faultySender } from '../support/mail.ts';
import { workflowEnvironment } from '../support/workflow-env.ts';

const config = loadConfig({});
const vault = createContactVault(contactKeyring({ kind: 'local', key: new Uint8Array(32).fill(3) }));
const env = workflowEnvironment();

/** The intake workflow from its ASL file, with a mail sender that may fail on purpose. */
function harness(failure: Parameters<typeof faultySender>[1] = () => undefined) {
  const mail = env.mail(failure);
  const log = () => {};
  const tasks = createIntakeTasks({ store: env.store, mail, vault, config, log });
  const workflow = createLocalWorkflow(readWorkflow('intake'), tasks, { log, retryIntervalMs: 1 });
  return {
    mail,
    workflow,
    sweeps: (now?: () => Date) => createSweeps({ store: env.store, starter: workflow, mail, config, log, now }),
  };
}

async function submit(
  fields: Record<string, unknown>,
  language: 'ar' | 'en' = 'ar',
  options: { withholdAcknowledgement?: boolean } = {},
) {
  const validation = validateSubmission({
    formToken: newFormToken(),
    topics: ['education'],
    message: 'رسالة',
    ...fields,
  });
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  const result = await createIntake({ repository: env.store, sealer: vault, receiptSecret: 's' }).submit(
    validation.value,
    language,
    options,
  );
  if (!result.ok) throw new Error('collision');
  return result.reference;
}

const about = async (reference: string) =>
  (await capturedEmails(env.ses.endpoint)).filter((email) =>
    `${email.subject}\n${email.text}`.includes(reference.slice(0, 4)),
  );

async function run(reference: string, workflow = harness().workflow) {
  await workflow.start(reference, { reference });
  await workflow.idle();
}

describe('the intake workflow', () => {
  it.each([
    ['ose', [config.inboxes.ose]],
    ['donors', [config.inboxes.donors]],
    ['both', [config.inboxes.ose, config.inboxes.donors]],
    ['unsure', [config.inboxes.ose]],
  ])('routes "%s" to exactly one email in each right inbox', async (addressee, inboxes) => {
    const reference = await submit({ addressee });
    await run(reference);
    const emails = await about(reference);
    expect(emails.flatMap((email) => email.to).sort()).toEqual([...inboxes].sort());
    expect(await env.store.get(reference)).toMatchObject({ routing: 'routed' });
  });

  it('flags urgent topics in the subject', async () => {
    const reference = await submit({ addressee: 'ose', topics: ['detainees'] });
    await run(reference);
    const [email] = await about(reference);
    expect(email?.subject).toMatch(/^(عاجل|Urgent)/);
  });

  it('acknowledges the submitter only when they left an email, in their language and direction', async () => {
    const silent = await submit({ addressee: 'ose' });
    await run(silent);
    expect((await about(silent)).length).toBe(1);

    const ar = await submit({ addressee: 'donors', email: 'samira@example.org', message: 'نص فريد للاختبار' }, 'ar');
    await run(ar);
    const ack = (await about(ar)).find((email) => email.to.includes('samira@example.org'));
    expect(ack?.html).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(`${ack?.text}${ack?.html}`).not.toContain('نص فريد للاختبار');

    const en = await submit({ addressee: 'donors', email: 'sam@example.org' }, 'en');
    await run(en);
    const ackEn = (await about(en)).find((email) => email.to.includes('sam@example.org'));
    expect(ackEn?.html).toMatch(/<html[^>]*lang="en"[^>]*dir="ltr"/);
  });

  it('withholds only the acknowledgement when the address had its day’s share, and still routes and records', async () => {
    const reference = await submit({ addressee: 'both', email: 'flooded@example.org' }, 'en', {
      withholdAcknowledgement: true,
    });
    await run(reference);
    const emails = await about(reference);
    expect(emails.flatMap((email) => email.to).sort()).toEqual([config.inboxes.donors, config.inboxes.ose].sort());
    const stored = await env.store.get(reference);
    expect(stored).toMatchObject({ routing: 'routed', hasEmail: true, acknowledgementWithheld: true });
    expect(stored?.deliveries?.acknowledgement).toBeUndefined();
  });

  it('sends exactly one email per inbox when SES fails twice and then recovers', async () => {
    const reference = await submit({ addressee: 'both' });
    let failures = 0;
    const { workflow, mail } = harness(() => (failures++ < 2 ? 'MailThrottled' : undefined));
    await run(reference, workflow);
    expect(mail.attempts).toBe(4);
    expect((await about(reference)).length).toBe(2);
    expect(await env.store.get(reference)).toMatchObject({ routing: 'routed' });
  });

  it('keeps and marks the submission when SES is down, alerts operators once it can, and a later redrive delivers', async () => {
    const reference = await submit({ addressee: 'ose', email: 'nour@example.org' });
    let down = true;
    const { workflow, sweeps } = harness(() => (down ? 'MailUnavailable' : undefined));
    await run(reference, workflow);
    const failed = await env.store.get(reference);
    expect(failed?.routing).toBe('pending');
    expect(failed?.deliveryFailures?.['inbox-ose']?.error).toBe('MailUnavailable');
    expect(await about(reference)).toEqual([]);

    down = false;
    const later = () => new Date(Date.now() + 10 * 60_000);
    await sweeps(later).redrive();
    await workflow.idle();
    const emails = await about(reference);
    expect(emails.flatMap((email) => email.to).sort()).toEqual([config.inboxes.ose, 'nour@example.org'].sort());
    const routed = await env.store.get(reference);
    expect(routed?.routing).toBe('routed');
    expect(routed?.deliveryFailures?.['inbox-ose']).toBeUndefined();
  });

  it('routes a submission whose first start never happened, through redrive', async () => {
    const reference = await submit({ addressee: 'donors' });
    const { workflow, sweeps } = harness();
    expect(await about(reference)).toEqual([]);
    await sweeps(() => new Date(Date.now() + 10 * 60_000)).redrive();
    await workflow.idle();
    expect((await about(reference)).flatMap((email) => email.to)).toEqual([config.inboxes.donors]);
  });

  it('treats a second start with the same name as a no-op, and never sends twice on a rerun', async () => {
    const reference = await submit({ addressee: 'ose' });
    const { workflow } = harness();
    expect(await workflow.start(reference, { reference })).toBe('started');
    expect(await workflow.start(reference, { reference })).toBe('exists');
    await workflow.idle();
    await run(reference); // a fresh runner, as after a restart: already routed, nothing sent
    expect((await about(reference)).length).toBe(1);
  });

  it('never puts contact details or personal answers in inbox emails, and neutralises hostile text', async () => {
    const reference = await submit({
      addressee: 'both',
      email: 'secret.person@example.org',
      organisation: 'Hidden Org',
      gender: 'woman',
      disability: 'yes',
      message: '<script>alert(1)</script>\u202Egnp.exe\r\nBcc: evil@example.org',
    });
    await run(reference);
    const inboxEmails = (await about(reference)).filter((email) => !email.to.includes('secret.person@example.org'));
    expect(inboxEmails.length).toBe(2);
    for (const email of inboxEmails) {
      const all = `${email.subject}\n${email.html}\n${email.text}`;
      expect(all).not.toContain('secret.person');
      expect(all).not.toContain('Hidden Org');
      expect(email.html).not.toContain('<script>alert(1)');
      expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(all).not.toContain('\u202E');
      expect(email.subject).not.toMatch(/[\r\n]/);
    }
  });
});

describe('escalation', () => {
  const DAY = 24 * 60 * 60 * 1000;

  it('reminds the inbox once per SLA period for untriaged work, and urgent work sooner', async () => {
    const normal = await submit({ addressee: 'donors', topics: ['advocacy'] });
    const urgent = await submit({ addressee: 'ose', topics: ['detainees'] });
    const { workflow, sweeps } = harness();
    await run(normal, workflow);
    await run(urgent, workflow);
    await fetch(`${env.ses.endpoint}/clear-store`, { method: 'POST' });

    const at = (days: number) => () => new Date(Date.now() + days * DAY + 60_000);
    await sweeps(at(1)).escalate();
    expect((await about(normal)).length).toBe(0);
    expect((await about(urgent)).length).toBe(1);

    await sweeps(at(3)).escalate();
    await sweeps(at(3)).escalate();
    expect((await about(normal)).length).toBe(1);
    expect((await about(normal))[0]?.to).toEqual([config.inboxes.donors]);
    expect((await about(urgent)).length).toBe(2);
    expect((await env.store.get(normal))?.lastReminderAt).toBeDefined();
  });
});
