import { LANGUAGES, type Language } from './options.ts';

/**
 * The interface languages as one table: everything that differs between them besides the
 * catalogues. A new language is a row here and a catalogue; no `language === 'ar'` elsewhere
 * (tests/unit/language-comparisons.test.ts fails on one outside packages/core).
 */
export interface LanguageInfo {
  /** Text direction of its pages and emails. */
  dir: 'rtl' | 'ltr';
  /** Path prefix of its pages: '' for the root language, '/en' for English. */
  prefix: '' | `/${string}`;
  /** Separator of a short list ("الصحة، التعليم"). */
  listSeparator: string;
  /** Joins the last two items of a list in running text. */
  and: string;
  /** A letter of its script: tells which language a short text (a statement's point) is written in. */
  letter: RegExp;
}

export const LANGUAGE_TABLE: Record<Language, LanguageInfo> = {
  ar: { dir: 'rtl', prefix: '', listSeparator: '، ', and: ' و', letter: /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]/ },
  en: { dir: 'ltr', prefix: '/en', listSeparator: ', ', and: ' and ', letter: /[A-Za-z]/ },
};

export const directionOf = (language: Language) => LANGUAGE_TABLE[language].dir;
export const isRtl = (language: Language) => LANGUAGE_TABLE[language].dir === 'rtl';
export const pathPrefix = (language: Language) => LANGUAGE_TABLE[language].prefix;

/** `path` (starting with '/') in `language`: `/status` → `/en/status`; `/` → `/en`. */
export const localPath = (language: Language, path: string) =>
  path === '/' ? pathPrefix(language) || '/' : `${pathPrefix(language)}${path}`;

/** The language a request path is in: the one whose prefix it carries, else the root one. */
export function languageOfPath(path: string): Language {
  const prefixed = LANGUAGES.find((l) => {
    const prefix = pathPrefix(l);
    return prefix !== '' && (path === prefix || path.startsWith(`${prefix}/`));
  });
  return prefixed ?? (LANGUAGES.find((l) => pathPrefix(l) === '') as Language);
}

/** `path` without its language prefix ('/' for the language's home). */
export const withoutPrefix = (language: Language, path: string) =>
  pathPrefix(language) === '' ? path : path.slice(pathPrefix(language).length) || '/';

/** The language the page's language link offers: the next one in the table. */
export const otherLanguage = (language: Language): Language =>
  LANGUAGES[(LANGUAGES.indexOf(language) + 1) % LANGUAGES.length] as Language;

export const joinList = (language: Language, items: readonly string[]) =>
  items.join(LANGUAGE_TABLE[language].listSeparator);
export const joinAnd = (language: Language, items: readonly string[]) => items.join(LANGUAGE_TABLE[language].and);

/** The language a text is written in: the first in the table whose letters it has (else the last). */
export const languageOfText = (text: string): Language =>
  LANGUAGES.find((language) => LANGUAGE_TABLE[language].letter.test(text)) ?? (LANGUAGES.at(-1) as Language);
