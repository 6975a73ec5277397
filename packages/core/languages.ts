/**
 * The interface languages as one table: everything that differs between them besides the
 * catalogues. A new language is a row here and a catalogue (i18n/index.ts); nothing else
 * names a language (languages.test.ts fails on `language === 'ar'` outside packages/core).
 * How to add one: docs/languages.md.
 */
interface LanguageRow {
  /** Its own name, written in it: the text of the link to it in the language switcher. */
  readonly autonym: string;
  /** Its name in each staff language, for staff pages and inbox emails ("Language: Arabic"). */
  readonly names: { readonly [staffLanguage: string]: string };
  /** Text direction of its pages and emails. */
  readonly dir: 'rtl' | 'ltr';
  /** Path prefix of its pages: '' for the root language, '/en' for English. */
  readonly prefix: '' | `/${string}`;
  /**
   * The locale numbers, dates and plurals are formatted with. It must have data in Node and
   * in the browsers (a locale without data silently falls back to the runtime's default,
   * which differs between Node and Chromium), and it pins the digits with `-u-nu-`.
   */
  readonly locale: `${string}-u-nu-${string}`;
  /** Options of its number format (Arabic: no separator in four-digit numbers). */
  readonly numberOptions: Intl.NumberFormatOptions;
  /**
   * The staff language its readers see staff-written content in (topic labels, public
   * replies, consultation themes): staff write in the staff languages only.
   */
  readonly content: string;
  /** Whether the staff pages exist in it (staff read and write in these). */
  readonly staff: boolean;
  /** Served only in the test run (the pseudo-locale), never in production. */
  readonly testOnly: boolean;
  /** Separator of a short list ("الصحة، التعليم"). */
  readonly listSeparator: string;
  /** Joins the last two items of a list in running text. */
  readonly and: string;
  /** A letter of its script: tells which language a short text (a statement's point) is written in. */
  readonly letter: RegExp;
}

/**
 * `qps-plocm` is the pseudo-locale (Microsoft's tag for mirrored pseudo-English): the
 * English catalogue made accented, longer and right-to-left by a function
 * (i18n/pseudo.ts), served at /qps-plocm only when the test run asks for it.
 */
export const LANGUAGE_TABLE = {
  ar: {
    autonym: 'العربية',
    names: { ar: 'العربية', en: 'Arabic' },
    dir: 'rtl',
    prefix: '',
    // Syrian Arabic uses Arabic-Indic digits; `-u-nu-arab` keeps that across ICU versions.
    locale: 'ar-SY-u-nu-arab',
    numberOptions: { useGrouping: 'min2' },
    content: 'ar',
    staff: true,
    testOnly: false,
    listSeparator: '، ',
    and: ' و',
    letter: /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]/,
  },
  en: {
    autonym: 'English',
    names: { ar: 'الإنكليزية', en: 'English' },
    dir: 'ltr',
    prefix: '/en',
    locale: 'en-GB-u-nu-latn',
    numberOptions: {},
    content: 'en',
    staff: true,
    testOnly: false,
    listSeparator: ', ',
    and: ' and ',
    letter: /[A-Za-z]/,
  },
  'qps-plocm': {
    autonym: '[Ƥšéûðö]',
    names: { ar: 'لغة تجريبية', en: 'Pseudo-English' },
    dir: 'rtl',
    prefix: '/qps-plocm',
    locale: 'en-GB-u-nu-latn',
    numberOptions: {},
    content: 'en',
    staff: false,
    testOnly: true,
    listSeparator: ', ',
    and: ' and ',
    letter: /[A-Za-z]/,
  },
} as const satisfies Record<string, LanguageRow>;

type Table = typeof LANGUAGE_TABLE;
/** Every language of the table, served or not. */
export type Language = keyof Table;
/** The languages staff pages exist in; staff-written content is in one of them. */
export type StaffLanguage = { [L in Language]: Table[L]['staff'] extends true ? L : never }[Language];
export type ContentLanguage = StaffLanguage;

/** A row that names a content language without staff pages, or misses a staff language's name, does not compile. */
type RowsHold = {
  [L in Language]: Table[L]['content'] extends StaffLanguage
    ? Table[L]['names'] extends Record<StaffLanguage, string>
      ? true
      : false
    : false;
}[Language];
const rowsHold: [RowsHold] extends [true] ? true : never = true;
void rowsHold;

const ALL_LANGUAGES = Object.keys(LANGUAGE_TABLE) as Language[];

/**
 * The test run serves the test-only rows (vitest.config.ts sets MASHURA_TEST_LANGUAGES=1);
 * a Lambda never does, whatever its environment says.
 */
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const servesTestLanguages = env.MASHURA_TEST_LANGUAGES === '1' && !env.AWS_LAMBDA_FUNCTION_NAME;

