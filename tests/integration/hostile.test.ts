/**
 * Hostile input against every endpoint of the app as production wires it (composeWeb), with
 * a real DynamoDB API (dynalite) behind it: a corpus (tests/fixtures/hostile/corpus.json)
 * plus fast-check properties. Every case must end in a 4xx with a clear page, or a redirect
 * to the confirmation with the input stored neutralised; never a 5xx, and nothing of a
 * refused post may reach the table. What is stored must render escaped, and every address
 * that would reach an email header must pass the mail package's header checks.
 *
 * Routes are read from the app itself (`app.routes`), so routes added later (staff, status)
 * are attacked too without editing this file. Runs are sized to finish in well under a
 * minute on two cores; the totals are printed at the end.
 */
import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, referenceFromToken, type SubmissionRecord } from '#core';
import { inboxFields, renderInboxEmail, validateOutgoingEmail } from '#mail';
import { startLocalSes } from '../../dev/ses.ts';
import { composeWeb } from '../../functions/compose.ts';
import { composeStaff } from '../../functions/compose-staff.ts';
import { testTable } from '../support/dynamo.ts';

const corpus = JSON.parse(readFileSync(new URL('../fixtures/hostile/corpus.json', import.meta.url), 'utf8')) as Record<
  string,
  string[] | string
>;
const CORPUS = Object.entries(corpus)
  .filter(([key]) => key !== '_about')
  .flatMap(([, entries]) => entries as string[]);

let table: Awaited<ReturnType<typeof testTable>>;
let ses: Awaited<ReturnType<typeof startLocalSes>>;
let web: ReturnType<typeof composeWeb>;
let staff: ReturnType<typeof composeStaff>;
type App = ReturnType<typeof composeWeb>['app'];
let app: App;

beforeAll(async () => {
  [table, ses] = await Promise.all([testTable(), startLocalSes()]);
  const base = loadConfig({});
  const config = {
    ...base,
    tableName: table.tableName,
    dynamodbEndpoint: table.endpoint,
    sesEndpoint: ses.endpoint,
    protection: { ...base.protection, minFillSeconds: 0, submitsPerHour: 1e9, submitsPerHourWithoutPow: 1e9 },
  };
  const secrets = {
    receiptSecret: 'hostile-secret',
    staffSecret: 'hostile-staff-secret',
    localContactKey: new Uint8Array(32).fill(6),
  };
  // The staff side too, as `npm start` mounts it, without the sign-in answer's deliberate floor.
  staff = composeStaff(config, secrets, () => {}, undefined, { signInFloorMs: 0 });
  web = composeWeb(config, secrets, () => {}, undefined, { staffApp: staff.app });
  app = web.app;
});

afterAll(async () => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  process.stdout.write(`\nhostile input: ${total} requests over ${routeCount} routes ${JSON.stringify(counts)}\n`);
  web?.client.destroy();
  staff?.client.destroy();
  await ses?.stop();
  await table?.stop();
});

const counts: Record<string, number> = { corpus: 0, forms: 0, raw: 0, routes: 0 };
let routeCount = 0;
/** Markers of posts that were refused / accepted; each post's message carries its own. */
const refused: string[] = [];
const accepted = new Map<string, string>();
let serial = 0;
const marker = () => `MKR-${++serial}-`;

async function freshForm(path: '/' | '/en') {
  const html = await (await app.request(path)).text();
  return {
    formToken: html.match(/name="formToken" value="([^"]+)"/)![1]!,
    formStamp: html.match(/name="formStamp" value="([^"]+)"/)![1]!,
  };
}

/** Every tag in a page, with its attributes; quoted values may hold anything but their quote. */
const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** Markup that never appears on a public page unless someone injected it. */
const FOREIGN_TAGS = new Set(['iframe', 'object', 'embed', 'base', 'style', 'math', 'frame', 'frameset', 'applet']);

function tagsOf(html: string) {
  return [...html.matchAll(TAG)].map((match) => ({
    name: match[1]!.toLowerCase(),
    attributes: [...match[2]!.matchAll(ATTRIBUTE)].map((a) => ({
      name: a[1]!.toLowerCase(),
      value: a[2] ?? a[3] ?? a[4] ?? '',
    })),
  }));
}

/**
 * The assertions every response must pass, whatever was sent. Each page's markup checks are
 * gathered and asserted once (a list of what is wrong, expected empty): hundreds of
 * `expect` calls per page cost most of this file's time, for the same checks.
 */
