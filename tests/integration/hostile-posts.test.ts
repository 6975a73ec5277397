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
 *
 * Consultation routes (issue 14) take real ids (a consultation in round 1, a pending point,
 * the OSE statement), so the bodies reach their handlers, and are sent by every identity
 * that matters there: anonymous, a joined participant, a facilitator, an admin and a
 * liaison (who may not run consultations). Their GET routes get hostile path parameters and
 * queries (overlong, bidirectional controls, traversal) and must answer a translated 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES,
  emptyVoteTally,
  loadConfig,
  newConsultationId,
  newParticipantCode,
  newPointId,
  normaliseParticipantCode,
  participantCodeHash,
  type StaffRole,
} from '#core';
import { createConsultationStore } from '#store';
import { startLocalSes } from '../../dev/ses.ts';
import { composeWeb } from '../../functions/compose.ts';
import { composeStaff } from '../../functions/compose-staff.ts';
import { testTable } from '../support/dynamo.ts';
import { seedSubmission } from '../support/staff.ts';
import { signedInStaff } from '../support/staff-session.ts';

let table: Awaited<ReturnType<typeof testTable>>;
let ses: Awaited<ReturnType<typeof startLocalSes>>;
let web: ReturnType<typeof composeWeb>;
let staff: ReturnType<typeof composeStaff>;
let reference = '';
const STAFF_SECRET = 'hostile-posts-staff-secret';

const consultationId = newConsultationId();
const pointId = newPointId();
/** The joined participant's cookie, as the join answered it. */
let participantCookie = '';

/**
 * A signed-in staff member's cookies and tokens, as a browser would hold them: a fresh
 * session for every request, since some bodies legitimately sign out (everywhere).
 */
