import type { Language } from '../options.ts';
import { ar } from './ar.ts';
import { en, type MessageKey } from './en.ts';

export type { MessageKey };

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Catalogue = { readonly [K in MessageKey]: string | PluralForms };

export const catalogues: Record<Language, Catalogue> = { ar, en };

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
 * web/assets/site.js.ts formats the live count the same way.
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
  const catalogue = catalogues[language];
  return (key, params) => {
    const entry = catalogue[key];
    const template = typeof entry === 'string' ? entry : pluralForm(entry, language, Number(params?.n ?? 0));
    return interpolate(language, template, params);
  };
}

/** Plural forms of a key with {n} left in place, for the browser to fill. */
export function pluralTemplates(language: Language, key: MessageKey): PluralForms {
  const entry = catalogues[language][key];
  return typeof entry === 'string' ? { other: entry } : entry;
}

/** Whether a string is a catalogue key (validation messages are keys). */
export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}
