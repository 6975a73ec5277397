/**
 * Following up input in the real service and a real browser (issue 5): `/status` in every
 * state, `/outcomes` and `/easy-read`, in Arabic and English. The same checks as
 * accessibility.test.ts (axe, html-validate, our Arabic-aware contrast check, target size,
 * focus indicators, reflow at 320 px and 400%), a keyboard journey and a virtual screen
 * reader journey over /status in Arabic, and the "done when" end to end:
 *
 *   a person who sent input anonymously can, with the codes from their confirmation page,
 *   see that it reached the Special Envoy's office, was answered, and read the answer —
 *   all in Arabic, with a screen reader, on a 320 px screen.
 *
 * Staff actions go through the store the way the triage pages apply them (planDecision,
 * then the triage store's conditional update) on the service's own table.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { virtual } from '@guidepup/virtual-screen-reader';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Decision, directionOf, groupCode, loadConfig, planDecision, translator } from '#core';
import {
  createDocumentClient,
  createOutcomeStore,
  createSessionStore,
  createStaffStore,
  createStatusCounts,
  createSubmissionStore,
  createTriageStore,
} from '#store';
import { formatDate } from '#web/public/page.tsx';
import { newSecretToken, SESSION_COOKIE, sha256 } from '#web/staff/auth.ts';
import { loadAxe } from '../support/axe.ts';
import { type LoadedPage, loadPage } from '../support/dom.ts';
import { engineFindings, formatFindings } from '../support/engines.ts';
import { describeReport, htmlValidate } from '../support/html-validate.ts';
import {
  activeElement,
  type ContrastReport,
  checkContrast,
  checkReflow,
  checkTargets,
  focusStop,
  NON_TEXT_RATIO,
  tabStopCount,
  unfocusedStyles,
} from '../support/in-page.ts';
import { byId, tab, tabTo } from '../support/keyboard.ts';
import { reflowProblems } from '../support/reflow.ts';
import {
  forgetVisit,
  formPath,
  hiddenFieldsOf,
  LANGUAGES,
  type Lang,
  launchBrowser,
  newPage,
  prefix,
  RECEIPT_FORMAT,
  REFERENCE_FORMAT,
  removeDataDir,
  type Service,
  startService,
  TEST_ENV,
  validFields,
} from '../support/service.ts';

/** What an element says, as text (the page is only read, never changed). */
const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/screenshots');
/**
 * Pictures for a person to look at, written only when asked (`MASHURA_SCREENSHOTS=1 npx vitest
 * run tests/browser/follow-up.test.ts`): they prove nothing by themselves, and a full-page
 * capture of every state cost the suite about a fifth of its time.
 */
