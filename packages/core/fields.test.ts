import { describe, expect, it } from 'vitest';
import { newFormToken } from './codes.ts';
import {
  answerLabel,
  FIELD_TABLE,
  FIELDS,
  type FieldSpec,
  PERSONAL_ANSWER_FIELDS,
  SHARED_OPTIONAL_ANSWERS,
} from './fields.ts';
import { catalogues } from './i18n/index.ts';
import { staffCatalogues } from './i18n/staff.ts';
import { INBOX_CHOICES, INBOXES } from './inboxes.ts';
import { validateSubmission } from './submission.ts';

/**
 * The field and inbox tables (packages/core/fields.ts, inboxes.ts) are read by the schema,
 * the views, the export and the catalogues. These tests walk the tables, not a copy of them,
 * so a new row is covered the day it is added.
 */
const valid = () => ({
  formToken: newFormToken(),
  addressee: 'ose',
  topics: ['detainees'],
  message: 'نطالب بالإفراج عن المعتقلات والمعتقلين',
});

/** A value the field's own schema must refuse, by its control. */
const refusedValue = (spec: FieldSpec): unknown =>
  spec.values ? 'not-on-the-list' : spec.control === 'email' ? 'not an email' : 'x'.repeat(100_000);

describe('the field table', () => {
  it('names the field of every refused answer: a refusal never has an empty error summary', () => {
    for (const field of FIELDS) {
      const result = validateSubmission({ ...valid(), [field]: refusedValue(FIELD_TABLE[field]) });
      expect(result.ok, field).toBe(false);
      if (!result.ok) expect(Object.keys(result.errors), field).toEqual([field]);
    }
  });

  it('gives every answer of every choice question a label in both languages', () => {
    for (const field of FIELDS) {
      const values: readonly string[] = (FIELD_TABLE[field] as FieldSpec).values ?? [];
      if (field === 'topics') continue; // labelled in packages/core/topics.ts
      for (const value of values) {
        const key = answerLabel(field, value);
        expect(key, `${field}.${value}`).toBeDefined();
        for (const language of ['ar', 'en'] as const) expect(catalogues[language], language).toHaveProperty([key!]);
      }
    }
  });

  it('hides exactly the personal answers from liaisons, and shows the others to everyone', () => {
    const personal = FIELDS.filter((field) => FIELD_TABLE[field].personal && FIELD_TABLE[field].stored !== 'sealed');
    expect([...PERSONAL_ANSWER_FIELDS].sort()).toEqual(personal.sort());
    for (const field of SHARED_OPTIONAL_ANSWERS) expect(FIELD_TABLE[field].personal, field).toBe(false);
  });
});

describe('the inbox table', () => {
  const publicKeys = (inbox: string) => [
    `addressee.${inbox}`,
    `field.topics.${inbox}Group`,
    `sent.next.routed.${inbox}`,
    `status.event.sent.${inbox}`,
    `status.inbox.${inbox}`,
    `cons.statement.to.${inbox}`,
  ];
  const staffKeys = (inbox: string) => [`staff.submission.inbox.${inbox}`, `staff.submission.delivery.inbox-${inbox}`];
  const choiceKeys = (choice: string) => [
    `addressee.${choice}`,
    `outcomes.did.${choice}`,
    `sent.next.routed.${choice}`,
  ];
  const staffChoiceKeys = (choice: string) => [`staff.action.reroute.${choice}`];

  it('has the words for every inbox and every choice of inboxes, in both languages, so none is a 500 at render', () => {
    for (const language of ['ar', 'en'] as const) {
      for (const key of [...INBOXES.flatMap(publicKeys), ...INBOX_CHOICES.flatMap(choiceKeys)])
        expect(catalogues[language], `${language} ${key}`).toHaveProperty([key]);
      for (const key of [...INBOXES.flatMap(staffKeys), ...INBOX_CHOICES.flatMap(staffChoiceKeys)])
        expect(staffCatalogues[language], `${language} ${key}`).toHaveProperty([key]);
    }
  });
});
