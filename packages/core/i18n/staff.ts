import { STAFF_LANGUAGES, type StaffLanguage } from '../languages.ts';
import { addCatalogues, assertCataloguesComplete, type Entries } from './index.ts';
import { staffAr } from './staff.ar.ts';
import { staffEn } from './staff.en.ts';

/**
 * The staff side's messages (issue 4): a catalogue of their own, so the public side never
 * loads them. One per staff language (languages.ts: `staff: true`): a Record, so a new
 * staff language does not compile without one.
 */
export const staffCatalogues: Record<StaffLanguage, Entries> = { ar: staffAr, en: staffEn };

/** Called by every module of the staff side that translates (idempotent). */
export function useStaffCatalogues(): void {
  addCatalogues(staffCatalogues);
}

/** The staff catalogues of the served staff languages, checked against the English one when the staff app is composed. */
export const assertStaffCataloguesComplete = () =>
  assertCataloguesComplete(
    staffEn,
    (language) => (language in staffCatalogues ? staffCatalogues[language as StaffLanguage] : undefined),
    STAFF_LANGUAGES,
  );
