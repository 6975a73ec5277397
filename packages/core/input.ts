import * as z from 'zod/mini';

/** Building blocks of the submission schema (packages/core/fields.ts): cleaning text, optional answers. */

/**
 * Characters that can reorder, hide or disguise text, removed before storage: C0/C1 controls
 * (not tab or newline), bidi overrides, embeddings, isolates and marks, and the invisible
 * format characters that make two strings look the same or smuggle text past a reader —
 * zero width space, byte-order mark, soft hyphen, word joiner and invisible operators,
 * deprecated format characters, interlinear annotation marks, fillers that render as
 * nothing (Hangul, Khmer, Mongolian), and the tag block (U+E0000–E007F), which can carry a
 * whole hidden ASCII message. ZWNJ and ZWJ (U+200C/U+200D) stay: Persian, Kurdish and
 * emoji sequences use them meaningfully; so do variation selectors.
 */
const UNSAFE_CONTROLS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E007F}]/gu;

/** Line breaks other than CR/LF (next line, line and paragraph separators): made plain newlines. */
const OTHER_LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;

/** Half a surrogate pair: not text, and not storable as UTF-8 (DynamoDB, email). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strips characters that can reorder or hide text; keeps newlines, tabs, ZWNJ and ZWJ. */
export function neutraliseControls(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(UNSAFE_CONTROLS, '').replace(OTHER_LINE_BREAKS, '\n');
}

/** zod's `preprocess` (the full build's), for zod/mini: a transform of the raw input, then the schema. */
export const preprocess = <T extends z.ZodMiniType>(prepare: (value: unknown) => unknown, schema: T) =>
  z.pipe(z.transform(prepare), schema);

export const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

// zod/mini (the functional API of zod 4): a fraction of the full build, which matters to the
// public function's cold start (docs/performance.md).
export const text = (max: number, tooLong: string) =>
  z.pipe(
    z.pipe(
      z.string({ error: 'error.invalid' }),
      z.transform((value: string) => neutraliseControls(value).trim()),
    ),
    z.string().check(z.maxLength(max, { error: tooLong })),
  );

export const optionalText = (max: number, tooLong: string) =>
  preprocess(emptyToUndefined, z.optional(text(max, tooLong)));

/** The explicit "prefer not to say" answer, kept on the page but stored as nothing. */
export const NO_ANSWER = 'prefer-not';

export const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  preprocess(
    (value) => (value === NO_ANSWER ? undefined : emptyToUndefined(value)),
    z.optional(z.enum(values, { error: 'error.invalid' })),
  );
