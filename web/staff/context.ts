import type { Context } from 'hono';
import {
  type Language,
  type LanguageLink,
  languageLinks,
  languageOfPath,
  STAFF_LANGUAGES,
  type StaffActor,
  staffBase,
  type Translate,
  translator,
  useStaffCatalogues,
} from '#core';

// The staff side's messages are a catalogue of their own (packages/core/i18n/staff.ts).
useStaffCatalogues();

// Where the staff pages live is the route table's (packages/core/routes.ts): staffBase, STAFF_PATTERNS.
export { staffBase };

/** The staff language of a staff path (only staff languages have staff pages). */
export const staffLanguageOfPath = (path: string) => languageOfPath(path, STAFF_LANGUAGES);

/** The signed-in person on this request, with the anti-forgery token for their forms. */
export interface SignedInStaff extends StaffActor {
  csrf: string;
  /** SHA-256 of the session id: how the session is found and revoked. */
  sessionHash: string;
}

export interface StaffPage {
  language: Language;
  t: Translate;
  base: string;
  /** The same page in every other staff language. */
  languageLinks: readonly LanguageLink[];
  staff?: SignedInStaff | undefined;
  /** Which item of the staff navigation this page is. */
  section?: 'queue' | 'stats' | 'briefs' | 'admin' | 'account' | 'consultations';
}

export function pageOf(c: Context, section?: StaffPage['section']): StaffPage {
  const path = c.req.path;
  const language = staffLanguageOfPath(path);
  const query = new URL(c.req.url).search;
  return {
    language,
    t: translator(language),
    base: staffBase(language),
    languageLinks: languageLinks(language, path, STAFF_LANGUAGES, query),
    staff: c.get('staff' as never) as SignedInStaff | undefined,
    section,
  };
}

/** Where a staff member may be sent back to after signing in: staff pages of this site only. */
export function safeNext(value: unknown, language: Language): string | undefined {
  if (typeof value !== 'string' || value.length > 300) return undefined;
  const base = staffBase(language);
  if (!(value === base || value.startsWith(`${base}/`) || value.startsWith(`${base}?`))) return undefined;
  if (/[\\\s]|\/\/|%2f|%5c/i.test(value.slice(1))) return undefined;
  return value;
}
