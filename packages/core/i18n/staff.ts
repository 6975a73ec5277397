import { addCatalogues } from './index.ts';
import { staffAr } from './staff.ar.ts';
import { staffEn } from './staff.en.ts';

/** The staff side's messages (issue 4): a catalogue of their own, so the public side never loads them. */
export const staffCatalogues = { ar: staffAr, en: staffEn } as const;

/** Called by every module of the staff side that translates (idempotent). */
export function useStaffCatalogues(): void {
  addCatalogues(staffCatalogues);
}
