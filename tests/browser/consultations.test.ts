/**
 * Consultations in Chromium (issue 14): every participant and staff page state in Arabic and
 * English passes axe-core, html-validate and our Arabic-aware contrast check; a participant
 * joins and votes in Arabic by keyboard alone; voting works with JavaScript switched off.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Consultation,
  DEFAULT_RULES,
  loadConfig,
  newConsultationId,
  newParticipantCode,
  newParticipantId,
  newPointId,
  normaliseParticipantCode,
  type Point,
  participantCodeHash,
} from '#core';
import { createConsultationStore, createDocumentClient } from '#store';
import { formatAxe, runAxe } from '../support/axe.ts';
import { engineFindings, formatFindings } from '../support/engines.ts';
import { describeReport, htmlValidate } from '../support/html-validate.ts';
import { checkContrast } from '../support/in-page.ts';
import { byId, isChecked, tabTo } from '../support/keyboard.ts';
import {
  forgetVisit,
  LANGUAGES,
  type Lang,
  launchBrowser,
  newPage,
  prefix,
  removeDataDir,
  type Service,
  startService,
} from '../support/service.ts';
import { STAFF, servedDocuments, signInByForm, staffPrefix } from '../support/staff-browser.ts';

let service: Service;
let browser: Browser;
let open: Consultation;
let finished: Consultation;
const codes: string[] = [];
const pointIds: string[] = [];

function consultation(schedule: Consultation['schedule']): Consultation {
  return {
    id: newConsultationId(),
    title: { ar: 'مشاورة مجموعة تركيا ١', en: 'Turkey group 1 consultation' },
    description: { ar: 'أولويات المجتمع المدني السوري.', en: 'Priorities of Syrian civil society.' },
    themes: [
      { id: 'detainees', label: { ar: 'المعتقلات والمعتقلون', en: 'Detainees' }, addressee: 'ose' },
      {
        id: 'cssr-ownership',
        label: { ar: 'الملكية السورية للغرفة', en: 'Syrian ownership of the room' },
        addressee: 'donors',
      },
    ],
    addressees: ['ose', 'donors'],
    schedule,
    access: 'closed',
    rules: { ...DEFAULT_RULES, minVoters: 4, groupBy: ['gender', 'location'] },
    codeBatches: [],
    createdAt: new Date().toISOString(),
    createdBy: STAFF.admin,
    version: 1,
  };
}

const point = (c: Consultation, theme: string, text: string, status: Point['status'] = 'approved'): Point => ({
  id: newPointId(),
  consultationId: c.id,
  theme,
  round: 1,
  text,
  status,
  createdAt: new Date().toISOString(),
  counts: { all: { agree: 0, disagree: 0, pass: 0 }, groups: {} },
  version: 1,
});

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  const config = loadConfig({});
  const client = createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint });
  const store = createConsultationStore(client, config.tableName);
  open = consultation({
    opensAt: '2020-01-01T00:00:00.000Z',
    round1ClosesAt: '2099-01-01T00:00:00.000Z',
    round2ClosesAt: '2099-02-01T00:00:00.000Z',
  });
  await store.create(open);
  for (let i = 0; i < 8; i++) codes.push(newParticipantCode());
  await store.addCodes(
    open.id,
    'مجموعة تركيا ١',
    codes.map((c) => participantCodeHash(normaliseParticipantCode(c))),
    'now',
  );
  for (const p of [
    point(open, 'detainees', 'الإفراج الفوري عن جميع المعتقلات والمعتقلين'),
    point(open, 'cssr-ownership', 'ملكية سورية لغرفة دعم المجتمع المدني'),
  ]) {
    await store.addPoint(p);
    pointIds.push(p.id);
  }
  await store.addPoint(point(open, 'detainees', 'نقطة بانتظار المراجعة', 'pending'));

  // A finished consultation: votes from six people, results and a published statement.
  finished = consultation({
    opensAt: '2020-01-01T00:00:00.000Z',
    round1ClosesAt: '2020-01-05T00:00:00.000Z',
    round2ClosesAt: '2020-01-08T00:00:00.000Z',
  });
  await store.create(finished);
  const agreed = point(finished, 'detainees', 'الكشف عن مصير المغيبات والمغيبين قسرياً');
  const split = point(finished, 'cssr-ownership', 'شفافية الحوكمة');
  await store.addPoint(agreed);
  await store.addPoint(split);
  for (let i = 0; i < 6; i++) {
    const { participant } = await store.join({
      consultationId: finished.id,
      id: newParticipantId(),
      via: 'open',
      declaration: { gender: i % 2 ? 'man' : 'woman', location: i < 5 ? 'inside' : 'outside' },
      joinedAt: 'x',
    });
    await store.vote(participant, agreed.id, 'agree');
    await store.vote(participant, split.id, i < 3 ? 'agree' : 'disagree');
  }
  const points = await store.listPoints(finished.id);
  const { composeStatement } = await import('#core');
  await store.saveDraft({
    consultationId: finished.id,
    addressee: 'ose',
    status: 'draft',
    sections: composeStatement(finished, points, 'ose'),
    composedAt: new Date().toISOString(),
    composedBy: STAFF.admin,
    sendAttempt: 0,
    version: 1,
  });
  await store.publish(finished.id, 'ose', 1, new Date().toISOString());
  client.destroy();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

const pre = (lang: Lang) => prefix(lang);
type Step = (page: Page, lang: Lang) => Promise<void>;
const submit = (page: Page, selector: string) =>
  Promise.all([
    page.waitForNavigation(),
    page
      .locator(selector)
      .first()
      .evaluate((f: HTMLFormElement) => f.requestSubmit()),
  ]);
let nextCode = 0;
const join: Step = async (page, lang) => {
  await page.goto(`${service.url}${pre(lang)}/consultations/${open.id}`);
  await page.locator('#code').fill(codes[nextCode++]!);
  await submit(page, 'form[action$="/join"]');
};

const PARTICIPANT: Record<string, Step> = {
  'join form': async (page, lang) => void (await page.goto(`${service.url}${pre(lang)}/consultations/${open.id}`)),
  'join with a wrong code': async (page, lang) => {
    await page.goto(`${service.url}${pre(lang)}/consultations/${open.id}`);
    await page.locator('#code').fill('AAAA-BBBB-CCCC');
    await submit(page, 'form[action$="/join"]');
  },
  'joined overview': join,
  vote: async (page, lang) => {
    await join(page, lang);
    await page.goto(`${service.url}${pre(lang)}/consultations/${open.id}/vote`);
  },
  'propose with an error': async (page, lang) => {
    await join(page, lang);
    await page.goto(`${service.url}${pre(lang)}/consultations/${open.id}/propose`);
    await submit(page, 'form[action$="/propose"]');
  },
  'your points': async (page, lang) => {
    await join(page, lang);
    await page.goto(`${service.url}${pre(lang)}/consultations/${open.id}/mine`);
  },
  'results and statements': async (page, lang) =>
    void (await page.goto(`${service.url}${pre(lang)}/consultations/${finished.id}/results`)),
};

const STAFF_STATES: Record<string, Step> = {
  list: async (page, lang) => void (await page.goto(`${service.url}${staffPrefix(lang)}/consultations`)),
  'create form': async (page, lang) => void (await page.goto(`${service.url}${staffPrefix(lang)}/consultations/new`)),
  'create with errors': async (page, lang) => {
    await page.goto(`${service.url}${staffPrefix(lang)}/consultations/new`);
    await page.locator('#titleAr').fill('');
    await submit(page, 'main form');
  },
  overview: async (page, lang) => void (await page.goto(`${service.url}${staffPrefix(lang)}/consultations/${open.id}`)),
  'codes made': async (page, lang) => {
    await page.goto(`${service.url}${staffPrefix(lang)}/consultations/${open.id}`);
    await page.locator('#group').fill('مجموعة تركيا ٢');
    await page.locator('#count').fill('3');
    await submit(page, 'form[action$="/codes"]');
  },
  moderate: async (page, lang) =>
    void (await page.goto(`${service.url}${staffPrefix(lang)}/consultations/${open.id}/moderate`)),
  'round 2': async (page, lang) =>
    void (await page.goto(`${service.url}${staffPrefix(lang)}/consultations/${finished.id}/round2`)),
  results: async (page, lang) =>
    void (await page.goto(`${service.url}${staffPrefix(lang)}/consultations/${finished.id}/results`)),
  statements: async (page, lang) =>
    void (await page.goto(`${service.url}${staffPrefix(lang)}/consultations/${finished.id}/statements`)),
};

async function checkPage(page: Page, served: string, lang: Lang) {
  expect(await page.locator('html').getAttribute('lang')).toBe(lang);
  const violations = await runAxe(page);
  expect(violations, formatAxe(violations)).toEqual([]);
  const { findings } = await engineFindings(page);
  expect(findings, formatFindings(findings)).toEqual([]);
  const report = await htmlValidate.validateString(served);
  expect(report.valid, describeReport(report, served)).toBe(true);
  const contrast = await checkContrast(page);
  expect(contrast.failures, JSON.stringify(contrast.failures, null, 2)).toEqual([]);
  const text = await page.evaluate(() => `${document.title}\n${document.body.textContent}`);
  expect(text.match(/\{[A-Za-z]\w*\}/g) ?? []).toEqual([]);
}

// One page per language for the participant states and one signed-in page for the staff
// states, each brought to every state in turn: the engines then compile once per renderer
// instead of once per state (a fresh page per state cost this file about a second each).
describe.each(LANGUAGES)('%s', (lang) => {
  describe('participant', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage(browser);
    });
    afterAll(() => page?.context().close());

    it.each(Object.keys(PARTICIPANT))(
      'participant page "%s" passes axe, IBM, HTML_CodeSniffer, html-validate and contrast',
      async (state) => {
        // Each state starts as a first visit: no participant session, nothing stored.
        await forgetVisit(page);
        const documents = servedDocuments(page);
        await PARTICIPANT[state]!(page, lang);
        await checkPage(page, await documents.html(), lang);
      },
    );
  });

  describe('staff', () => {
    let staffPage: Page;
    beforeAll(async () => {
      staffPage = await newPage(browser);
      await signInByForm(staffPage, service, STAFF.admin, lang);
    });
    afterAll(() => staffPage?.context().close());

    it.each(Object.keys(STAFF_STATES))(
      'staff page "%s" passes axe, IBM, HTML_CodeSniffer, html-validate and contrast',
      async (state) => {
        const documents = servedDocuments(staffPage);
        await STAFF_STATES[state]!(staffPage, lang);
        await checkPage(staffPage, await documents.html(), lang);
      },
    );
  });
});

describe('by keyboard alone, in Arabic', () => {
  it('joins with a code, declares a group, and votes on both points', async () => {
    const page = await newPage(browser);
    await page.goto(`${service.url}/consultations/${open.id}`);
    await tabTo(page, byId('code'), { what: 'the code field' });
    await page.keyboard.type(codes[7]!);
    await tabTo(page, byId('gender-woman'), { what: 'the first gender radio' });
    await page.keyboard.press('Space');
    await tabTo(page, byId('location-inside'), { what: 'the first location radio' });
    await page.keyboard.press('Space');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('[role=status]').textContent()).toContain('تمّت المشاركة');

    await tabTo(page, (a) => a.text === 'التصويت على النقاط', { what: 'the vote link' });
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('#progress').textContent()).toContain('٠ من أصل نقطتين');
    await tabTo(page, byId(`vote-${pointIds[0]}-agree`), { what: 'the first point' });
    await page.keyboard.press('Space');
    await tabTo(page, byId(`vote-${pointIds[1]}-agree`), { what: 'the second point' });
    // Arrow keys move within a radio group: agree → disagree.
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowLeft');
    expect(await isChecked(page, `#vote-${pointIds[1]}-disagree`)).toBe(true);
    await tabTo(page, (a) => a.text === 'حفظ الأصوات', { what: 'the save button' });
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('main').textContent()).toContain('تمّ التصويت على ٢ من أصل نقطتين');
    await page.goto(`${service.url}/consultations/${open.id}/vote`);
    expect(await isChecked(page, `#vote-${pointIds[0]}-agree`)).toBe(true);
    expect(await isChecked(page, `#vote-${pointIds[1]}-disagree`)).toBe(true);
    await page.context().close();
  });
});

describe('without JavaScript', () => {
  it('joins and votes with plain form posts', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${service.url}/en/consultations/${open.id}`);
    await page.locator('#code').fill(codes[6]!);
    await Promise.all([page.waitForNavigation(), page.locator('form[action$="/join"] button').click()]);
    await page.goto(`${service.url}/en/consultations/${open.id}/vote`);
    await page.locator(`#vote-${pointIds[0]}-pass`).check();
    await Promise.all([page.waitForNavigation(), page.locator('main form button').click()]);
    expect(await page.locator('main').textContent()).toContain('You have voted on 1 of 2 points.');
    await page.context().close();
  });
});
