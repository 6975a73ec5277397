import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, referenceFromToken, type SubmissionRecord } from '#core';
import { objectsFor } from '#objects';
import { createDocumentClient, createRetentionStore, createSubmissionStore } from '#store';
import { type LocalService, startLocal } from '../../dev/runtime.ts';
import { createPurge } from '../../functions/sweeps/retention.ts';
import { containsTag, m4a, ogg, pdf, SECRET_TAG, wav, webm } from '../fixtures/audio.ts';
import { freshDataDir, hiddenFieldsOf, removeDataDir, TEST_ENV } from '../support/service.ts';
import { type CookieClient, cookieClient, fieldOf, signInPath } from '../support/staff.ts';

/**
 * Voice submissions (issue 19) through the real local service: the form's multipart POST
 * reaches s3rver on loopback (a real S3 protocol server, as `npm start` runs it), the
 * submission keeps only the recording's key, size, length and type, refusals store nothing,
 * staff hear it only when they may see the submission (and it is audited), the inbox email
 * says a recording is attached without carrying it, and retention erases the object.
 */
let service: LocalService;
let dataDir: string;
const config = loadConfig({ ...TEST_ENV });
let store: ReturnType<typeof createSubmissionStore>;
let client: ReturnType<typeof createDocumentClient>;
let objects: ReturnType<typeof objectsFor>;

beforeAll(async () => {
  dataDir = freshDataDir();
  service = await startLocal({ ...config, dataDir, port: 0 }, () => {}, {
    redriveEveryMs: 0,
    escalateEveryMs: 0,
    purgeEveryMs: 0,
    monthlyDraftEveryMs: 0,
    retryIntervalMs: 5,
  });
  client = createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint });
  store = createSubmissionStore(client, config.tableName);
  objects = objectsFor({ ...config, local: true, s3Endpoint: service.s3Endpoint });
});
afterAll(async () => {
  await objects?.destroy();
  client?.destroy();
  await service?.stop();
  removeDataDir(dataDir);
});

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await (await objects.client()).send(
    new ListObjectsV2Command({ Bucket: config.voiceBucket, Prefix: prefix }),
  );
  return (out.Contents ?? []).map((item) => item.Key ?? '');
}

/** A served form's fields, as the browser sends them, with the recording in the `voice` file input. */
async function formWith(path: string, voice: File | undefined, fields: Record<string, string> = {}) {
  const page = await (await fetch(`${service.url}${path}`)).text();
  const hidden = hiddenFieldsOf(page);
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...hidden, addressee: 'ose', topics: 'detainees', ...fields }))
    form.append(name, value);
  if (voice) form.append('voice', voice);
  return { form, formToken: hidden.formToken! };
}
const post = (path: string, form: FormData) =>
  fetch(`${service.url}${path}`, { method: 'POST', body: form, redirect: 'manual' });

describe('sending a recording', () => {
  it.each([
    ['WebM (Chromium)', new File([webm(130)], 'my talk.webm', { type: 'audio/webm' }), 'audio/webm'],
    ['Ogg Opus (Firefox)', new File([ogg(130)], 'my talk.ogg', { type: 'audio/ogg' }), 'audio/ogg'],
  ])(
    'stores a %s recording in the bucket, stripped, and only its key, size, length and type in the submission',
    async (_name, file, type) => {
      const { form, formToken } = await formWith('/en', file);
      const response = await post('/en', form);
      expect(response.status).toBe(303);
      const reference = referenceFromToken(formToken);
      const record = (await store.get(reference)) as SubmissionRecord;
      expect(record.message).toBe('');
      expect(record.voice).toEqual({
        key: expect.stringMatching(`^voice/${reference}/`),
        type,
        bytes: expect.any(Number),
        seconds: 130,
      });
      const stored = await objects.get(record.voice!.key);
      const bytes = new Uint8Array(await new Response(stored!.body).arrayBuffer());
      expect(bytes.length).toBe(record.voice!.bytes);
      expect(containsTag(bytes)).toBe(false);

      // A retried POST (same form token) is the same submission and the same object.
      const again = await post('/en', form);
      expect(again.status).toBe(303);
      expect(await keysUnder(`voice/${reference}/`)).toEqual([record.voice!.key]);
    },
  );

  it('is optional: a written message alone is still accepted, and neither at all is refused', async () => {
    const written = await formWith('/en', undefined, { message: 'Written only' });
    expect((await post('/en', written.form)).status).toBe(303);
    expect((await store.get(referenceFromToken(written.formToken)))?.voice).toBeUndefined();

    const neither = await formWith('/en', undefined);
    const refused = await post('/en', neither.form);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Write your input');
  });

  it.each([
    ['en', '/en', 'not an audio recording we can accept', new File([pdf()], 'song.mp3', { type: 'audio/mpeg' })],
    ['ar', '/', 'ليس تسجيلاً صوتياً', new File([pdf()], 'song.mp3', { type: 'audio/mpeg' })],
    ['en', '/en', '5 minutes or shorter', new File([wav(301)], 'long.wav', { type: 'audio/wav' })],
    ['ar', '/', '٤ ميغابايت', new File([new Uint8Array(4 * 1024 * 1024 + 1)], 'big.webm', { type: 'audio/webm' })],
  ])('refuses a bad file (%s: %s) with a translated message and stores nothing', async (_lang, path, says, file) => {
    const { form, formToken } = await formWith(path, file, { message: 'With a bad file' });
    const response = await post(path, form);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain(says);
    expect(page).toContain('id="voice-error"');
    const reference = referenceFromToken(formToken);
    expect(await store.get(reference)).toBeUndefined();
    expect(await keysUnder(`voice/${reference}`)).toEqual([]);
  });
});

