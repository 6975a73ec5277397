/**
 * Every POST route of both apps — the public app (functions/compose.ts) and the staff app
 * (functions/compose-staff.ts, which in AWS runs alone) — against hostile body shapes:
 * broken multipart, multipart without a boundary, files where text is expected, invalid
 * UTF-8, JSON, XML, binary junk, bracketed and duplicated field names, bodies over the
 * limit. Each is sent anonymously, and with a signed-in admin's session and pre-session
 * cookie (so the body gets past the session guard to the handler), with and without a valid
 * anti-forgery token. Routes are read from `app.routes`, so a route added later is attacked
 * too without editing this file.
 *
 * Malformed bodies must get a 4xx with a page in the right language; well-formed bodies with
 * hostile values must never get a 5xx (issue 12, finding 10).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, loadConfig, publicPath, STAFF_LANGUAGES, staffPath } from '#core';
import { startLocalSes } from '../../dev/ses.ts';
import { composeWeb } from '../../functions/compose.ts';
import { composeStaff } from '../../functions/compose-staff.ts';
import { keyedHash, newSecretToken, sha256 } from '../../web/staff/auth.ts';
import { testTable } from '../support/dynamo.ts';
import { seedSubmission } from '../support/staff.ts';

let table: Awaited<ReturnType<typeof testTable>>;
let ses: Awaited<ReturnType<typeof startLocalSes>>;
let web: ReturnType<typeof composeWeb>;
let staff: ReturnType<typeof composeStaff>;
let reference = '';
const STAFF_SECRET = 'hostile-posts-staff-secret';

/**
 * A signed-in admin's cookies and tokens, as a browser would hold them: a fresh session for
 * every request, since some bodies legitimately sign out (everywhere).
 */
async function signedInAdmin() {
  await staff.deps.staff.seed('admin@ose.example', 'admin');
  const session = newSecretToken();
  const now = Math.floor(Date.now() / 1000);
  await staff.deps.sessions.create(sha256(session), {
    email: 'admin@ose.example',
    generation: (await staff.deps.staff.get('admin@ose.example'))!.generation,
    createdAt: now,
    expiresAt: now + 3600,
  });
  const preCookie = newSecretToken();
  return {
    cookie: `mashura_staff=${session}; mashura_staff_pre=${preCookie}`,
    csrf: keyedHash(STAFF_SECRET, 'csrf', sha256(session)),
    pre: keyedHash(STAFF_SECRET, 'pre', preCookie),
  };
}

beforeAll(async () => {
  [table, ses] = await Promise.all([testTable(), startLocalSes()]);
  const base = loadConfig({});
  const config = { ...base, tableName: table.tableName, dynamodbEndpoint: table.endpoint, sesEndpoint: ses.endpoint };
  const secrets = {
    receiptSecret: 'hostile-posts-secret',
    staffSecret: STAFF_SECRET,
    localContactKey: new Uint8Array(32).fill(7),
  };
  staff = composeStaff(config, secrets, () => {}, undefined, { signInFloorMs: 0 });
  // The public app alone, as the public function runs it in AWS.
  web = composeWeb(config, secrets, () => {});
  await staff.deps.staff.seed('admin@ose.example', 'admin');
  reference = (await seedSubmission(staff.store, {}, { routeTo: ['ose', 'donors'] })).reference;
});

afterAll(async () => {
  web?.client.destroy();
  staff?.client.destroy();
  await ses?.stop();
  await table?.stop();
});

type Shape = { name: string; malformed: boolean; build: (tokens?: { csrf: string; pre: string }) => RequestInit };

const BOUNDARY = '----mashura-hostile';
const multipart = (parts: string) => ({
  method: 'POST',
  headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  body: parts,
});
const tokenFields = (tokens?: { csrf: string; pre: string }) =>
  tokens ? `csrf=${tokens.csrf}&pre=${tokens.pre}&` : '';
