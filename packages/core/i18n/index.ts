import type { Language } from '../options.ts';
import { ar } from './ar.ts';
import { en, type MessageKey, type PublicMessageKey } from './en.ts';

export type { MessageKey, PublicMessageKey };

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Catalogue = { readonly [K in PublicMessageKey]: string | PluralForms };
type Entries = { readonly [K in MessageKey]?: string | PluralForms };

export const catalogues: Record<Language, Catalogue> = { ar, en };

/** Catalogues a side adds when it loads (the staff side's), looked up after the public one. */
const added: Record<Language, Entries[]> = { ar: [], en: [] };

/** Adds a side's catalogue (the same keys in both languages); adding one twice changes nothing. */
export function addCatalogues(parts: Record<Language, Entries>): void {
  for (const language of Object.keys(added) as Language[]) {
    if (!added[language].includes(parts[language])) added[language].push(parts[language]);
  }
}

function entryOf(language: Language, key: MessageKey): string | PluralForms {
  const entry = (catalogues[language] as Entries)[key] ?? added[language].find((part) => key in part)?.[key];
  if (entry === undefined) throw new Error(`No message "${key}" in the ${language} catalogues`);
  return entry;
}

/**
 * Syrian Arabic uses Arabic-Indic digits; `ar-SY` keeps that explicit across ICU versions.
 * One digit style per page: Arabic pages write every number in Arabic-Indic digits (lists
 * too, through the stylesheet); only the Latin codes people copy stay Latin.
 */
export const LOCALES: Record<Language, string> = { ar: 'ar-SY', en: 'en-GB' };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * Arabic: no separator in four-digit numbers (`min2`): the Arabic thousands separator
 * (U+066C) looks like an apostrophe in common fonts ("٥’٠٠٠"); ٥٠٠٠ reads cleanly.
 * web/public/assets/site.js.ts formats the live count the same way.
 */
export const NUMBER_OPTIONS: Record<Language, Intl.NumberFormatOptions> = { ar: { useGrouping: 'min2' }, en: {} };

export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(LOCALES[language], NUMBER_OPTIONS[language]).format(value);
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
  const category = new Intl.PluralRules(LOCALES[language]).select(count);
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
