/**
 * The staff side of a consultation in Chromium, in Arabic, by keyboard alone (issue 14): a
 * facilitator creates a closed consultation, makes participant codes for two named groups,
 * moderates (approves, merges a near-duplicate, does not include one with a reason), closes
 * round 1, carries a point into round 2 reworded, closes round 2, recounts, composes the
 * statement, gives its English wording, publishes and sends it — and it lands in the Special
 * Envoy's inbox once. Every staff page state on the way passes axe-core, html-validate and
 * the Arabic-aware contrast check (axe skips joined Arabic). Participants' part (joining,
 * proposing, voting) is written through the store here: tests/browser/consultations.test.ts
 * drives it by keyboard.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emptyVoteTally,
  loadConfig,
  newPointId,
  normaliseParticipantCode,
  participantCodeHash,
  participantIdFromCode,
  type VoteChoice,
} from '#core';
import { createConsultationStore, createDocumentClient, createStaffStore } from '#store';
import { formatAxe, runAxe } from '../support/axe.ts';
import { describeReport, htmlValidate } from '../support/html-validate.ts';
import { checkContrast } from '../support/in-page.ts';
import { type ActiveElement, byId, tabTo } from '../support/keyboard.ts';
import { launchBrowser, newPage, removeDataDir, type Service, startService } from '../support/service.ts';
import { servedDocuments, signInByForm } from '../support/staff-browser.ts';

const FACILITATOR = 'facilitator@ose.example';
let service: Service;
let browser: Browser;
let client: ReturnType<typeof createDocumentClient>;
let store: ReturnType<typeof createConsultationStore>;

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  const config = loadConfig({});
  client = createDocumentClient({ region: config.region, endpoint: service.dynamodbEndpoint });
  store = createConsultationStore(client, config.tableName);
  await createStaffStore(client, config.tableName).seed(FACILITATOR, 'facilitator');
});

afterAll(async () => {
  client?.destroy();
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

async function checkPage(page: Page, served: string, state: string) {
  expect(await page.locator('html').getAttribute('lang'), state).toBe('ar');
  const violations = await runAxe(page);
  expect(violations, `${state}: ${formatAxe(violations)}`).toEqual([]);
  const report = await htmlValidate.validateString(served);
  expect(report.valid, `${state}: ${describeReport(report, served)}`).toBe(true);
  const contrast = await checkContrast(page);
  expect(contrast.failures, `${state}: ${JSON.stringify(contrast.failures, null, 2)}`).toEqual([]);
}

/** The focused element's tag: the last step of its path ("main#main > p > a.button" → "a"). */
const tagOf = (active: ActiveElement) => active.element.split(' > ').at(-1)?.split(/[.#]/)[0];
const button = (text: string) => (active: ActiveElement) => tagOf(active) === 'button' && active.text.trim() === text;
const link = (text: string) => (active: ActiveElement) => tagOf(active) === 'a' && active.text.trim() === text;

describe('a facilitator runs a consultation by keyboard alone, in Arabic', () => {
  it('creates it, makes codes, moderates, carries into round 2, and sends the statement once', async () => {
    const page = await newPage(browser);
    const documents = servedDocuments(page);
    const states: string[] = [];
    const check = async (state: string) => {
      await checkPage(page, await documents.html(), state);
      states.push(state);
    };
    /** Presses Enter on what has focus and waits for the page it leads to. */
    const enter = () => Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const notice = async () => (await page.locator('[role=status]').first().textContent()) ?? '';
    await signInByForm(page, service, FACILITATOR, 'ar');

    // The list, then the create form.
    await page.goto(`${service.url}/staff/consultations`);
    await check('list');
    await tabTo(page, link('إنشاء مشاورة'), { what: 'the create link' });
    await enter();
    await check('create form');
    await tabTo(page, byId('titleAr'), { what: 'the Arabic title' });
    await page.keyboard.type('مشاورة مجموعة تركيا');
    await tabTo(page, byId('titleEn'), { what: 'the English title' });
    await page.keyboard.type('Turkey group consultation');
    await tabTo(page, byId('addressees-donors'), { what: 'the donors checkbox' });
    await page.keyboard.press('Space'); // the statement goes to the Special Envoy only
    await tabTo(page, byId('theme-detainees'), { what: 'the detainees theme' });
    await page.keyboard.press('Space');
    await tabTo(page, byId('minVoters'), { what: 'the fewest voters', max: 80 });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    await tabTo(page, button('إنشاء مشاورة'), { what: 'the create button', max: 40 });
    await enter();
    expect(await notice()).toContain('أُنشئت المشاورة');
    await check('overview, just created');
    const id = /\/staff\/consultations\/([0-9A-Z]{10})/.exec(page.url())?.[1] ?? '';
    expect(id).toHaveLength(10);

    // Participant codes for two named groups.
    const codes: string[] = [];
    for (const [group, count] of [
      ['مجموعة تركيا ١', '3'],
      ['مجموعة تركيا ٢', '3'],
    ] as const) {
      await page.goto(`${service.url}/staff/consultations/${id}`);
      await tabTo(page, byId('group'), { what: 'the group name' });
      await page.keyboard.type(group);
      await tabTo(page, byId('count'), { what: 'the number of codes' });
      await page.keyboard.type(count);
      await tabTo(page, button('إنشاء الرموز'), { what: 'the make-codes button' });
      await enter();
      expect(await page.locator('h1').textContent()).toContain(group);
      await check(`codes for ${group}`);
      codes.push(...(await page.locator('.participant-codes code').allTextContents()));
    }
    expect(codes).toHaveLength(6);
    await page.goto(`${service.url}/staff/consultations/${id}`);
    expect(await page.locator('main').textContent()).toContain('مجموعة تركيا ٢');

    // Six participants join with their codes and propose four points (through the store).
    const consultation = (await store.get(id))!;
    const people: Awaited<ReturnType<typeof store.join>>['participant'][] = [];
    for (const [i, code] of codes.entries()) {
      const hash = participantCodeHash(normaliseParticipantCode(code));
      const { participant } = await store.join({
        consultationId: id,
        id: participantIdFromCode(hash),
        via: 'code',
        group: (await store.findCode(hash))!.group,
        declaration: { gender: i % 2 ? 'man' : 'woman', location: 'inside' },
        joinedAt: new Date().toISOString(),
      });
      people.push(participant);
    }
    const propose = async (text: string) => {
      const point = {
        id: newPointId(),
        consultationId: id,
        theme: 'detainees',
        round: 1 as const,
        text,
        status: 'pending' as const,
        createdAt: new Date().toISOString(),
        counts: { all: emptyVoteTally(), groups: {} },
        version: 1,
      };
      await store.addPoint(point);
      return point.id;
    };
    const release = await propose('الإفراج الفوري عن جميع المعتقلات والمعتقلين');
    const duplicate = await propose('الافراج الفوري عن جميع المعتقلات و المعتقلين');
    const fate = await propose('كشف مصير المغيبات والمغيبين قسرياً');
    const offTopic = await propose('نقطة لا علاقة لها بالموضوع');
    expect(consultation.themes.map((t) => t.id)).toEqual(['detainees']);

    // Moderate: approve, merge the near-duplicate the page proposes, approve, and not include one.
    await page.goto(`${service.url}/staff/consultations/${id}/moderate`);
    await check('moderate, four waiting');
    await tabTo(page, button('القبول كما هي'), { what: 'approve on the first point' });
    await enter();
    expect(await notice()).toContain('قُبلت النقطة');
    await check('moderate, a merge proposed');
    await tabTo(page, button('الدمج في النقطة المقبولة'), { what: 'the proposed merge' });
    await enter();
    expect(await notice()).toContain('دُمجت النقطتان');
    await tabTo(page, button('القبول كما هي'), { what: 'approve on the next point' });
    await enter();
    await tabTo(page, byId(`reason-${offTopic}`), { what: 'the reason field' });
    await page.keyboard.type('النقطة خارج موضوع المشاورة.');
    await tabTo(page, button('عدم الإدراج'), { what: 'the do-not-include button' });
    await enter();
    expect(await notice()).toContain('لم تُدرج النقطة');
    await check('moderate, none waiting');
    expect((await store.getPoint(id, duplicate))?.mergedInto).toBe(release);
    expect((await store.getPoint(id, offTopic))?.status).toBe('rejected');

    // Round 1 votes: everyone agrees on the release; the fate of the disappeared splits the men.
    const vote = async (pointId: string, choices: VoteChoice[]) => {
      for (const [i, choice] of choices.entries()) await store.vote(people[i]!, pointId, choice);
    };
    await vote(release, ['agree', 'agree', 'agree', 'agree', 'agree', 'agree']);
    await vote(fate, ['agree', 'disagree', 'agree', 'disagree', 'agree', 'agree']);

    // Close round 1 from the overview.
    await page.goto(`${service.url}/staff/consultations/${id}`);
    await check('overview, round 1 open');
    await tabTo(page, button('إغلاق الجولة ١ الآن'), { what: 'close round 1' });
    await enter();
    expect(await notice()).toContain('أُغلقت الجولة الأولى');

    // Round 2: carry the point without consensus, reworded.
    await tabTo(page, link('الجولة الثانية'), { what: 'the round 2 link' });
    await enter();
    await check('round 2, a point to carry');
    await tabTo(page, byId(`reword-${fate}`), { what: 'the round 2 wording' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('الكشف عن مصير جميع المغيبات والمغيبين قسرياً');
    await tabTo(page, button('النقل إلى الجولة الثانية'), { what: 'the carry button' });
    await enter();
    expect(await notice()).toContain('أصبحت النقطة في الجولة الثانية');
    await check('round 2, carried');
    const carried = (await store.getPoint(id, fate))!.carriedTo!;
    await vote(carried, ['agree', 'agree', 'agree', 'agree', 'agree', 'pass']);

    await page.goto(`${service.url}/staff/consultations/${id}`);
    await check('overview, round 2 open');
    await tabTo(page, button('إغلاق الجولة ٢ الآن'), { what: 'close round 2' });
    await enter();
    expect(await notice()).toContain('أُغلقت الجولة الثانية');

    // Results, and a recount.
    await tabTo(page, link('النتائج'), { what: 'the results link' });
    await enter();
    await check('results');
    await tabTo(page, button('إعادة عدّ الأصوات'), { what: 'the recount button' });
    await enter();
    expect(await notice()).toContain('أُعيد عدّ الأصوات');
    await check('results, recounted');

    // The statement: compose, give the English wording, publish and send.
    await tabTo(page, link('البيانات'), { what: 'the statements link' });
    await enter();
    await check('statements, none composed');
    await tabTo(page, button('إنشاء البيان'), { what: 'the compose button' });
    await enter();
    expect(await notice()).toContain('أُنشئ البيان');
    await check('statements, a draft with wording missing');
    const english = ['Immediate release of all detainees', 'Reveal the fate of all the forcibly disappeared'];
    for (const [index, text] of english.entries()) {
      await tabTo(page, byId(`wording-ose-en-${index}`), { what: `the English wording of point ${index + 1}` });
      await page.keyboard.type(text);
    }
    await tabTo(page, button('حفظ الصياغة'), { what: 'the save-wording button' });
    await enter();
    expect(await notice()).toContain('حُفظت الصياغة');
    await check('statements, worded');
    await tabTo(page, button('النشر والإرسال'), { what: 'the publish button' });
    await enter();
    expect(await notice()).toContain('نُشر البيان');
    await check('statements, published');

    // It lands in the Special Envoy's inbox once, in Arabic and English.
    let statementMails: { to: string[]; subject: string; text: string }[] = [];
    for (let attempt = 0; attempt < 100 && statementMails.length === 0; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const mails = (await (await fetch(`${service.url}/dev/mail.json`)).json()) as typeof statementMails;
      statementMails = mails.filter((mail) => mail.subject.startsWith('بيان إلى'));
    }
    expect(statementMails).toHaveLength(1);
    expect(statementMails[0]?.to).toEqual(['ose-inbox@ose.example']);
    expect(statementMails[0]?.text).toContain('الإفراج الفوري عن جميع المعتقلات والمعتقلين');
    expect(statementMails[0]?.text).toContain('Reveal the fate of all the forcibly disappeared');
    // Every page state on the way was checked, each once.
    expect(states).toHaveLength(18);
    expect(new Set(states).size).toBe(states.length);
    await page.context().close();
  }, 240_000);
});