const signedIn = (role: StaffRole) =>
  signedInStaff({ ...staff.deps, secret: STAFF_SECRET }, `${role}@ose.example`, role);
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

  // A closed consultation in round 1 with a pending point, and a participant who joined it.
  const consultations = createConsultationStore(staff.client, table.tableName);
  await consultations.create({
    id: consultationId,
    title: { ar: 'مشاورة', en: 'Consultation' },
    description: { ar: '', en: '' },
    themes: [{ id: 'detainees', label: { ar: 'المعتقلون', en: 'Detainees' }, addressee: 'ose' }],
    addressees: ['ose'],
    schedule: {
      opensAt: '2020-01-01T00:00:00.000Z',
      round1ClosesAt: '2099-01-01T00:00:00.000Z',
      round2ClosesAt: '2099-02-01T00:00:00.000Z',
    },
    access: 'closed',
    rules: DEFAULT_RULES,
    codeBatches: [],
    createdAt: new Date().toISOString(),
    createdBy: 'admin@ose.example',
    version: 1,
  });
  await consultations.addPoint({
    id: pointId,
    consultationId,
    theme: 'detainees',
    round: 1,
    text: 'الإفراج عن المعتقلين',
    status: 'pending',
    createdAt: new Date().toISOString(),
    counts: { all: emptyVoteTally(), groups: {} },
    version: 1,
  });
  const code = newParticipantCode();
  await consultations.addCodes(consultationId, 'group', [participantCodeHash(normaliseParticipantCode(code))], 'now');
  const joined = await web.app.request(`/en/consultations/${consultationId}/join`, {
    method: 'POST',
    body: new URLSearchParams({ code }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(joined.status).toBe(303);
  participantCookie = joined.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  expect(participantCookie).toMatch(/^mashura_cons_/);
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

/** Real ids where a route takes them, so hostile bodies reach the handler; anything else a wrong one. */
const concrete = (path: string) =>
  path
    .replace(':reference', reference)
    .replace(':id', consultationId)
    .replace(':point', pointId)
    .replace(':addressee', 'ose')
    .replace(':step', 'wording')
    .replace(/:[A-Za-z_]\w*(\{[^}]*\})?\??/g, 'zz-not-an-id');

type Who = 'anonymous' | 'participant' | `${'admin' | 'facilitator' | 'liaison'}${'' | ' with tokens'}`;
/** Who sends: every identity that matters on a consultation route; elsewhere anonymous and an admin. */
const identities = (path: string): Who[] =>
  path.includes('/consultations')
    ? [
        'anonymous',
        'participant',
        'facilitator',
        'facilitator with tokens',
        'admin',
        'admin with tokens',
        'liaison',
        'liaison with tokens',
      ]
    : ['anonymous', 'admin', 'admin with tokens'];

async function credentials(who: Who) {
  if (who === 'anonymous') return { cookie: undefined, tokens: undefined };
  if (who === 'participant') return { cookie: participantCookie, tokens: undefined };
  const [role, withTokens] = who.split(' with ') as [StaffRole, string | undefined];
  const member = await signedIn(role);
  return { cookie: member.cookie, tokens: withTokens ? member : undefined };
}

describe('hostile bodies on every POST route of both apps (issue 12, finding 10)', () => {
  it('finds the POST routes of both apps, the staff sign-in among them', () => {
    const publicRoutes = postRoutes(web.app);
    const staffRoutes = postRoutes(staff.app);
    expect(publicRoutes).toEqual(expect.arrayContaining(['/', '/en', '/status', '/en/status']));
    expect(staffRoutes).toEqual(
      expect.arrayContaining(['/staff/sign-in', '/en/staff/sign-in/confirm', '/staff/submissions/:reference/decide']),
    );
    expect(staffRoutes.length).toBeGreaterThan(20);
    // Every consultation POST route, participant and staff, in both languages.
    expect(publicRoutes).toEqual(
      expect.arrayContaining(
        ['/consultations/:id/join', '/consultations/:id/vote', '/consultations/:id/propose'].flatMap((p) => [
          p,
          `/en${p}`,
        ]),
      ),
    );
    expect(staffRoutes).toEqual(
      expect.arrayContaining(
        [
          '/staff/consultations',
          '/staff/consultations/:id/close-round',
          '/staff/consultations/:id/codes',
          '/staff/consultations/:id/codes.csv',
          '/staff/consultations/:id/points/:point',
          '/staff/consultations/:id/carry',
          '/staff/consultations/:id/recount',
          '/staff/consultations/:id/statements/:addressee/:step',
        ].flatMap((p) => [p, `/en${p}`]),
      ),
    );
    expect(concrete('/staff/consultations/:id/points/:point')).toBe(
      `/staff/consultations/${consultationId}/points/${pointId}`,
    );
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
          for (const who of identities(path)) {
            const { cookie, tokens } = await credentials(who);
            const init = shape.build(tokens);
            const headers = new Headers(init.headers);
            if (cookie) headers.set('cookie', cookie);
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
    }, 300_000);
  }
});

const HOSTILE_PARAMS = {
  overlong: 'A'.repeat(5000),
  'bidirectional controls': '\u202EAB\u202C\u2066CD\u2069\u200F',
  traversal: '..%2F..%2F..%2Fetc%2Fpasswd',
  'encoded NUL and invalid UTF-8': '%00%FF%C3%28',
};
const HOSTILE_QUERIES = [
  `done=${'x'.repeat(5000)}`,
  'done=%E2%80%AEcreated',
  'done=../../etc/passwd',
  'done=%FF%00&done=created&page=-1',
];

function getRoutes(app: { routes: { method: string; path: string }[] }) {
  return [
    ...new Set(
      app.routes
        .filter((route) => route.method === 'GET' && route.path.includes('/consultations') && route.path.includes(':'))
        .map((route) => route.path),
    ),
  ];
}

describe('hostile path parameters and queries on every consultation GET route (issue 14)', () => {
  for (const [side, appOf] of [
    ['public', () => web.app],
    ['staff', () => staff.app],
  ] as const) {
    it(`answers every ${side} consultation page with a translated 4xx for a hostile id, and never a 5xx`, async () => {
      const app = appOf();
      const routes = getRoutes(app);
      expect(routes.length).toBeGreaterThan(side === 'public' ? 9 : 13);
      const failures: string[] = [];
      let sent = 0;
      const who: Who[] = side === 'public' ? ['anonymous', 'participant'] : ['facilitator', 'liaison'];
      for (const path of routes) {
        const english = path.startsWith('/en');
        for (const identity of who) {
          const { cookie } = await credentials(identity);
          const headers = cookie ? { cookie } : undefined;
          for (const [name, value] of Object.entries(HOSTILE_PARAMS)) {
            const hostile = path.replace(/:[A-Za-z_]\w*/g, value);
            const response = await app.request(hostile, { headers });
            sent += 1;
            const what = `${side} GET ${path} · ${name} · ${identity} → ${response.status}`;
            const html = await response.text();
            if (response.status < 400 || response.status >= 500) failures.push(what);
            else if (!html.includes(english ? 'lang="en"' : 'lang="ar"')) failures.push(`${what}: not in its language`);
          }
          for (const query of HOSTILE_QUERIES) {
            const response = await app.request(`${concrete(path)}?${query}`, { headers });
            sent += 1;
            const html = await response.text();
            const what = `${side} GET ${path}?${query.slice(0, 40)} · ${identity} → ${response.status}`;
            if (response.status >= 500) failures.push(what);
            // A query the page does not know changes nothing and shows nothing of itself.
            if (html.includes('xxxxxxxxxx') || html.includes('passwd') || html.includes('\u202E'))
              failures.push(`${what}: echoed the query`);
          }
        }
      }
      process.stdout.write(`\n${side} consultation GET routes: ${routes.length}, requests: ${sent}\n`);
      expect(failures).toEqual([]);
    }, 300_000);
  }
});