async function assertSafe(response: Response, sent: string[], what: string) {
  expect(response.status, what).toBeLessThan(500);
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/html')) return;
  const html = await response.text();
  const wrong: string[] = [];
  // Nothing sent comes back as markup: only our own scripts, no handlers, no script URLs.
  for (const tag of tagsOf(html)) {
    if (FOREIGN_TAGS.has(tag.name)) wrong.push(`<${tag.name}>`);
    if (tag.name === 'meta' && tag.attributes.some((a) => a.name === 'http-equiv')) wrong.push('<meta http-equiv>');
    if (tag.name === 'script') {
      const src = tag.attributes.find((a) => a.name === 'src')?.value;
      if (src === undefined || !/^\/(assets|staff\/assets)\//.test(src)) wrong.push(`<script src=${src}>`);
    }
    for (const attribute of tag.attributes) {
      if (/^on/.test(attribute.name)) wrong.push(`<${tag.name} ${attribute.name}>`);
      if (
        ['href', 'src', 'action', 'formaction'].includes(attribute.name) &&
        /^(javascript|data|vbscript):/i.test(attribute.value.trim())
      ) {
        wrong.push(`<${tag.name} ${attribute.name}="${attribute.value}">`);
      }
    }
  }
  for (const value of sent) {
    if (/[<>]/.test(value) && value.length > 3 && html.includes(value)) wrong.push(`reflected raw: ${value}`);
  }
  expect(wrong, what).toEqual([]);
}

/** Runs `work` over `items`, `width` at a time: dynalite keeps up better with a few requests in flight. */
async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Tags in rendered HTML that could run code: none may come from what a person sent. */
function assertInert(html: string, what: string) {
  const wrong: string[] = [];
  for (const tag of tagsOf(html)) {
    if (FOREIGN_TAGS.has(tag.name) || tag.name === 'script') wrong.push(`<${tag.name}>`);
    for (const attribute of tag.attributes)
      if (/^on/.test(attribute.name)) wrong.push(`<${tag.name} ${attribute.name}>`);
  }
  expect(wrong, what).toEqual([]);
}

/** encodeURIComponent refuses half surrogate pairs; a browser would send U+FFFD. */
const encodeSegment = (value: string) =>
  encodeURIComponent(
    value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );

type Fields = [string, string][];

function encode(fields: Fields) {
  const body = new URLSearchParams();
  for (const [name, value] of fields) body.append(name, value);
  return body;
}

/** Posts a form with a fresh token and stamp and the given fields; tracks its marker. */
async function postForm(
  path: '/' | '/en',
  fields: Fields,
  what: string,
  as: 'urlencoded' | 'multipart' = 'urlencoded',
) {
  const tag = marker();
  const { formToken, formStamp } = await freshForm(path);
  const all: Fields = [['formToken', formToken], ['formStamp', formStamp], ...fields];
  if (!all.some(([name]) => name === 'message')) all.push(['message', tag]);
  else for (const entry of all) if (entry[0] === 'message') entry[1] = `${tag}${entry[1]}`;
  let body: BodyInit;
  if (as === 'multipart') {
    const data = new FormData();
    for (const [name, value] of all) data.append(name, value);
    body = data;
  } else body = encode(all);
  const response = await app.request(path, {
    method: 'POST',
    body,
    ...(as === 'urlencoded' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  if (response.status === 303) accepted.set(tag, referenceFromToken(formToken));
  else refused.push(tag);
  await assertSafe(
    response,
    all.map(([, value]) => value),
    what,
  );
  return response.status;
}

const FIELDS = ['addressee', 'topics', 'message', 'region', 'gender', 'disability', 'organisation', 'email'] as const;
const VALID: Record<string, string> = {
  addressee: 'both',
  topics: 'detainees',
  message: 'valid text',
  region: 'turkey',
  gender: 'another',
  disability: 'no',
  organisation: 'Org',
  email: 'reply@example.org',
};
const validFields = (): Fields => Object.entries(VALID);

describe('hostile input: the corpus in every form field', () => {
  it('refuses or stores safely every corpus entry in every field, in both languages', async () => {
    const cases = CORPUS.flatMap((entry, i) => FIELDS.map((field) => ({ entry, field, path: i % 2 ? '/en' : '/' })));
    await pool(cases, 8, async ({ entry, field, path }) => {
      const fields = validFields().map(([name, value]): [string, string] => [name, name === field ? entry : value]);
      const status = await postForm(path as '/' | '/en', fields, `corpus ${JSON.stringify(entry)} in ${field}`);
      expect([303, 400], `${JSON.stringify(entry)} in ${field}`).toContain(status);
      counts.corpus = (counts.corpus ?? 0) + 1;
    });
  }, 120_000);

  it('refuses every CRLF in the email address, the one field that reaches an email header', async () => {
    const breaks = CORPUS.filter((entry) => /[\r\n\u0085\u2028\u2029]/.test(entry));
    expect(breaks.length).toBeGreaterThan(5);
    for (const entry of breaks) {
      const fields = validFields().map(([name, value]): [string, string] => [name, name === 'email' ? entry : value]);
      // Only line breaks and nothing else is an empty answer: no email, stored like any anonymous input.
      const expected = entry.trim() === '' ? 303 : 400;
      expect(await postForm('/en', fields, `crlf ${JSON.stringify(entry)}`), JSON.stringify(entry)).toBe(expected);
      counts.corpus = (counts.corpus ?? 0) + 1;
    }
  });
});

/** A hostile string: corpus pieces, generated text of any code points, or both run together. */
const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CORPUS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom(...CORPUS),
          fc.constantFrom('\u202E', '\u2066', '\u200B', '\r\n', '\u0000', '=', '<', '"', '\uD800', 'م'),
          fc.string({ maxLength: 8 }),
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join('')),
  },
);

describe('hostile input: generated form posts (fast-check)', () => {
  it('never fails, never stores a refused post, whatever the fields, duplicates and encodings', async () => {
    const fieldValue = fc.oneof({ weight: 2, arbitrary: hostile }, { weight: 3, arbitrary: fc.constant(undefined) });
    const post = fc.tuple(
      fc.record(Object.fromEntries(FIELDS.map((field) => [field, fieldValue]))),
      fc.array(fc.tuple(fc.constantFrom(...FIELDS, 'website', 'altcha', 'formToken', 'x[y][z]'), hostile), {
        maxLength: 3,
      }),
      fc.constantFrom('/', '/en') as fc.Arbitrary<'/' | '/en'>,
      fc.constantFrom('urlencoded', 'multipart') as fc.Arbitrary<'urlencoded' | 'multipart'>,
    );
    // Eight posts per run, in flight together (as a busy service sees them).
    await fc.assert(
      fc.asyncProperty(fc.array(post, { minLength: 8, maxLength: 8 }), async (posts) => {
        await pool(posts, 8, async ([overrides, extra, path, as]) => {
          const fields: Fields = validFields().map(([name, value]) => [name, overrides[name] ?? value]);
          await postForm(path, [...fields, ...extra], `generated ${JSON.stringify({ overrides, extra })}`, as);
          counts.forms = (counts.forms ?? 0) + 1;
        });
      }),
      { numRuns: 100, seed: 20_241_129 },
    );
  }, 120_000);
});

describe('hostile input: raw bodies (fast-check)', () => {
  const CONTENT_TYPES = [
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-16',
    'multipart/form-data',
    'multipart/form-data; boundary=----x',
    'application/json',
    'text/plain',
    'application/xml',
    'text/html',
    '',
  ];
  const rawBody = fc.oneof(
    // Invalid UTF-8 and surrogates encoded as bytes, percent-encoded or raw, inside the message.
    fc
      .tuple(
        fc.array(fc.constantFrom('%FF', '%C3%28', '%ED%A0%80', '%C0%AF', '%F4%90%80%80', '%E0%80', '%'), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.uint8Array({ maxLength: 40 }),
      )
      .map(([escapes, bytes]) => Buffer.concat([Buffer.from(`message=${escapes.join('')}&x=`), Buffer.from(bytes)])),
    // Deep nesting, as JSON or as bracketed field names.
    fc.integer({ min: 100, max: 20_000 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
    fc.integer({ min: 100, max: 5_000 }).map((depth) => Buffer.from(`${'a['.repeat(depth)}=1&message=deep`)),
    // Many duplicate fields.
    fc
      .integer({ min: 2, max: 3_000 })
      .map((n) => Buffer.from(Array.from({ length: n }, () => 'topics=detainees&message=dup').join('&'))),
    // Near and over the size limit.
    fc.integer({ min: 60_000, max: 70_000 }).map((size) => Buffer.from(`message=${'x'.repeat(size)}`)),
    fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
  );

  it('answers every raw body with a 4xx or a clean page, and stores nothing from it', async () => {
    const before = (await table.client.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }))).Count;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(rawBody, fc.constantFrom(...CONTENT_TYPES), fc.constantFrom('/', '/en')), {
          minLength: 4,
          maxLength: 4,
        }),
        async (requests) => {
          await pool(requests, 4, async ([body, type, path]) => {
            const response = await app.request(path, {
              method: 'POST',
              body,
              headers: type ? { 'content-type': type } : {},
            });
            await assertSafe(response, [], `raw ${type} ${body.length} bytes`);
            // No token and stamp of ours in any of these bodies: nothing may be stored.
            expect(response.status).not.toBe(303);
            counts.raw = (counts.raw ?? 0) + 1;
          });
        },
      ),
      { numRuns: 100, seed: 7 },
    );
    const after = (await table.client.send(new ScanCommand({ TableName: table.tableName, Select: 'COUNT' }))).Count;
    // Only rate-limit counters may have appeared (none, as nothing passed validation).
    expect(after).toBe(before);
  }, 120_000);
});

