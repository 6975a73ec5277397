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