/** The languages served, in the table's order (the root language first). */
export const LANGUAGES = ALL_LANGUAGES.filter(
  (language) => servesTestLanguages || !LANGUAGE_TABLE[language].testOnly,
) as unknown as readonly [Language, ...Language[]];

const isStaffLanguage = (language: Language): language is StaffLanguage => LANGUAGE_TABLE[language].staff;
/** The languages staff pages are served in. */
export const STAFF_LANGUAGES = LANGUAGES.filter(isStaffLanguage) as unknown as readonly [
  StaffLanguage,
  ...StaffLanguage[],
];
/** The languages staff write content in (topic labels, replies, themes). */
export const CONTENT_LANGUAGES = STAFF_LANGUAGES;

export const directionOf = (language: Language) => LANGUAGE_TABLE[language].dir;
export const isRtl = (language: Language) => LANGUAGE_TABLE[language].dir === 'rtl';
export const pathPrefix = (language: Language) => LANGUAGE_TABLE[language].prefix;
export const autonymOf = (language: Language) => LANGUAGE_TABLE[language].autonym;
/** The formatting locale of `language`: its numbers, dates and plural rules. */
export const localeOf = (language: Language) => LANGUAGE_TABLE[language].locale;
/** The staff language whose content (topic labels, replies) readers of `language` see. */
export const contentLanguageOf = (language: Language): ContentLanguage => LANGUAGE_TABLE[language].content;
/** The name of `language` as a reader of `reader` calls it (staff pages, inbox emails). */
export const languageName = (language: Language, reader: Language) =>
  LANGUAGE_TABLE[language].names[contentLanguageOf(reader)];
/** Staff-written text (`{ ar, en }`) in the content language of `language`. */
export function inContentLanguage<T>(text: Readonly<Record<ContentLanguage, T>>, language: Language): T;
export function inContentLanguage<T>(
  text: Readonly<Record<ContentLanguage, T>> | undefined,
  language: Language,
): T | undefined;
export function inContentLanguage<T>(text: Readonly<Record<ContentLanguage, T>> | undefined, language: Language) {
  return text?.[contentLanguageOf(language)];
}

export const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);
export const isStaffPageLanguage = (value: Language): value is StaffLanguage =>
  (STAFF_LANGUAGES as readonly Language[]).includes(value);

/** `path` (starting with '/') in `language`: `/status` → `/en/status`; `/` → `/en`. */
export const localPath = (language: Language, path: string) =>
  path === '/' ? pathPrefix(language) || '/' : `${pathPrefix(language)}${path}`;

const ROOT_LANGUAGE = LANGUAGES.find((language) => pathPrefix(language) === '') as Language;

/** The language a request path is in: the one whose prefix it carries, else the root one. */
export function languageOfPath(path: string, among: readonly Language[] = LANGUAGES): Language {
  const prefixed = among.find((l) => {
    const prefix = pathPrefix(l);
    return prefix !== '' && (path === prefix || path.startsWith(`${prefix}/`));
  });
  return prefixed ?? ROOT_LANGUAGE;
}

/** `path` without its language prefix ('/' for the language's home). */
export const withoutPrefix = (language: Language, path: string) =>
  pathPrefix(language) === '' ? path : path.slice(pathPrefix(language).length) || '/';

/** The languages the switcher offers on a page in `language`: every other one served. */
export const otherLanguages = <L extends Language>(language: Language, among: readonly L[]): L[] =>
  among.filter((other) => other !== language);

/** One entry of the language switcher and of the `hreflang` alternates. */
export interface LanguageLink {
  language: Language;
  autonym: string;
  dir: 'rtl' | 'ltr';
  href: string;
}

/**
 * The same page in every other language of `among` (all served languages on public pages,
 * the staff languages on staff pages): the language switcher and the `hreflang` alternates.
 */
export function languageLinks(
  language: Language,
  path: string,
  among: readonly Language[] = LANGUAGES,
  query = '',
): LanguageLink[] {
  const rest = withoutPrefix(language, path);
  return otherLanguages(language, among).map((other) => ({
    language: other,
    autonym: autonymOf(other),
    dir: directionOf(other),
    href: `${localPath(other, rest)}${query}`,
  }));
}

export const joinList = (language: Language, items: readonly string[]) =>
  items.join(LANGUAGE_TABLE[language].listSeparator);
export const joinAnd = (language: Language, items: readonly string[]) => items.join(LANGUAGE_TABLE[language].and);

/** The language a text is written in: the first in the table whose letters it has (else the last). */
export const languageOfText = (text: string): ContentLanguage =>
  CONTENT_LANGUAGES.find((language) => LANGUAGE_TABLE[language].letter.test(text)) ??
  (CONTENT_LANGUAGES.at(-1) as ContentLanguage);