describe('hostile input: every route with hostile path parameters, queries and bodies (fast-check)', () => {
  it('never answers 5xx on any route, for any method the route takes', async () => {
    const routes = [
      ...new Map(
        app.routes
          .filter((route) => route.method !== 'ALL')
          .map((route) => [`${route.method} ${route.path}`, route] as const),
      ).values(),
    ];
    expect(routes.length).toBeGreaterThan(8);
    // The staff sign-in is among them (and whatever else the staff side has by now).
    expect(routes.some((route) => route.method === 'POST' && route.path.startsWith('/staff'))).toBe(true);
    routeCount = routes.length;
    const percentJunk = fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%00', '..%2f', '%2e%2e');
    const segment = fc.oneof(hostile.map(encodeSegment), percentJunk);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom(...routes),
            fc.array(segment, { minLength: 1, maxLength: 3 }),
            fc.array(fc.tuple(fc.constantFrom('form', 'reference', 'receipt', 'token', 'page', 'q', 'v'), hostile), {
              maxLength: 3,
            }),
            hostile,
          ),
          { minLength: 8, maxLength: 8 },
        ),
        (requests) =>
          pool(requests, 8, async ([route, segments, query, bodyValue]) => {
            let i = 0;
            const path = route.path
              .replace(/:[A-Za-z_]\w*(\{[^}]*\})?\??/g, () => segments[i++ % segments.length]!)
              .replace(/\*/g, segments[0]!);
            const search = query.length ? `?${new URLSearchParams(query).toString()}` : '';
            const init: RequestInit = { method: route.method };
            if (route.method !== 'GET' && route.method !== 'HEAD') {
              init.body = new URLSearchParams([
                ['email', bodyValue],
                ['reference', bodyValue],
                ['receipt', bodyValue],
                ['message', bodyValue],
                ['_csrf', bodyValue],
              ]);
              init.headers = { 'content-type': 'application/x-www-form-urlencoded' };
            }
            let response: Response;
            try {
              response = await app.request(`${path}${search}`, init);
            } catch (error) {
              // A URL the Request constructor itself refuses never reaches the app.
              if (error instanceof TypeError && /URL/i.test(error.message)) return;
              throw error;
            }
            await assertSafe(response, [bodyValue, ...query.map(([, value]) => value)], `${route.method} ${path}`);
            counts.routes = (counts.routes ?? 0) + 1;
          }),
      ),
      { numRuns: 125, seed: 42 },
    );
  }, 120_000);
});

