import { INBOX_CHOICES } from './inboxes.ts';

/**
 * Closed lists for the form's choice fields. Labels live in the i18n catalogues under
 * `addressee.<id>`, `region.<id>`, `gender.<id>` and `disability.<id>`.
 */
/** Each inbox, all of them, or "not sure" (packages/core/inboxes.ts). */
export const ADDRESSEES = [...INBOX_CHOICES, 'unsure'] as const;
export type Addressee = (typeof ADDRESSEES)[number];

/** Where the person is based: coarse on purpose, so it cannot identify anyone. */
export const REGIONS = [
  'syria-northwest',
  'syria-northeast',
  'syria-north',
  'syria-central',
  'syria-coast',
  'syria-damascus',
  'syria-south',
  'syria-east',
  'turkey',
  'lebanon',
  'jordan',
  'iraq',
  'europe',
  'elsewhere',
] as const;
export type Region = (typeof REGIONS)[number];

export const GENDERS = ['woman', 'man', 'another'] as const;
export type Gender = (typeof GENDERS)[number];

export const DISABILITY_ANSWERS = ['yes', 'no'] as const;
export type DisabilityAnswer = (typeof DISABILITY_ANSWERS)[number];

/** May the office quote the person's words in its briefs: no is the default. */
export const QUOTE_CONSENT_ANSWERS = ['no', 'yes'] as const;

export const LIMITS = {
  message: 5000,
  organisation: 200,
  email: 254,
} as const;