const KEEP_SCREENSHOTS = process.env.MASHURA_SCREENSHOTS === '1';
const keepScreenshot = async (page: Page, name: string) => {
  if (KEEP_SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
};
const REPLY = {
  ar: 'شكرًا لكم. نقل مكتب المبعوث الخاص مطالبتكم بالكشف عن مصير المعتقلات والمعتقلين إلى إحاطته أمام مجلس الأمن.',
  en: 'Thank you. The Special Envoy’s office raised your call about the detainees in its briefing to the Security Council.',
};
const WRONG_RECEIPT = 'ABCD-2345-WXYZ-6789';

let service: Service;
let browser: Browser;
let stores: ReturnType<typeof storesFor>;
/** An answered submission (sent in Arabic), and its codes. */
let answered: { reference: string; receipt: string };
/** A signed-in admin's session id, and a note with a published version and a newer draft. */
let adminSession: string;
let noteId: string;

function storesFor(endpoint: string) {
  const config = loadConfig(TEST_ENV);
  const client = createDocumentClient({ region: config.region, endpoint });
  const submissions = createSubmissionStore(client, config.tableName);
  const triage = createTriageStore(
    client,
    config.tableName,
    createStatusCounts(client, config.tableName),
    submissions.get,
  );
  const outcomes = createOutcomeStore(client, config.tableName);
  const staff = createStaffStore(client, config.tableName);
  const sessions = createSessionStore(client, config.tableName);
  return { client, submissions, triage, outcomes, staff, sessions };
}

/** Sends the real form over HTTP and reads both codes from the receipt cookie. */
async function sendInput(lang: Lang): Promise<{ reference: string; receipt: string }> {
  const form = `${service.url}${formPath(lang)}`;
  const hidden = hiddenFieldsOf(await (await fetch(form)).text());
  const response = await fetch(form, {
    method: 'POST',
    body: new URLSearchParams(validFields(lang, hidden)),
    redirect: 'manual',
  });
  const cookie = response.headers.get('set-cookie') ?? '';
  const [reference, receipt] = decodeURIComponent(/mashura_receipt=([^;]+)/.exec(cookie)?.[1] ?? '').split('.');
  if (response.status !== 303 || !reference || !receipt) throw new Error(`not sent: ${response.status}`);
  return { reference, receipt };
}

/** Waits for the intake workflow to route it, as it does within a second or two locally. */
async function routed(reference: string) {
  for (let i = 0; i < 200; i++) {
    const record = await stores.submissions.get(reference);
    if (record?.routing === 'routed') return record;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${reference} was not routed`);
}

const admin = { email: 'admin@ose.example', role: 'admin' as const };
/** What a triager's decision does: planned by the domain, applied by the triage store. */
async function decide(reference: string, decision: Decision) {
  const record = (await stores.submissions.get(reference))!;
  const plan = planDecision(admin, record, decision, new Date().toISOString());
  if (!plan.ok) throw new Error(plan.reason);
  const applied = await stores.triage.applyTriageChange(reference, plan.change);
  if (!applied.ok) throw new Error(applied.reason);
}

async function answer(reference: string, text: string) {
  await routed(reference);
  await decide(reference, { action: 'status', to: 'in-review' });
  // biome-ignore lint/suspicious/noThenProperty: the triage Decision's field name; never a promise.
  await decide(reference, { action: 'reply', text, then: 'answered' });
}

beforeAll(async () => {
  [service, browser] = await Promise.all([
    // Every post here comes from 127.0.0.1: lift the lookup limits (their own tests are in web/).
    startService(undefined, {
      MASHURA_RATE_STATUS_PER_HOUR: '100000',
      MASHURA_RATE_STATUS_PER_REFERENCE_PER_HOUR: '100000',
    }),
    launchBrowser(),
  ]);
  stores = storesFor(service.dynamodbEndpoint);
  answered = await sendInput('ar');
  await answer(answered.reference, REPLY.ar);
  const note = await stores.outcomes.create(
    {
      topic: 'detainees',
      periodStart: '2026-07',
      periodEnd: '2026-09',
      actor: 'ose',
      said: {
        ar: 'طالب الناس بالكشف عن مصير المعتقلات والمعتقلين.',
        en: 'People asked what happened to the detainees.',
      },
      did: {
        ar: 'أثار المبعوث الخاص المسألة في إحاطته أمام مجلس الأمن.',
        en: 'The Special Envoy raised it in his briefing.',
      },
    },
    'admin@ose.example',
  );
  await stores.outcomes.publish(note.id, 1, 'admin@ose.example', 3);
  await stores.outcomes.saveVersion(
    note.id,
    { ...note.draft!, did: { ar: 'نسخة أحدث.', en: 'A newer version.' } },
    'admin@ose.example',
    1,
  );
  noteId = note.id;
  // An admin signed in, as the emailed sign-in link leaves them (web/staff/auth.ts).
  await stores.staff.add('admin@ose.example', 'admin', 'seed');
  const member = (await stores.staff.get('admin@ose.example'))!;
  adminSession = newSecretToken();
  const now = Math.floor(Date.now() / 1000);
  await stores.sessions.create(sha256(adminSession), {
    email: member.email,
    generation: member.generation,
    createdAt: now,
    expiresAt: now + 3600,
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  stores?.client.destroy();
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

// ---------------------------------------------------------------- states

const STATES = [
  'status-form',
  'status-errors',
  'status-no-match',
  'status-result',
  'outcomes',
  'easy-read',
  'admin-list',
  'admin-form-errors',
  'admin-preview',
  'admin-history',
] as const;
type State = (typeof STATES)[number];
const EXPECTED_STATUS: Record<State, number> = {
  'status-form': 200,
  'status-errors': 400,
  'status-no-match': 400,
  'status-result': 200,
  outcomes: 200,
  'easy-read': 200,
  'admin-list': 200,
  'admin-form-errors': 400,
  'admin-preview': 200,
  'admin-history': 200,
};
const ADMIN_PATHS: Partial<Record<State, (base: string) => string>> = {
  'admin-list': (base) => `${base}/staff/outcomes`,
  'admin-form-errors': (base) => `${base}/staff/outcomes/new`,
  'admin-preview': (base) => `${base}/staff/outcomes/${noteId}/preview`,
  'admin-history': (base) => `${base}/staff/outcomes/${noteId}/history`,
};

async function submitForm(page: Page) {
  await Promise.all([
    page.waitForNavigation(),
    page.locator('main form[method=post]').evaluate((form: HTMLFormElement) => form.submit()),
  ]);
}

async function gotoState(page: Page, lang: Lang, state: State) {
  const base = `${service.url}${prefix(lang)}`;
  const admin = ADMIN_PATHS[state];
  if (admin) {
    await page.context().addCookies([{ name: SESSION_COOKIE, value: adminSession, url: service.url }]);
    await page.goto(admin(base));
    if (state === 'admin-form-errors') await submitForm(page);
    return;
  }
  switch (state) {
    case 'status-form':
      await page.goto(`${base}/status?reference=${answered.reference}`);
      return;
    case 'status-errors':
      await page.goto(`${base}/status`);
      await submitForm(page);
      return;
    case 'status-no-match':
    case 'status-result':
      await page.goto(`${base}/status`);
      await page.locator('#reference').fill(groupCode(answered.reference));
      await page.locator('#receipt').fill(state === 'status-result' ? groupCode(answered.receipt) : WRONG_RECEIPT);
      await submitForm(page);
      return;
    case 'outcomes':
      await page.goto(`${base}/outcomes`);
      return;
    case 'easy-read':
      await page.goto(`${base}/easy-read`);
      return;
  }
}

async function servedHtml(lang: Lang, state: State): Promise<{ status: number; html: string }> {
  const base = `${service.url}${prefix(lang)}`;
  // A found pair answers 303 to a one-time result page, which the cookie opens (once).
  const post = async (fields: Record<string, string>) => {
    const posted = await fetch(`${base}/status`, {
      method: 'POST',
      body: new URLSearchParams(fields),
      redirect: 'manual',
    });
    if (posted.status !== 303) return posted;
    const cookie = (posted.headers.get('set-cookie') ?? '').split(';')[0]!;
    return fetch(new URL(posted.headers.get('location')!, base), { headers: { cookie } });
  };
  const admin = ADMIN_PATHS[state];
  if (admin) {
    const cookie = `${SESSION_COOKIE}=${adminSession}`;
    let response = await fetch(admin(base), { headers: { cookie } });
    if (state === 'admin-form-errors') {
      const csrf = /name="csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';
      response = await fetch(admin(base).replace(/\/new$/, ''), {
        method: 'POST',
        body: new URLSearchParams({ csrf, periodStart: '2026-13' }),
        headers: { cookie },
      });
    }
    return { status: response.status, html: await response.text() };
  }
  const response =
    state === 'status-form'
      ? await fetch(`${base}/status?reference=${answered.reference}`)
      : state === 'status-errors'
        ? await post({ reference: '', receipt: '' })
        : state === 'status-no-match'
          ? await post({ reference: answered.reference, receipt: WRONG_RECEIPT })
          : state === 'status-result'
            ? await post({ reference: answered.reference, receipt: answered.receipt })
            : await fetch(`${base}/${state}`);
  return { status: response.status, html: await response.text() };
}

async function runAxe(page: Page) {
  await loadAxe(page);
  const options = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
  return (await page.evaluate(`axe.run(document, ${JSON.stringify(options)})`)) as {
    violations: { id: string; help: string; nodes: { target: string[]; html: string }[] }[];
  };
}

const formatContrast = (report: ContrastReport) =>
  [
    ...report.failures.map(
      (f) => `${f.element} "${f.text}": ${f.color} on ${f.background} = ${f.ratio}:1, needs ${f.required}:1`,
    ),
    ...report.unknown.map((u) => `${u.element} "${u.text}": cannot tell (${u.reason})`),
  ].join('\n');

describe.each(LANGUAGES)('%s', (lang) => {
  // One page per language, brought to each state in turn after forgetting the last visit
  // (cookies, the admin session among them, and storage), as a fresh context would: the
  // engines injected into every state then compile once per renderer, not once per state.
  let page: Page;
  beforeAll(async () => {
    page = await newPage(browser);
  });
  afterAll(async () => {
    await page?.context().close();
  });
  describe.each(STATES)('%s', (state) => {
    beforeAll(async () => {
      await forgetVisit(page);
      await gotoState(page, lang, state);
    });

    it(`axe-core (${AXE_TAGS.join(', ')}) finds no violations`, async () => {
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('html').getAttribute('dir')).toBe(directionOf(lang));
      const { violations } = await runAxe(page);
      expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    });

    it('IBM Equal Access and HTML_CodeSniffer find nothing outside the allowlist', async () => {
      const { findings } = await engineFindings(page);
      expect(findings, formatFindings(findings)).toEqual([]);
    });

    it('every piece of text, Arabic included, meets WCAG contrast', async () => {
      const report = await checkContrast(page);
      expect(report.failures.length + report.unknown.length, formatContrast(report)).toBe(0);
      expect(report.checked).toBeGreaterThan(5);
      // The preview shows the note in both languages on purpose.
      if (lang === 'ar' && state !== 'admin-preview') expect(report.arabic / report.checked).toBeGreaterThan(0.8);
    });

    it('every target is at least 24×24 CSS px or spaced apart', async () => {
      const report = await checkTargets(page);
      expect(report.failures, JSON.stringify(report.failures, null, 2)).toEqual([]);
    });

    it('every Tab stop shows a focus indicator with 3:1 contrast', async () => {
      const before = await unfocusedStyles(page);
      const expected = await tabStopCount(page);
      const visited = new Set<number>();
      const problems: string[] = [];
      let last = -1;
      for (let presses = 0; presses < expected * 3 + 10; presses++) {
        await page.keyboard.press('Tab');
        const stop = await focusStop(page, before, { indicatorOnly: true });
        const { index } = stop;
        if (index < 0) continue;
        // A month field's year and month (and picker) are stops inside the one element.
        if (index === last) continue;
        last = index;
        if (visited.has(index)) break;
        visited.add(index);
        const indicator = stop.indicator!;
        if (indicator.best < NON_TEXT_RATIO) problems.push(`${indicator.element}: [${indicator.parts.join(', ')}]`);
      }
      expect(problems, problems.join('\n')).toEqual([]);
      expect(visited.size).toBe(expected);
    });

    it('reflows without horizontal scrolling at 320 CSS px and at 400% zoom', async () => {
      const screenshot = KEEP_SCREENSHOTS ? join(SCREENSHOTS, `follow-up-${lang}-${state}-320.png`) : undefined;
      const problems = await reflowProblems(page, screenshot ? { screenshot } : {});
      expect(problems, problems.join('\n')).toEqual([]);
    });

    it('the served HTML is valid (html-validate:recommended)', async () => {
      const { status, html } = await servedHtml(lang, state);
      expect(status).toBe(EXPECTED_STATUS[state]);
      const report = await htmlValidate.validateString(html, `${lang}-${state}.html`);
      expect(report.valid, describeReport(report, html)).toBe(true);
    });
  });
});

// ---------------------------------------------------------------- keyboard

describe('keyboard journey over /status (Arabic)', () => {
  const t = translator('ar');

  it('from the prefilled link: Tab to the receipt, type it, Enter, and read the answer', async () => {
    const page = await newPage(browser);
    await page.goto(`${service.url}/status?reference=${answered.reference}`);
    await tabTo(page, byId('reference'), { what: 'the reference' });
    expect(await page.locator('#reference').inputValue()).toBe(groupCode(answered.reference));
    expect((await tab(page)).id).toBe('receipt');
    await page.keyboard.type(groupCode(answered.receipt).toLowerCase());
    const button = await tab(page);
    expect(button.tag).toBe('button');
    expect(button.text).toBe(t('status.submit'));
    await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await textOf(page.locator('h1'))).toBe(t('status.result.title'));
    expect(await page.title()).toBe(`${t('status.result.title')} – ${t('site.name')}`);
    expect(new URL(page.url()).search).toBe(''); // nothing of the codes in the address
    // The rest of the page by keyboard: skip link first, then the header, then the links after the timeline.
    const first = await tab(page);
    expect(first.text).toBe(t('nav.skip'));
    await tabTo(page, (active) => active.text === t('status.another'), { what: 'check other input' });
    await page.context().close();
  });

  it('sent empty: the error summary has focus, its first link leads to the reference field', async () => {
    const page = await newPage(browser);
    await page.goto(`${service.url}/status`);
    await tabTo(page, (active) => active.tag === 'button', { what: 'the button' });
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.title()).toBe(`${t('error.titlePrefix')} ${t('status.title')} – ${t('site.name')}`);
    await expect.poll(async () => (await activeElement(page)).element).toContain('error-summary');
    const link = await tab(page);
    expect(link.text).toBe(t('status.error.reference.required'));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await activeElement(page)).id).toBe('reference');
    await page.context().close();
  });
});

// ---------------------------------------------------------------- virtual screen reader

const END = 'end of document';
let loaded: LoadedPage | undefined;

async function listen(html: string, path: string) {
  loaded = loadPage(html, `${service.url}${path}`);
  await virtual.start({ container: loaded.document.body, window: loaded.window as never });
  return loaded;
}

async function readAll(max = 800): Promise<string[]> {
  for (let i = 0; i < max; i++) {
    if ((await virtual.lastSpokenPhrase()) === END) return virtual.spokenPhraseLog();
    await virtual.next();
  }
  throw new Error('the document did not end');
}

describe('virtual screen reader over /status (Arabic)', () => {
  const t = translator('ar');
  afterEach(async () => {
    await virtual.stop();
    loaded?.restore();
    loaded = undefined;
  });

  it('reads the form: heading, the two code fields with their hints, the button', async () => {
    const html = await (await fetch(`${service.url}/status?reference=${answered.reference}`)).text();
    await listen(html, '/status');
    const log = await readAll();
    expect(log).toContain(`heading, ${t('status.title')}, level 1`);
    // The reference came filled in from the link; the receipt is for the person to type.
    expect(log).toContain(
      `textbox, ${t('status.reference.label')}, ${groupCode(answered.reference)}, ${t('status.reference.hint', { n: 12 })}`,
    );
    expect(log).toContain(`textbox, ${t('status.receipt.label')}, ${t('status.receipt.hint', { n: 16 })}`);
    expect(log).toContain(`button, ${t('status.submit')}`);
  });

  it('after a wrong pair: hears the error summary, follows its link, and hears the field with its error', async () => {
    const response = await fetch(`${service.url}/status`, {
      method: 'POST',
      body: new URLSearchParams({ reference: answered.reference, receipt: WRONG_RECEIPT }),
    });
    const { document, window } = await listen(await response.text(), '/status');
    // site.js focuses the summary after the load event; jsdom runs no page script, so do it.
    document.querySelector<HTMLElement>('.error-summary')!.focus();
    for (let i = 0; i < 100 && (await virtual.lastSpokenPhrase()) !== `link, ${t('status.error.noMatch')}`; i++) {
      await virtual.next();
    }
    // The summary is a region named by its heading, not an alert: it already has focus
    // (docs/accessibility.md, "The error summary").
    const log = await virtual.spokenPhraseLog();
    const region = log.indexOf(`region, ${t('error.summary.title')}`);
    expect(region).toBeGreaterThanOrEqual(0);
    expect(log.slice(region)).toEqual([
      `region, ${t('error.summary.title')}`,
      `heading, ${t('error.summary.title')}, level 2`,
      'list',
      'listitem, level 1, position 1, set size 1',
      `link, ${t('status.error.noMatch')}`,
    ]);
    await virtual.act();
    expect(window.location.hash).toBe('#reference');
    const before = (await virtual.spokenPhraseLog()).length;
    document.getElementById('reference')!.focus(); // what the browser (and site.js) do for a fragment link
    for (let i = 0; i < 50 && (await virtual.spokenPhraseLog()).length <= before; i++) {
      await new Promise((done) => setTimeout(done, 10));
    }
    expect((await virtual.spokenPhraseLog()).slice(before)).toEqual([
      `textbox, ${t('status.reference.label')}, ${groupCode(answered.reference)}, ${t('status.reference.hint', { n: 12 })} ${t('error.titlePrefix')} ${t('status.error.noMatch')}, invalid`,
    ]);
  });
});

// ---------------------------------------------------------------- done when

describe('done when', () => {
  it('anonymous input, followed with the confirmation page’s codes: reached the Special Envoy’s office, was answered, the answer read — in Arabic, with a screen reader, at 320 px', async () => {
    const t = translator('ar');
    const page = await newPage(browser, { viewport: { width: 320, height: 640 } });

    // 1. Send input through the real form, anonymously (no email), by keyboard.
    await page.goto(`${service.url}/`);
    await tabTo(page, byId('addressee-ose'), { what: 'the addressee' });
    await page.keyboard.press('Space');
    await tabTo(page, byId('topic-detainees'), { what: 'the detainees topic' });
    await page.keyboard.press('Space');
    await tabTo(page, byId('message'), { what: 'the message' });
    await page.keyboard.type('نطالب بالكشف عن مصير المعتقلات والمعتقلين.');
    await tabTo(page, (active) => active.tag === 'button' && active.text === t('form.submit'), { what: 'send' });
    await Promise.all([page.waitForURL(/\/sent\//), page.keyboard.press('Enter')]);

    // 2. The codes, as the confirmation page shows them.
    const reference = await textOf(page.locator('[data-reference]'));
    const receipt = await textOf(page.locator('[data-receipt]'));
    expect(reference).toMatch(REFERENCE_FORMAT);
    expect(receipt).toMatch(RECEIPT_FORMAT);
    const statusLink = page.locator('[data-status-link]');
    expect(await statusLink.getAttribute('href')).toBe(`/status?reference=${reference.replaceAll('-', '')}`);

    // 3. Staff route (the workflow does), read and answer it with a public reply.
    await answer(reference.replaceAll('-', ''), REPLY.ar);

    // 4. Later: the link from the confirmation, the receipt typed in, by keyboard.
    await tabTo(page, (active) => active.text === t('status.sentLink'), { what: 'the status link' });
    await Promise.all([page.waitForURL(/\/status\?reference=/), page.keyboard.press('Enter')]);
    await tabTo(page, byId('receipt'), { what: 'the receipt field' });
    await page.keyboard.type(receipt);
    await tab(page);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

    // 5. What a sighted person sees at 320 px: nothing to scroll sideways, the answer on the page.
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    const reflow = await checkReflow(page);
    expect(reflow.scrollWidth).toBeLessThanOrEqual(reflow.clientWidth);
    expect(reflow.cut).toEqual([]);
    const steps = await page.locator('.timeline-step').allInnerTexts();
    expect(steps).toEqual([
      t('status.event.received'),
      t('status.event.sent.ose'),
      t('status.event.review'),
      t('status.event.answered'),
    ]);
    expect(await textOf(page.locator('.status-now strong'))).toBe(t('status.now.answered.title'));
    expect(await textOf(page.locator('[data-reply]'))).toBe(REPLY.ar);
    expect(await textOf(page.locator('.timeline-date').first())).toBe(formatDate('ar', new Date().toISOString()));
    expect((await checkContrast(page)).failures).toEqual([]);
    expect((await runAxe(page)).violations).toEqual([]);
    await keepScreenshot(page, 'follow-up-done-when-ar-320.png');

    // 6. What a screen reader says on that same page.
    await listen(await page.content(), '/status');
    try {
      const log = await readAll();
      const at = (phrase: string) => log.indexOf(phrase);
      expect(at(`heading, ${t('status.result.title')}, level 1`)).toBeGreaterThan(at('main'));
      expect(at(`heading, ${t('status.now.heading')}, level 2`)).toBeGreaterThan(0);
      expect(log).toContain(t('status.now.answered.title'));
      expect(at(`heading, ${t('status.reply.heading')}, level 2`)).toBeGreaterThan(at(t('status.now.answered.title')));
      expect(log).toContain(REPLY.ar);
      expect(at(`heading, ${t('status.history.heading')}, level 2`)).toBeGreaterThan(at(REPLY.ar));
      expect(log).toContain(t('status.event.sent.ose'));
      expect(log).toContain(t('status.event.answered'));
    } finally {
      await virtual.stop();
      loaded?.restore();
      loaded = undefined;
    }
    await page.context().close();
  });

  it('the same in English at 320 and 1280 px', async () => {
    const codes = await sendInput('en');
    await answer(codes.reference, REPLY.en);
    for (const width of [320, 1280]) {
      const page = await newPage(browser, { viewport: { width, height: 800 } });
      await page.goto(`${service.url}/en/status?reference=${codes.reference}`);
      await page.locator('#receipt').fill(codes.receipt);
      await submitForm(page);
      expect(await textOf(page.locator('[data-reply]'))).toBe(REPLY.en);
      await keepScreenshot(page, `follow-up-result-en-${width}.png`);
      await page.context().close();
    }
  });
});