describe('staff and the recording', () => {
  interface DevMail {
    to: string[];
    subject: string;
    text: string;
  }
  const mails = async () => (await (await fetch(`${service.url}/dev/mail.json`)).json()) as DevMail[];
  const http = () =>
    cookieClient({
      request: (path: string, init?: RequestInit) => fetch(`${service.url}${path}`, { ...init, redirect: 'manual' }),
    } as never);
  async function signIn(email: string): Promise<CookieClient> {
    const staff = http();
    const page = await staff.get('/staff');
    await staff.post('/staff/sign-in', { pre: fieldOf(page.text, 'pre'), email });
    const confirm = await staff.get(signInPath(await mails(), email));
    await staff.post('/staff/sign-in/confirm', {
      pre: fieldOf(confirm.text, 'pre'),
      token: fieldOf(confirm.text, 'token'),
    });
    return staff;
  }

  it('streams it to staff who may see the submission, records the listening, and never emails the audio', async () => {
    const { form, formToken } = await formWith('/en', new File([m4a(130)], 'voice.m4a', { type: 'video/quicktime' }));
    expect((await post('/en', form)).status).toBe(303);
    const reference = referenceFromToken(formToken);

    // The inbox email says a recording is attached and how long it is; it carries no audio and no key.
    let inbox: DevMail | undefined;
    for (let i = 0; i < 100 && !inbox; i++) {
      inbox = (await mails()).find((m) => m.to.includes(config.inboxes.ose) && m.text.includes(reference.slice(0, 4)));
      if (!inbox) await new Promise((r) => setTimeout(r, 50));
    }
    expect(inbox?.text).toContain('A voice message (2 min 10 s) is attached to this submission');
    expect(inbox?.text).not.toContain('voice/');

    const triager = await signIn('triage@ose.example');
    const page = await triager.get(`/en/staff/submissions/${reference}`);
    expect(page.text).toMatch(/<audio controls="" preload="none" src="\/en\/staff\/submissions\/[^"]+\/voice"/);
    const audio = await triager.bytes(`/en/staff/submissions/${reference}/voice`);
    expect(audio.length).toBe((await store.get(reference))!.voice!.bytes);
    expect(audio.includes(Buffer.from(SECRET_TAG))).toBe(false);
    const audit = (await store.get(reference))!.audit ?? [];
    expect(audit.filter((event) => event.action === 'voice-played')).toEqual([
      expect.objectContaining({ by: 'triage@ose.example' }),
    ]);

    // A liaison sees donor-routed submissions only: this one (to the OSE) is not there for them.
    const liaison = await signIn('liaison@donors.example');
    expect((await liaison.get(`/en/staff/submissions/${reference}/voice`)).status).toBe(404);
    // Nobody signed in hears nothing.
    expect((await http().get(`/en/staff/submissions/${reference}/voice`)).status).not.toBe(200);

    // A transcript, marked as staff-written, is saved and searchable.
    const saved = await triager.post(`/en/staff/submissions/${reference}/decide`, {
      csrf: fieldOf(page.text, 'csrf'),
      action: 'transcript',
      version: fieldOf(page.text.slice(page.text.indexOf('value="transcript"')), 'version'),
      text: 'They spoke about the bakery queue in Douma',
    });
    expect(saved.status).toBe(303);
    expect((await store.get(reference))!.transcript).toMatchObject({ by: 'triage@ose.example' });
    const found = await triager.get('/en/staff/inbox?status=all&q=bakery+Douma');
    expect(
      found.text
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 3000),
    ).toContain(reference.slice(0, 4));
  });

  it('is erased by retention with the contact details: the object is gone from the bucket', async () => {
    const { form, formToken } = await formWith('/en', new File([webm(2)], 'a.webm'));
    expect((await post('/en', form)).status).toBe(303);
    const reference = referenceFromToken(formToken);
    const record = (await store.get(reference))!;
    expect(await objects.exists(record.voice!.key)).toBe(true);
    // Closed by staff as a person would (in review, then closed); the purge runs past the retention period.
    const triager = await signIn('triage@ose.example');
    for (const to of ['in-review', 'closed']) {
      const page = await triager.get(`/en/staff/submissions/${reference}`);
      const decided = await triager.post(`/en/staff/submissions/${reference}/decide`, {
        csrf: fieldOf(page.text, 'csrf'),
        action: 'status',
        version: fieldOf(page.text, 'version'),
        to,
      });
      expect(decided.status).toBe(303);
    }
    const later = new Date(Date.now() + (config.retention.contactDays + 1) * 86_400_000);
    const result = await createPurge({
      retention: createRetentionStore(client, config.tableName),
      rules: config.retention,
      objects,
      log: () => {},
      now: () => later,
    }).purge();
    expect(result.erased).toBeGreaterThanOrEqual(1);
    expect(await objects.exists(record.voice!.key)).toBe(false);
    const after = (await store.get(reference))!;
    expect(after.voice).toBeUndefined();
    expect(after.audit?.at(-1)).toMatchObject({ action: 'contact-erased', detail: { voice: 'erased' } });
  });
});
