/**
 * A brief for decision makers (issue 16), end to end in Chromium on the real local service:
 * an admin composes an Arabic brief by keyboard alone (period, addressee, topics, two quotes
 * from people who agreed to be quoted, one refused because its author did not), saves,
 * publishes and sends it through the brief workflow; the OSE inbox gets exactly one email
 * however often it is sent; the .docx reads back (mammoth) with its figures and quotes and
 * right-to-left paragraphs and tables; the printed PDF is A4, right to left, in order.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCode, previousMonth, type SubmissionRecord, translator } from '#core';
import { type ActiveElement, byId, fieldValue, tabTo } from '../support/keyboard.ts';
import { launchBrowser, newPage, removeDataDir, type Service, startService } from '../support/service.ts';
import { STAFF, serviceStore, signInLink } from '../support/staff-browser.ts';

const t = translator('ar');
const OSE_INBOX = 'ose-inbox@ose.example';
const month = previousMonth(new Date());
const at = (day: number) => `${month}-${String(day).padStart(2, '0')}T10:00:00.000Z`;

const QUOTE_ONE = 'المدارس في منطقتنا بلا تدفئة، والأطفال يدرسون بمعاطفهم.';
const QUOTE_TWO_SOURCE =
  'نطالب بمعرفة مصير المعتقلين. غاب أخي منذ سنوات طويلة ولا نعرف عنه شيئًا. على المبعوث أن يضع هذا الملف أولًا.';
const QUOTE_TWO = 'نطالب بمعرفة مصير المعتقلين. … على المبعوث أن يضع هذا الملف أولًا.';
const REFUSED = 'لا أريد أن يُقتبس كلامي لكن المدارس تحتاج إلى دعم.';

let service: Service;
let browser: Browser;
let page: Page;
let seeded: { one: SubmissionRecord; two: SubmissionRecord; refused: SubmissionRecord };
let workDir: string;

const EDUCATION = [
  'المدارس في درعا تحتاج إلى معلمين بأجور عادلة.',
  'أطفال المخيمات لا يجدون كتباً ولا مقاعد للدراسة.',
  'نطالب بالاعتراف بالشهادات الصادرة في الشمال.',
  'الجامعة بعيدة والطريق إليها غير آمن للطالبات.',
  'مبنى المدرسة تضرر في القصف ولم يُرمّم بعد.',
  'نريد مناهج تعلّم السلام وتحترم كل المكونات.',
  'الأسر الفقيرة تسحب أبناءها من الصفوف للعمل.',
  'لا توجد روضة أطفال في قريتنا منذ سنوات.',
];
const DETAINEES = [
  'أخي مفقود منذ ٢٠١٣ ولا نعرف أين هو.',
  'نطالب بفتح السجون أمام المراقبين الدوليين.',
  'عائلات المعتقلين تدفع رشاوى للحصول على أي خبر.',
  'يجب الإفراج عن النساء المحتجزات فوراً.',
  'نريد قائمة رسمية بأسماء من ماتوا في الاحتجاز.',
  'المحاكم الاستثنائية تصدر أحكاماً دون محامين.',
];

beforeAll(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  workDir = mkdtempSync(join(tmpdir(), 'mashura-brief-'));
  const { seed, close } = serviceStore(service);
  const routed = { routeTo: ['ose' as const] };
  seeded = {
    one: await seed(
      { createdAt: at(3), topics: ['education'], message: QUOTE_ONE, quoteConsent: true, gender: 'woman' },
      routed,
    ),
    two: await seed(
      { createdAt: at(4), topics: ['detainees'], message: QUOTE_TWO_SOURCE, quoteConsent: true, gender: 'man' },
      routed,
    ),
    refused: await seed({ createdAt: at(5), topics: ['education'], message: REFUSED }, routed),
  };
  // Enough input for figures that show: 8 more on education, 6 on detainees, some answered.
  // Each in its own words: near-identical messages are one voice in a brief (one group).
  for (const [i, message] of EDUCATION.entries())
    await seed(
      { createdAt: at(6 + i), topics: ['education'], region: 'syria-south', status: 'answered', message },
      routed,
    );
  for (const [i, message] of DETAINEES.entries())
    await seed({ createdAt: at(6 + i), topics: ['detainees'], region: 'turkey', message }, routed);
  close();
  page = await newPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const button = (text: string) => (active: ActiveElement) => active.tag === 'button' && active.text === text;
const link = (text: string) => (active: ActiveElement) => active.tag === 'a' && active.text === text;

async function pressAndWait(key: string) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

async function typeInto(id: string, text: string) {
  await tabTo(page, byId(id), { what: `#${id}`, max: 120 });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  if (text) await page.keyboard.type(text);
}

async function chooseByKeyboard(id: string, value: string) {
  await tabTo(page, byId(id), { what: `#${id}`, max: 120 });
  for (let presses = 0; presses < 25 && (await fieldValue(page, `#${id}`)) !== value; presses++) {
    await page.keyboard.press('ArrowDown');
  }
  expect(await fieldValue(page, `#${id}`)).toBe(value);
}

async function mailsTo(address: string) {
  const mails = (await (await fetch(`${service.url}/dev/mail.json`)).json()) as {
    to: string[];
    subject: string;
    text: string;
  }[];
  return mails.filter((mail) => mail.to.includes(address));
}

async function waitForMail(address: string, count: number) {
  for (let i = 0; i < 100; i++) {
    if ((await mailsTo(address)).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let briefPath = '';

describe('an Arabic brief, by keyboard alone', { timeout: 180_000 }, () => {
  it('signs in as an admin and opens a new brief from the staff navigation', async () => {
    await page.goto(`${service.url}/staff`);
    await tabTo(page, byId('email'));
    await page.keyboard.type(STAFF.admin);
    await pressAndWait('Enter');
    await page.goto(await signInLink(service, STAFF.admin));
    await tabTo(page, button(t('staff.signIn.confirm.submit')));
    await pressAndWait('Enter');
    await tabTo(page, link(t('briefs.nav')), { what: 'the briefs link' });
    await pressAndWait('Enter');
    expect(await page.locator('h1').textContent()).toBe(t('briefs.list.title'));
    await tabTo(page, link(t('briefs.list.new')));
    await pressAndWait('Enter');
    expect(await page.locator('h1').textContent()).toBe(t('briefs.form.newTitle'));
  });

  it('refuses a quote from someone who did not consent, and asks to confirm a passage with a detail', async () => {
    await typeInto('periodStart', month);
    await typeInto('periodEnd', month);
    await tabTo(page, byId('addressee-ose'));
    await page.keyboard.press('Space');
    await tabTo(page, byId('topic-detainees'));
    await page.keyboard.press('Space');
    await tabTo(page, byId('topic-education'));
    await page.keyboard.press('Space');
    await typeInto('introAr', 'ما كتبه الناس هذا الشهر عن التعليم والمعتقلين.');
    await typeInto('introEn', 'What people wrote this month about education and detainees.');
    await typeInto('flagWords', 'بمعاطفهم');
    await typeInto('quote1Reference', groupCode(seeded.one.reference));
    await chooseByKeyboard('quote1Topic', 'education');
    await typeInto('quote1Text', QUOTE_ONE);
    await typeInto('quote2Reference', seeded.two.reference);
    await chooseByKeyboard('quote2Topic', 'detainees');
    await typeInto('quote2Text', QUOTE_TWO);
    await typeInto('quote3Reference', seeded.refused.reference);
    await chooseByKeyboard('quote3Topic', 'education');
    await typeInto('quote3Text', 'المدارس تحتاج إلى دعم.');
    await tabTo(page, button(t('briefs.form.save')), { max: 120 });
    await pressAndWait('Enter');

    expect(await page.title()).toMatch(new RegExp(`^${t('error.titlePrefix')}`));
    const summary = await page.locator('.error-summary').textContent();
    expect(summary).toContain(t('briefs.error.quote.consent'));
    expect(summary).toContain(t('briefs.error.quote.confirm'));
    // The flagged word is named in the warning beside the passage that holds it.
    expect(await page.locator('#quote1-warning').textContent()).toContain('بمعاطفهم');
    // Nothing was saved: the list holds only what the monthly schedule may have drafted.
    const list = await page.context().newPage();
    await list.goto(`${service.url}/staff/briefs`);
    expect(await list.locator('[data-brief]').count()).toBe(await list.locator('[data-brief^="monthly-"]').count());
    await list.close();
  });

  it('saves once the refused quote is removed and the flagged passage confirmed', async () => {
    await typeInto('quote3Reference', '');
    await typeInto('quote3Text', '');
    await tabTo(page, byId('quote1Confirm'), { max: 120 });
    await page.keyboard.press('Space');
    await tabTo(page, button(t('briefs.form.save')), { max: 120 });
    await pressAndWait('Enter');
    expect(await page.locator('[role=status]').textContent()).toContain(t('briefs.done.saved'));
    briefPath = new URL(page.url()).pathname;
    const quotes = await page.locator('blockquote').allTextContents();
    expect(quotes).toEqual([QUOTE_TWO, QUOTE_ONE].map((q) => q.replace(/ ?… ?/, ' … ')));
    expect(
      await page.locator('[data-quote]').evaluateAll((els) => els.map((e) => e.getAttribute('data-quote'))),
    ).not.toContain(seeded.refused.reference);
    // Figures: 17 people on these two topics; education 10, detainees 7; one table per topic/region/outcome/gender.
    expect(await page.locator('[data-total]').textContent()).toContain('١٧');
    expect(await page.locator('table caption').allTextContents()).toEqual([
      t('briefs.table.topics'),
      t('briefs.table.region'),
      t('briefs.table.outcomes'),
      t('briefs.table.gender'),
      t('briefs.table.disability'),
      t('briefs.table.topicByGender'),
    ]);
  });

  it('publishes and sends it: the OSE inbox gets exactly one email, however often it is sent', async () => {
    await tabTo(page, button(t('briefs.publish.button')), { max: 120 });
    await pressAndWait('Enter');
    expect(await page.locator('[role=status]').textContent()).toContain(t('briefs.done.published'));
    const before = (await mailsTo(OSE_INBOX)).length;
    await tabTo(page, button(t('briefs.send.button')), { max: 120 });
    await pressAndWait('Enter');
    expect(await page.locator('[role=status]').textContent()).toContain(t('briefs.done.sent'));
    await waitForMail(OSE_INBOX, before + 1);

    // A second send of the same version (a double post, a retry) sends nothing more.
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    const again = await page.request.post(`${service.url}${briefPath}/send`, {
      form: { csrf, version: '1' },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(303);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const mails = (await mailsTo(OSE_INBOX)).slice(0, (await mailsTo(OSE_INBOX)).length - before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(t('briefs.mail.subject', { from: month, to: month }).slice(0, 10));
    expect(mails[0]!.text).toContain(`/staff/briefs/${briefPath.split('/').pop()}/versions/1`);
    // The audit trail names the send request and the email.
    await page.reload();
    const history = await page.locator('#brief-history ~ ul').last().textContent();
    expect(history).toContain(t('briefs.audit.send-requested', { n: 1 }));
    expect(history).toContain(t('briefs.audit.sent', { n: 1 }));
  });

  it('exports a .docx that reads back with the figures and quotes, right to left', async () => {
    const response = await page.request.get(`${service.url}${briefPath}/versions/1/brief.docx`);
    expect(response.status()).toBe(200);
    const file = Buffer.from(await response.body());
    const { value: text } = await mammoth.extractRawText({ buffer: file });
    expect(text).toContain(t('briefs.heading', { period: '' }).trim().replace(/:$/, ''));
    expect(text).toContain(QUOTE_ONE);
    expect(text).toContain(QUOTE_TWO.replace(/ ?… ?/, ' … '));
    expect(text).toContain(t('briefs.table.topics'));
    expect(text).toContain('١٧');
    // Every message in its own words: no group counted once, and the .docx says so as the page does.
    expect(text).toContain(t('briefs.duplicatesNone'));
    const { value: html } = await mammoth.convertToHtml({ buffer: file });
    expect(html).toContain('<table>');
    const path = join(workDir, 'brief.docx');
    writeFileSync(path, file);
    const xml = execFileSync('unzip', ['-p', path, 'word/document.xml']).toString();
    expect(xml).toContain('<w:bidi/>');
    expect(xml).toContain('<w:rtl/>');
    expect(xml).toContain('<w:bidiVisual/>');
    await page.reload();
    expect(await page.locator('#brief-history ~ ul').last().textContent()).toContain(
      t('briefs.audit.exported', { n: 1 }),
    );
  });

  it('prints to a right-to-left A4 PDF whose text comes out in reading order', async () => {
    await tabTo(page, link(t('briefs.print')), { max: 120 });
    await pressAndWait('Enter');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const path = join(workDir, 'brief.pdf');
    writeFileSync(path, pdf);
    // pdftotext wraps right-to-left lines in bidi embedding marks; the words inside are in
    // reading order. (It also writes lam-alef ligatures back in an order of its own, so the
    // needles below avoid them.)
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'])
      .toString()
      .replace(/[\u202A-\u202E]/g, '');
    // Nothing of the staff pages' chrome or forms in print.
    expect(text).not.toContain(t('staff.signOut'));
    expect(text).not.toContain(t('briefs.send.button'));
    const needles = [
      t('briefs.introHeading'),
      'ما كتبه الناس هذا الشهر',
      'من كتبوا',
      'حسب الموضوع والجنس',
      'نطالب بمعرفة مصير المعتقلين',
      'المدارس في منطقتنا',
    ];
    const order = needles.map((needle) => text.indexOf(needle));
    expect(
      order.every((index) => index >= 0),
      `${JSON.stringify(Object.fromEntries(needles.map((n, i) => [n, order[i]])))}\n${text}`,
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // Right to left: the title's words sit against the right margin of an A4 page.
    const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-']).toString();
    const pageSize = /<page width="([\d.]+)" height="([\d.]+)"/.exec(bbox)!;
    // A4 is 595.3 × 841.9 points; Chromium rounds the page to whole CSS pixels.
    expect(Math.abs(Number(pageSize[1]) - 595.3)).toBeLessThan(2);
    expect(Math.abs(Number(pageSize[2]) - 841.9)).toBeLessThan(2);
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
    }));
    const titleLine = words.filter((word) => Math.abs(word.yMin - words[0]!.yMin) < 1);
    const width = Number(pageSize[1]);
    expect(Math.max(...titleLine.map((word) => word.xMax))).toBeGreaterThan(width * 0.85);
    expect(Math.min(...titleLine.map((word) => word.xMin))).toBeGreaterThan(width * 0.4);
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
