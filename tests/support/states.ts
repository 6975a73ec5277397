/**
 * Every state a public page can be in, reachable in the browser and as served HTML.
 *
 * The accessibility suite walks all of them in both languages; the journeys suite covers
 * how a person gets there by keyboard. Here, getting there uses form submission from
 * script (no mouse, so no :hover styles leak into what is measured).
 */
import type { Page } from 'playwright-core';
import { fetchLocal, formPath, hiddenFieldsOf, type Lang, prefix, type Service, validFields } from './service.ts';

export const STATES = [
  'form',
  'form-details-open',
  'errors',
  'errors-with-values',
  'sent',
  'sent-revisited',
  'privacy',
  'not-found',
  'too-large',
] as const;
export type State = (typeof STATES)[number];

/** What each state is, for test names and the accessibility statement. */
export const STATE_DESCRIPTIONS: Record<State, string> = {
  form: 'the empty form',
  'form-details-open': 'the form with "what happens to your input" expanded',
  errors: 'the form sent empty: error summary, every required field in error',
  'errors-with-values': 'errors with values kept: over-long text (count over the limit), invalid email',
  sent: 'the confirmation right after sending (reference and receipt code)',
  'sent-revisited': 'the confirmation opened again later (receipt code no longer shown)',
  privacy: 'the privacy notice',
  'not-found': 'the 404 page',
  'too-large': 'the page for a post over the size limit (413)',
};

/** States with HTML of their own on the server ('form-details-open' is the form's HTML, opened in the browser). */
export const SERVED_STATES = STATES.filter((state) => state !== 'form-details-open');

const LONG_MESSAGE = 'م'.repeat(5003);
/** Over the 64 KB body limit of web/public/app.tsx even before URL encoding. */
const HUGE_MESSAGE = 'x'.repeat(70 * 1024);

async function submitForm(page: Page): Promise<void> {
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form[method=post]').evaluate((form: HTMLFormElement) => form.submit()),
  ]);
}

/** Brings `page` to `state` in `lang` on the running service. */
export async function gotoState(page: Page, service: Service, lang: Lang, state: State): Promise<void> {
  const form = `${service.url}${formPath(lang)}`;
  switch (state) {
    case 'form':
      await page.goto(form);
      return;
    case 'form-details-open':
      await page.goto(form);
      await page.locator('details').evaluate((details: HTMLDetailsElement) => {
        details.open = true;
      });
      return;
    case 'errors':
      await page.goto(form);
      await submitForm(page);
      return;
    case 'errors-with-values':
      await page.goto(form);
      await page.locator('#message').fill(LONG_MESSAGE);
      await page.locator('#email').fill('not an email');
      await page.locator('#organisation').fill('منظمة المثال');
      await submitForm(page);
      return;
    case 'sent':
    case 'sent-revisited':
      await page.goto(form);
      await page.locator('#addressee-ose').check();
      await page.locator('#topic-detainees').check();
      await page.locator('#message').fill(validFields(lang, { formToken: 'unused' }).message!);
      await submitForm(page);
      if (!/\/sent\//.test(page.url())) throw new Error(`not on the confirmation: ${page.url()}`);
      if (state === 'sent-revisited') {
        await page.context().clearCookies();
        await page.reload();
      }
      return;
    case 'privacy':
      await page.goto(`${service.url}${prefix(lang)}/privacy`);
      return;
    case 'not-found':
      await page.goto(`${service.url}${prefix(lang)}/no-such-page`);
      return;
    case 'too-large':
      await page.goto(form);
      await page.locator('#message').fill(HUGE_MESSAGE);
      await submitForm(page);
      return;
  }
}

export interface Served {
  status: number;
  html: string;
}

async function text(response: Response): Promise<Served> {
  return { status: response.status, html: await response.text() };
}

/** The HTML the server sends for `state`, fetched without a browser (what html-validate reads). */
export async function servedHtml(service: Service, lang: Lang, state: State): Promise<Served> {
  const form = `${service.url}${formPath(lang)}`;
  const post = (fields: Record<string, string>, cookie?: string) =>
    fetchLocal(form, {
      method: 'POST',
      body: new URLSearchParams(fields),
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
  switch (state) {
    case 'form':
    case 'form-details-open':
      return text(await fetchLocal(form));
    case 'errors':
    case 'errors-with-values': {
      const hidden = hiddenFieldsOf(await (await fetchLocal(form)).text());
      const fields: Record<string, string> =
        state === 'errors'
          ? hidden
          : { ...hidden, message: LONG_MESSAGE, email: 'not an email', organisation: 'منظمة المثال' };
      return text(await post(fields));
    }
    case 'sent':
    case 'sent-revisited': {
      const response = await post(validFields(lang, hiddenFieldsOf(await (await fetchLocal(form)).text())));
      const location = response.headers.get('location');
      if (response.status !== 303 || !location) throw new Error(`expected 303, got ${response.status}`);
      const cookie = state === 'sent' ? response.headers.get('set-cookie')?.split(';')[0] : undefined;
      return text(await fetchLocal(new URL(location, service.url), { headers: cookie ? { cookie } : {} }));
    }
    case 'privacy':
      return text(await fetchLocal(`${service.url}${prefix(lang)}/privacy`));
    case 'not-found':
      return text(await fetchLocal(`${service.url}${prefix(lang)}/no-such-page`));
    case 'too-large': {
      const hidden = hiddenFieldsOf(await (await fetchLocal(form)).text());
      return text(await post({ ...validFields(lang, hidden), message: HUGE_MESSAGE }));
    }
  }
}
