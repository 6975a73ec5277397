/**
 * A near-duplicate group appears once in a whole listing, not once a page (issue 15): at its
 * newest member's place (the first of its members the listing shows), whatever page the
 * others fall on, in the queue and in search results alike. Small pages (3 rows) so a
 * group of four spreads over three of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionRecord } from '#core';
import type { OutgoingEmail } from '#mail';
import type { createSubmissionStore } from '#store';
import { FAMILIES } from '../../tests/fixtures/near-duplicates.ts';
import { testTable } from '../../tests/support/dynamo.ts';
import { type CookieClient, cookieClient, fieldOf, seedSubmission, signInPath } from '../../tests/support/staff.ts';
import { staffTestDeps } from '../../tests/support/staff-app.ts';
import { createStaffApp } from './app.tsx';

const TRIAGER = 'triage@ose.example';
let table: Awaited<ReturnType<typeof testTable>>;
let store: ReturnType<typeof createSubmissionStore>;
let app: ReturnType<typeof createStaffApp>;
let triager: CookieClient;
let clock = Date.parse('2026-03-01T09:00:00Z');
const mails: OutgoingEmail[] = [];

/** Messages on the same subject (each has الشتاء) that are not near-duplicates of anything. */
const DISTINCT = [
  'الشتاء في حلب بارد جداً والكهرباء مقطوعة منذ أسبوعين في حي الشعار.',
  'نطلب دعم المدارس في درعا قبل الشتاء، فالأطفال يدرسون في صفوف بلا نوافذ.',
  'مرضى الكلى في إدلب لا يجدون جلسات غسيل كافية، وسيزداد الأمر سوءاً مع الشتاء.',
  'أسعار الخبز تضاعفت هذا الشهر، ولا يستطيع العمال المياومون شراءه مع اقتراب الشتاء.',
  'المعابر مغلقة أمام الشاحنات منذ الصيف، والمنظمات تحذر من نقص الوقود في الشتاء.',
];

let members: SubmissionRecord[] = [];
let distinct: SubmissionRecord[] = [];

beforeAll(async () => {
  table = await testTable();
  const now = () => clock;
  const wired = staffTestDeps(table, { mails, secret: 'groups-pages-secret', now }, { pageSize: 3 });
  store = wired.store;
  await wired.staff.seed(TRIAGER, 'triager');
  app = createStaffApp(wired.deps);

  // Oldest first: G D D G D D G D G, so newest first the pages are
  // [G4 D5 G3] [D4 D3 G2] [D2 D1 G1]: members on every page.
  const family = FAMILIES[1]!;
  const texts = [family.original, ...family.variants.map((variant) => variant.text)];
  const order = ['G', 'D', 'D', 'G', 'D', 'D', 'G', 'D', 'G'];
  let g = 0;
  let d = 0;
  for (const kind of order) {
    clock += 60_000;
    const createdAt = new Date(clock).toISOString();
    const isNewest = kind === 'G' && g === texts.length - 1;
    const record = await seedSubmission(
      store,
      {
        message: kind === 'G' ? texts[g++]! : DISTINCT[d++]!,
        createdAt,
        // The newest member is already being read: a "new" listing leads with the next one.
        ...(isNewest ? { status: 'in-review' as const } : {}),
      },
      { routeTo: ['ose'] },
    );
    (kind === 'G' ? members : distinct).push(record);
  }
  members = await Promise.all(members.map(async (m) => (await store.get(m.reference))!));
  expect(new Set(members.map((m) => m.group)).size).toBe(1);
  expect(members[0]!.group).toBeDefined();
  distinct = await Promise.all(distinct.map(async (m) => (await store.get(m.reference))!));
  expect(distinct.every((m) => m.group === undefined)).toBe(true);

  clock += 4 * 60_000;
  triager = cookieClient(app);
  const form = await triager.get('/en/staff');
  await triager.post('/en/staff/sign-in', { pre: fieldOf(form.text, 'pre'), email: TRIAGER });
  const confirm = await triager.get(signInPath(mails, TRIAGER));
  await triager.post('/en/staff/sign-in/confirm', {
    pre: fieldOf(confirm.text, 'pre'),
    token: fieldOf(confirm.text, 'token'),
  });
});
afterAll(() => table.stop());

const referencesIn = (html: string) =>
  [...html.matchAll(/<th scope="row"><a href="(?:\/en)?\/staff\/submissions\/([0-9A-Z]{12})"/g)].map((m) => m[1]!);
const nextIn = (html: string) => /<a href="([^"]+)" rel="next"/.exec(html)?.[1]?.replaceAll('&amp;', '&');

/** Every page of a listing, following its own next links: the rows of each. */
async function walk(path: string): Promise<string[][]> {
  const pages: string[][] = [];
  for (let next: string | undefined = path; next && pages.length < 20; ) {
    const page = await triager.get(next);
    expect(page.status).toBe(200);
    pages.push(referencesIn(page.text));
    next = nextIn(page.text);
  }
  return pages;
}

const ref = (record: SubmissionRecord) => record.reference;

describe('a near-duplicate group across pages', () => {
  it('appears once in the whole queue, at its newest member, with every other submission still listed', async () => {
    const pages = await walk('/en/staff/inbox?status=all');
    expect(pages.length).toBeGreaterThan(2);
    const shown = pages.flat();
    expect(shown.filter((r) => members.some((m) => m.reference === r))).toEqual([ref(members.at(-1)!)]);
    expect(shown.indexOf(ref(members.at(-1)!))).toBe(0);
    expect(shown.filter((r) => distinct.some((m) => m.reference === r)).sort()).toEqual(distinct.map(ref).sort());
  });

  it('leads with the newest member the listing shows when the newest is filtered out', async () => {
    const shown = (await walk('/en/staff/inbox?status=new')).flat();
    expect(shown.filter((r) => members.some((m) => m.reference === r))).toEqual([ref(members.at(-2)!)]);
    expect(shown).not.toContain(ref(members.at(-1)!));
  });

  it('leads with the oldest member in oldest-first order, once', async () => {
    const shown = (await walk('/en/staff/inbox?status=all&order=oldest')).flat();
    expect(shown.filter((r) => members.some((m) => m.reference === r))).toEqual([ref(members[0]!)]);
    expect(shown.filter((r) => distinct.some((m) => m.reference === r))).toEqual(distinct.map(ref));
  });

  it('appears once in search results too, whatever page its other members match on', async () => {
    const pages = await walk(`/en/staff/inbox?status=all&q=${encodeURIComponent('الشتاء')}`);
    const shown = pages.flat();
    expect(shown.filter((r) => members.some((m) => m.reference === r))).toEqual([ref(members.at(-1)!)]);
    expect(shown.filter((r) => distinct.some((m) => m.reference === r)).sort()).toEqual(distinct.map(ref).sort());
  });
});
