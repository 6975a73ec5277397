import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { PROTECT_FIELDS, SITE_PATHS } from '#core';
import { formBody } from './fixtures.ts';

/**
 * Getting a postable form the way a browser does. The abuse defences (web/public/protect.ts) bind
 * a signed timestamp to each form token, so a valid post needs the hidden fields of a form
 * the server actually served: the benchmark GETs the form and posts what it found.
 */
export type HiddenFields = Record<string, string>;

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every `<input type="hidden">` in the page, by name. */
export function hiddenFields(html: string): HiddenFields {
  const fields: HiddenFields = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    if (!/\btype="hidden"/.test(tag)) continue;
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (name) fields[name] = decode(value);
  }
  return fields;
}

/** A valid post for a served form: its hidden fields (token, stamp) and a typical answer. */
export function postFor(fields: HiddenFields): string {
  const { formToken, ...rest } = fields;
  if (!formToken) throw new Error('the served form has no formToken');
  return formBody(formToken, rest);
}

export async function fetchForm(url: string): Promise<HiddenFields> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return hiddenFields(await response.text());
}

/** `count` served forms, fetched `parallel` at a time. */
export async function fetchForms(url: string, count: number, parallel = 8): Promise<HiddenFields[]> {
  const forms: HiddenFields[] = [];
  let started = 0;
  async function worker() {
    while (started < count) {
      started++;
      forms.push(await fetchForm(url));
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  return forms;
}

/**
 * The proof of work a browser with JavaScript sends with the form: the served form's
 * challenge, solved with altcha-lib (the scheme protect.js and its worker use), as the
 * base64 payload the script puts in the form. The bench service's challenges are easy
 * (`MASHURA_POW_MAX_COUNTER`, service-client.ts): the server checks a solution with one
 * derivation whatever the counter, so only the bench's own solving gets cheaper.
 */
export async function solvedPow(base: string, formToken: string): Promise<string> {
  const response = await fetch(`${base}${SITE_PATHS.challenge}?form=${formToken}`);
  if (!response.ok) throw new Error(`the challenge for a served form answered ${response.status}`);
  const challenge = (await response.json()) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the bench could not solve a challenge');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** A served form's post with its proof of work, as the browser script sends it. */
export async function postWithPow(base: string, fields: HiddenFields): Promise<string> {
  const body = new URLSearchParams(postFor(fields));
  body.set(PROTECT_FIELDS.pow, await solvedPow(base, fields.formToken!));
  return body.toString();
}