const tokenParts = (tokens?: { csrf: string; pre: string }) =>
  tokens
    ? ['csrf', 'pre']
        .map(
          (name) =>
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${tokens[name as 'csrf' | 'pre']}\r\n`,
        )
        .join('')
    : '';

/** Body shapes, each with or without the session's tokens in it where the shape can carry them. */
const SHAPES: Shape[] = [
  {
    name: 'multipart cut off mid-part',
    malformed: true,
    build: (t) => multipart(`${tokenParts(t)}--${BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\nhalf`),
  },
  {
    name: 'multipart part without a name or headers',
    malformed: true,
    build: (t) => multipart(`${tokenParts(t)}--${BOUNDARY}\r\n\r\nno headers\r\n--${BOUNDARY}--\r\n`),
  },
  {
    name: 'multipart without a boundary',
    malformed: true,
    build: () => ({ method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'a=b' }),
  },
  {
    name: 'multipart with a boundary that never appears',
    malformed: true,
    build: () => ({
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
      body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="email"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
    }),
  },
  {
    name: 'multipart with files where text is expected',
    malformed: false,
    build: (t) =>
      multipart(
        `${tokenParts(t)}${['email', 'text', 'token', 'reference', 'receipt', 'action', 'to', 'version', 'next']
          .map(
            (name) =>
              `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\n<script>1</script>\r\n`,
          )
          .join('')}--${BOUNDARY}--\r\n`,
      ),
  },
  // The form's recording (issue 19): its own multipart limit, and bytes checked by sniffing.
  {
    name: 'multipart with a voice file that is not audio, named and typed as audio',
    malformed: false,
    build: (t) =>
      multipart(
        `${tokenParts(t)}--${BOUNDARY}\r\nContent-Disposition: form-data; name="voice"; filename="song.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n%PDF-1.7 <script>1</script>\r\n--${BOUNDARY}--\r\n`,
      ),
  },
  {
    name: 'multipart with two voice files and a container cut off after its magic',
    malformed: false,
    build: (t) =>
      multipart(
        `${tokenParts(t)}${['\x1aE\xdf\xa3\x01\xff\xff', 'OggS\x00\x02']
          .map(
            (bytes) =>
              `--${BOUNDARY}\r\nContent-Disposition: form-data; name="voice"; filename="a.webm"\r\nContent-Type: audio/webm\r\n\r\n${bytes}\r\n`,
          )
          .join('')}--${BOUNDARY}--\r\n`,
      ),
  },
  {
    name: 'multipart with a voice file past the text limit (within the recording limit)',
    malformed: true,
    build: (t) =>
      multipart(
        `${tokenParts(t)}--${BOUNDARY}\r\nContent-Disposition: form-data; name="voice"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\nRIFF\x00\x00\x00\x00WAVE${'\x00'.repeat(70_000)}\r\n--${BOUNDARY}--\r\n`,
      ),
  },
  {
    name: 'urlencoded with invalid UTF-8 and broken escapes',
    malformed: false,
    build: (t) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.concat([
        Buffer.from(`${tokenFields(t)}email=%FF%C3%28&text=%ED%A0%80&to=%&version=%zz&token=`),
        Buffer.from([0xff, 0xfe, 0x00, 0xc3]),
      ]),
    }),
  },
  {
    name: 'bracketed, duplicated and array field names',
    malformed: false,
    build: (t) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${tokenFields(t)}csrf[]=a&csrf[]=b&pre[]=x&email[]=a@b.c&action=note&action=reply&version=1&version=2&text=x&${'a['.repeat(500)}=1&${'to=x&'.repeat(500)}`,
    }),
  },
  {
    name: 'JSON',
    malformed: true,
    build: () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":{"$ne":1}}' }),
  },
  {
    name: 'XML',
    malformed: true,
    build: () => ({
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    }),
  },
  {
    name: 'binary junk without a content type',
    malformed: true,
    build: () => ({ method: 'POST', body: new Uint8Array(512).map((_, i) => (i * 131) % 256) }),
  },
  {
    name: 'an empty form',
    malformed: false,
    build: () => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }),
  },
  {
    name: 'a form over the size limit',
    malformed: true,
    build: (t) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${tokenFields(t)}text=${'x'.repeat(70_000)}`,
    }),
  },
];

function postRoutes(app: { routes: { method: string; path: string }[] }) {
  return [...new Set(app.routes.filter((route) => route.method === 'POST').map((route) => route.path))];
}

const concrete = (path: string) =>
  path.replace(':reference', reference).replace(/:[A-Za-z_]\w*(\{[^}]*\})?\??/g, 'zz-not-an-id');

describe('hostile bodies on every POST route of both apps (issue 12, finding 10)', () => {
  it('finds the POST routes of both apps, the staff sign-in among them', () => {
    const publicRoutes = postRoutes(web.app);
    const staffRoutes = postRoutes(staff.app);
    expect(publicRoutes).toEqual(expect.arrayContaining(['/', '/en', '/status', '/en/status']));
    // …and the form, the status lookup and the staff decisions in every language of the route table.
    expect(publicRoutes).toEqual(
      expect.arrayContaining(
        LANGUAGES.flatMap((language) => [publicPath(language, 'form'), publicPath(language, 'status')]),
      ),
    );
    expect(staffRoutes).toEqual(
      expect.arrayContaining(['/staff/sign-in', '/en/staff/sign-in/confirm', '/staff/submissions/:reference/decide']),
    );
    expect(staffRoutes).toEqual(
      expect.arrayContaining(
        STAFF_LANGUAGES.flatMap((language) => [
          staffPath(language, '/sign-in'),
          staffPath(language, '/submissions/:reference/decide'),
        ]),
      ),
    );
    expect(staffRoutes.length).toBeGreaterThan(20);
  });

  for (const [side, appOf] of [
    ['public', () => web.app],
    ['staff', () => staff.app],
  ] as const) {
    it(`answers every hostile body on every ${side} POST with a 4xx page (malformed) or no 5xx (hostile values)`, async () => {
      const app = appOf();
      const failures: string[] = [];
      let sent = 0;
      for (const path of postRoutes(app)) {
        for (const shape of SHAPES) {
          for (const who of ['anonymous', 'signed in', 'signed in with tokens'] as const) {
            const admin = who === 'anonymous' ? undefined : await signedInAdmin();
            const init = shape.build(who === 'signed in with tokens' ? admin : undefined);
            const headers = new Headers(init.headers);
            if (admin) headers.set('cookie', admin.cookie);
            const response = await app.request(concrete(path), { ...init, headers });
            sent += 1;
            const what = `${side} POST ${path} · ${shape.name} · ${who} → ${response.status}`;
            if (response.status >= 500) failures.push(what);
            else if (shape.malformed && (response.status < 400 || response.status >= 500)) failures.push(what);
            else if (response.status >= 400) {
              const html = await response.text();
              const english = path.startsWith('/en');
              if (!html.includes(english ? 'lang="en"' : 'lang="ar"'))
                failures.push(`${what}: no page in its language`);
            }
          }
        }
      }
      process.stdout.write(`\n${side} POST routes: ${postRoutes(app).length}, requests: ${sent}\n`);
      expect(failures).toEqual([]);
    }, 600_000);
  }
});
