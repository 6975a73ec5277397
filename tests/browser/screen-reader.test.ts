/**
 * A screen reader journey through the Arabic form with @guidepup/virtual-screen-reader over
 * jsdom: read the page, make an error, hear the error summary, follow its link and hear
 * the field. The pages are the real service's (fetched over HTTP), not fixtures.
 *
 * The virtual screen reader is not NVDA, JAWS or VoiceOver: it speaks what the
 * accessibility tree says (roles, names, descriptions, states) and does not announce the
 * enclosing group when focus moves into it. Assertions are on what it actually said.
 */
import { virtual } from '@guidepup/virtual-screen-reader';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESSEES, FIELD_TABLE, FIELDS, findTopic, LIMITS, translator } from '#core';

/** The message's hint as the page writes it: the limit, then that a recording can be sent instead. */
const messageHint = `${translator('ar')('field.message.hint', { max: LIMITS.message })} ${translator('ar')('field.message.voiceHint')}`;

/** What an empty form is refused for: the required answers of the field table. */
const REQUIRED_FIELDS = FIELDS.filter((field) => FIELD_TABLE[field].required);

import { type LoadedPage, loadPage } from '../support/dom.ts';
import { fetchLocal, hiddenFieldsOf, removeDataDir, type Service, startService } from '../support/service.ts';

const t = translator('ar');
const END = 'end of document';

let service: Service;
let loaded: LoadedPage | undefined;

beforeAll(async () => {
  service = await startService();
});

afterAll(async () => {
  await service?.stop();
  if (service) removeDataDir(service.dataDir);
});

afterEach(async () => {
  await virtual.stop();
  loaded?.restore();
  loaded = undefined;
});

/** Loads served HTML into jsdom and turns the virtual screen reader on over its body. */
async function listen(html: string, path = '/'): Promise<LoadedPage> {
  loaded = loadPage(html, `${service.url}${path}`);
  await virtual.start({ container: loaded.document.body, window: loaded.window as never });
  return loaded;
}

/** Reads on (the screen reader's "next") until `stop` is spoken or the document ends. */
async function readUntil(stop: (phrase: string) => boolean = (phrase) => phrase === END, max = 600): Promise<string> {
  for (let i = 0; i < max; i++) {
    const phrase = await virtual.lastSpokenPhrase();
    if (stop(phrase) || phrase === END) return phrase;
    await virtual.next();
  }
  throw new Error(`not heard within ${max} steps; last: ${(await virtual.spokenPhraseLog()).slice(-5).join(' | ')}`);
}

