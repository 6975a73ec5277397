import { type Language, languageOfPath, localPath, STAFF_LANGUAGES } from './languages.ts';

/**
 * Where things live on the site, written once. The web apps register their routes from these
 * names, the stacks build CloudFront behaviours and WAF rules from the same patterns, and the
 * tests derive their route sets from them: a new language or a moved page changes this file,
 * not three copies of a pattern list. Paths sit below each language's prefix (languages.ts):
 * `status` is `/status` in Arabic and `/en/status` in English.
 */
export const PUBLIC_PAGES = {
  form: '/',
  privacy: '/privacy',
  sent: '/sent',
  status: '/status',
  outcomes: '/outcomes',
  easyRead: '/easy-read',
  consultations: '/consultations',
} as const;
export type PublicPage = keyof typeof PUBLIC_PAGES;

/** A public page in a language: `publicPath('en', 'status')` → `/en/status`; the form is `/` or `/en`. */
export const publicPath = (language: Language, page: PublicPage) => localPath(language, PUBLIC_PAGES[page]);

/** Language-free public paths: the same in every language. */
export const SITE_PATHS = {
  health: '/healthz',
  favicon: '/favicon.ico',
  assets: '/assets',
  challenge: '/altcha/challenge',
} as const;

/** The staff side, below each language's prefix: `/staff`, `/en/staff`. */
export const STAFF_ROOT = '/staff';
/** The staff side's own assets, served once (not per language) by the staff function. */
export const STAFF_ASSETS = `${STAFF_ROOT}/assets`;

/** Where the staff pages live in a language: `/staff`, `/en/staff`. */
export const staffBase = (language: Language) => localPath(language, STAFF_ROOT);
/** A staff page in a language: `staffPath('en', '/inbox')` → `/en/staff/inbox`. */
export const staffPath = (language: Language, path: `/${string}` | '') => `${staffBase(language)}${path}`;

/** Every staff base, one per staff language (the language table's `staff` column). */
export const STAFF_BASES: readonly string[] = STAFF_LANGUAGES.map(staffBase);

/**
 * The same set of paths in the three matching languages that need it:
 * - `hono`: middleware patterns (Hono's `/x/*` also matches `/x`);
 * - `cloudFront`: behaviour path patterns (a pattern without `*` is an exact path, so the base
 *   needs its own);
 * - `wafPrefixes`: WAF byte-match prefixes (STARTS_WITH).
 */
export const STAFF_PATTERNS = {
  hono: STAFF_BASES.map((base) => `${base}/*`),
  cloudFront: STAFF_BASES.flatMap((base) => [base, `${base}/*`]),
  wafPrefixes: STAFF_BASES,
} as const;

/** CloudFront behaviours for the fingerprinted assets of each side (cached at the edge). */
export const ASSET_PATTERNS = { public: `${SITE_PATHS.assets}/*`, staff: `${STAFF_ASSETS}/*` } as const;

/** A link to a staff page of the root language (the one at `/`), as emails and the banner give them. */
export const staffLink = (baseUrl: string, path: `/${string}`) =>
  `${baseUrl}${staffBase(languageOfPath('/', STAFF_LANGUAGES))}${path}`;