describe('hostile input: what reached the table', () => {
  it('holds no fragment of any refused post, every accepted one once, neutralised and safe to render', async () => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await table.client.send(new ScanCommand({ TableName: table.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const submissions = items.filter((item) => item.sk === 'SUBMISSION') as unknown as SubmissionRecord[];
    const raw = JSON.stringify(items);

    expect(refused.length).toBeGreaterThan(100);
    expect(accepted.size).toBeGreaterThan(100);
    for (const tag of refused) expect(raw.includes(tag), `refused ${tag} is in the table`).toBe(false);
    for (const [tag, reference] of accepted) {
      const stored = submissions.filter((record) => record.message.includes(tag));
      expect(
        stored.map((record) => record.reference),
        tag,
      ).toEqual([reference]);
    }

    for (const record of submissions) {
      for (const text of [record.message]) {
        expect(text).not.toMatch(
          /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u0008\u000B\u000C\u000E-\u001F\r]/,
        );
        expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        // Invisible format characters (issue 12, finding 11); ZWNJ and ZWJ may stay.
        expect(text).not.toMatch(/[\u00AD\u180E\u200B\u2028\u2029\u2060-\u2064\u3164\uFEFF\u{E0000}-\u{E007F}]/u);
      }
      // Shown to staff by email: escaped, with no injected markup.
      const email = renderInboxEmail({ ...inboxFields(record), inbox: 'ose', staffUrl: 'https://mashura.example/x' });
      expect(email.subject).not.toMatch(/[\r\n]/);
      assertInert(email.html, `inbox email for ${record.reference}`);
      // The one user value that reaches a header: the address an acknowledgement goes to.
      if (record.contactCiphertext) {
        const contact = await web.vault.open(record.contactCiphertext, record.reference);
        if (contact.email) {
          expect(() =>
            validateOutgoingEmail({
              to: [contact.email!],
              from: 'no-reply@mashura.example',
              subject: 's',
              html: 'h',
              text: 't',
            }),
          ).not.toThrow();
        }
      }
    }
  }, 120_000);
});