/** Focus events reach the screen reader asynchronously; wait until it has spoken. */
async function heardAfter(count: number): Promise<string[]> {
  for (let i = 0; i < 50 && (await virtual.spokenPhraseLog()).length <= count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return (await virtual.spokenPhraseLog()).slice(count);
}

async function emptySubmission(): Promise<string> {
  const form = await (await fetchLocal(`${service.url}/`)).text();
  const response = await fetchLocal(`${service.url}/`, {
    method: 'POST',
    body: new URLSearchParams({ ...hiddenFieldsOf(form), message: '' }),
  });
  const html = await response.text();
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  expect(response.status, `POST / answered ${response.status} "${title}"`).toBe(400);
  return html;
}

describe('virtual screen reader, Arabic form', () => {
  it('reads the page: landmarks, the form heading, the addressee question as a group of radios, the message label and hint', async () => {
    const html = await (await fetchLocal(`${service.url}/`)).text();
    await listen(html);
    await readUntil();
    const log = await virtual.spokenPhraseLog();

    // The page's structure, in order.
    const at = (phrase: string) => log.indexOf(phrase);
    expect(at('banner')).toBeGreaterThan(-1);
    expect(at(`link, ${t('exit.label')}, ${t('exit.hint')}`)).toBeGreaterThan(at('banner'));
    expect(at('main')).toBeGreaterThan(at('end of banner'));
    expect(at(`heading, ${t('form.title')}, level 1`)).toBe(at('main') + 1);
    expect(at('form')).toBeGreaterThan(at(`heading, ${t('form.title')}, level 1`));

    // "Who is your input for?" is a named group of radios (one per addressee), none chosen.
    const legend = t('field.addressee.legend');
    const group = at(`group, ${legend} ${t('form.required')}`);
    expect(group).toBeGreaterThan(at('form'));
    const radios = log
      .slice(group)
      .filter((phrase) => phrase.startsWith('radio, '))
      .slice(0, ADDRESSEES.length);
    expect(radios).toEqual(
      ADDRESSEES.map(
        (id, i) => `radio, ${t(`addressee.${id}`)}, not checked, position ${i + 1}, set size ${ADDRESSEES.length}`,
      ),
    );
    expect(at(`end of group, ${legend} ${t('form.required')}`)).toBeGreaterThan(group);

    // Topics: a group described by its hint, with checkboxes.
    expect(log).toContain(`group, ${t('field.topics.legend')}, ${t('field.topics.hint')}`);
    expect(log.filter((phrase) => phrase.startsWith('checkbox, ')).length).toBeGreaterThan(10);

    // Every topic checkbox is described by the group's hint, and says it is required.
    expect(log).toContain(
      `checkbox, ${findTopic('other')!.label.ar}, ${t('field.topics.hint')}, not checked, required`,
    );

    // The message: a required text box named by its label and described by its hint (with the
    // limit, and that a recording can be sent instead).
    expect(log).toContain(`textbox, ${t('field.message.label')}, ${messageHint}, required`);

    // Optional questions say so in their names, with the words spaced as they are shown and
    // the brackets around "optional" left unspoken (screen readers name them aloud).
    expect(log).toContain(`group, ${t('field.gender.legend')} ${t('form.optional')}`);
    expect(log).toContain(
      `textbox, ${t('field.organisation.label')} ${t('form.optional')}, ${t('field.organisation.hint')}`,
    );
    expect(log).toContain(`button, ${t('form.submit')}`);
  });

  it('after an empty submission: hears the error summary, follows its first link, and hears the field and its error', async () => {
    const page = await listen(await emptySubmission());
    const { document, window } = page;
    expect(document.title.startsWith(`${t('error.titlePrefix')} `)).toBe(true);

    // site.js focuses the summary once the page has loaded; jsdom runs no page script here,
    // so do what the browser does.
    const summary = document.querySelector<HTMLElement>('.error-summary');
    expect(summary).not.toBeNull();
    summary!.focus();
    expect(document.activeElement).toBe(summary);

    // Reading on from the top: the summary is a region named by its heading (not an alert:
    // it already has focus, see docs/accessibility.md), with one link per problem.
    const links = [t('error.addressee.required'), t('error.topics.required'), t('error.message.required')];
    await readUntil((phrase) => phrase === `link, ${links[0]}`);
    const log = await virtual.spokenPhraseLog();
    const region = log.indexOf(`region, ${t('error.summary.title')}`);
    expect(region).toBeGreaterThan(log.indexOf('main'));
    expect(log.slice(region)).toEqual([
      `region, ${t('error.summary.title')}`,
      `heading, ${t('error.summary.title')}, level 2`,
      'list',
      `listitem, level 1, position 1, set size ${REQUIRED_FIELDS.length}`,
      `link, ${links[0]}`,
    ]);

    // Activate the link under the cursor, as a screen reader user would (Enter).
    await virtual.act();
    expect(window.location.hash).toBe('#addressee-ose');
    // Following a fragment link makes the browser run the focusing steps on its target
    // (HTML: "scroll to the fragment"), and site.js does the same explicitly. jsdom updates
    // the URL but moves no focus, so the test does what the browser would.
    const target = document.getElementById(window.location.hash.slice(1)) as HTMLInputElement;
    const before = (await virtual.spokenPhraseLog()).length;
    target.focus();
    const heard = await heardAfter(before);
    // The radio itself carries the error (Orca does not read a fieldset's description).
    expect(heard).toEqual([
      `radio, ${t(`addressee.${ADDRESSEES[0]}`)}, ${t('error.titlePrefix')} ${t('error.addressee.required')}, not checked, position 1, set size ${ADDRESSEES.length}`,
    ]);

    // Where focus landed, reading back (the screen reader's "previous") to the group: the
    // inline error, the question, and the group itself, which the error describes
    // (aria-describedby on the fieldset), as a real screen reader says on entering it.
    const error = `${t('error.titlePrefix')} ${t('error.addressee.required')}`;
    const back: string[] = [];
    for (let i = 0; i < 10 && !back.at(-1)?.startsWith('group, '); i++) {
      await virtual.previous();
      back.push(await virtual.lastSpokenPhrase());
    }
    expect(back).toEqual([
      'end of paragraph',
      t('error.addressee.required'),
      t('error.titlePrefix'),
      'paragraph',
      // The legend: the question, then "required" in words (Orca says nothing for a radio's state).
      `end, ${t('field.addressee.legend')} ${t('form.required')}`,
      t('form.required'),
      t('field.addressee.legend'),
      `${t('field.addressee.legend')} ${t('form.required')}`,
      `group, ${t('field.addressee.legend')} ${t('form.required')}, ${error}`,
    ]);
  });

  it('following the message error link, hears the label, the hint, the error and the invalid state', async () => {
    const { document, window } = await listen(await emptySubmission());
    await readUntil((phrase) => phrase === `link, ${t('error.message.required')}`);
    await virtual.act();
    expect(window.location.hash).toBe('#message');
    const before = (await virtual.spokenPhraseLog()).length;
    // As above: the browser focuses the fragment's target; jsdom does not.
    document.getElementById('message')!.focus();
    const heard = await heardAfter(before);
    expect(heard).toEqual([
      `textbox, ${t('field.message.label')}, ${messageHint} ${t('error.titlePrefix')} ${t('error.message.required')}, invalid, required`,
    ]);
  });
});
