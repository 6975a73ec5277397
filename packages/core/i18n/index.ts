import { LANGUAGE_TABLE, LANGUAGES, type Language, localeOf } from '../languages.ts';
import { ar } from './ar.ts';
import { en, type MessageKey, type PublicMessageKey } from './en.ts';
import { pseudolocalise } from './pseudo.ts';

export type { MessageKey, PublicMessageKey };

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Catalogue = { readonly [K in PublicMessageKey]: string | PluralForms };
export type Entries = { readonly [K in MessageKey]?: string | PluralForms };

let pseudo: Catalogue | undefined;

/**
 * The public catalogue of every language of the table (a Record: a row without one does
 * not compile). The pseudo-locale's is made from the English one when first read, so it
 * never drifts and a production process never builds it.
 */
export const catalogues: Record<Language, Catalogue> = {
  ar,
  en,
  get 'qps-plocm'() {
    pseudo ??= pseudolocalise(en);
    return pseudo;
  },
};

/** Catalogues a side adds when it loads (the staff side's), looked up after the public one. */
const added: Partial<Record<Language, Entries[]>> = {};

/** Adds a side's catalogue (the same keys in each of its languages); adding one twice changes nothing. */
export function addCatalogues(parts: Partial<Record<Language, Entries>>): void {
  for (const [language, part] of Object.entries(parts) as [Language, Entries][]) {
    const list = added[language] ?? [];
    added[language] = list;
    if (!list.includes(part)) list.push(part);
  }
}

/** The keys every catalogue of a side must have: the English one's. */
const keysOf = (entries: object) => Object.keys(entries);

/**
 * Fails when a served language's catalogue misses a key or a placeholder of the English one.
 * `npm test` runs it on the shipped catalogues (i18n.test.ts) and `npm start` when it composes
 * the service (dev/runtime.ts), so a gap stops the change instead of a page failing when it is
 * first rendered. The Lambdas ship catalogues that passed it and do not run it at cold start.
 */
export function assertCataloguesComplete(
  reference: Entries,
  catalogueOf: (language: Language) => Entries | undefined,
  languages: readonly Language[] = LANGUAGES,
): void {
  const gaps: string[] = [];
  // The reference's placeholders are read once per key, not once per language.
  const keys = keysOf(reference) as MessageKey[];
  const expected = keys.map((key) => placeholdersOf(reference[key]));
  for (const language of languages) {
    const catalogue = catalogueOf(language);
    if (!catalogue) {
      gaps.push(`${language}: no catalogue`);
      continue;
    }
    for (const [index, key] of keys.entries()) {
      const entry = catalogue[key];
      if (entry === undefined || (typeof entry === 'string' && entry.trim() === '')) gaps.push(`${language}: ${key}`);
      else if (placeholdersOf(entry) !== expected[index]) gaps.push(`${language}: ${key} (placeholders)`);
    }
  }
  if (gaps.length > 0) throw new Error(`Catalogues incomplete: ${gaps.join('; ')}`);
}

/** The `{name}` placeholders of an entry (every plural form's), sorted and joined: '' when it has none. */
function placeholdersOf(entry: string | PluralForms | undefined): string {
  const names: string[] = [];
  for (const text of typeof entry === 'object' ? Object.values(entry) : [entry]) {
    // A scan rather than a regular expression: this runs for every message of every catalogue.
    for (let open = text?.indexOf('{') ?? -1; open !== -1; open = text!.indexOf('{', open + 1)) {
      const close = text!.indexOf('}', open + 1);
      if (close === -1) break;
      const name = text!.slice(open + 1, close);
      if (WORD.test(name) && !names.includes(name)) names.push(name);
    }
  }
  return names.sort().join(',');
}
const WORD = /^\w+$/;

/** The public catalogues of the served languages, checked against the English one. */
export const assertPublicCataloguesComplete = () => assertCataloguesComplete(en, (language) => catalogues[language]);

function entryOf(language: Language, key: MessageKey): string | PluralForms {
  const entry = (catalogues[language] as Entries)[key] ?? added[language]?.find((part) => key in part)?.[key];
  if (entry === undefined) throw new Error(`No message "${key}" in the ${language} catalogues`);
  return entry;
}

/** The formatting locale of each language (languages.ts: its row's `locale`). */
export const LOCALES = Object.fromEntries(
  (Object.keys(LANGUAGE_TABLE) as Language[]).map((language) => [language, localeOf(language)]),
) as Record<Language, string>;

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * Number options of each language (languages.ts): Arabic writes four-digit numbers without a
 * separator. web/public/assets/site.js.ts formats the live count the same way.
 */
export const numberOptionsOf = (language: Language): Intl.NumberFormatOptions => LANGUAGE_TABLE[language].numberOptions;

/**
 * One formatter and one set of plural rules per language: building an Intl object costs far
 * more than using it, and a page formats dozens of numbers. They are immutable, so sharing is safe.
 */
const numberFormats = new Map<Language, Intl.NumberFormat>();
const pluralRules = new Map<Language, Intl.PluralRules>();

export function formatNumber(language: Language, value: number): string {
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(localeOf(language), numberOptionsOf(language));
    numberFormats.set(language, format);
  }
  return format.format(value);
}

function interpolate(language: Language, template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(language, value) : value;
  });
}

/** The plural form for `count` in `language`, falling back to `other`. */
export function pluralForm(forms: PluralForms, language: Language, count: number): string {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(localeOf(language));
    pluralRules.set(language, rules);
  }
  const category = rules.select(count);
  return forms[category] ?? forms.other;
}

export function translator(language: Language): Translate {
  return (key, params) => {
    const entry = entryOf(language, key);
    const template = typeof entry === 'string' ? entry : pluralForm(entry, language, Number(params?.n ?? 0));
    return interpolate(language, template, params);
  };
}

/** Plural forms of a key with {n} left in place, for the browser to fill. */
export function pluralTemplates(language: Language, key: MessageKey): PluralForms {
  const entry = entryOf(language, key);
  return typeof entry === 'string' ? { other: entry } : entry;
}

/** Whether a string is a key of the public catalogue (validation messages are keys). */
export function isMessageKey(key: string): key is PublicMessageKey {
  return key in en;
}
