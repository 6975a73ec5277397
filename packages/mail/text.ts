import { groupCode, isReference, neutraliseControls, normaliseCode } from '#core';

/** Longest subject we send; mail clients show far less, and long headers get folded. */
export const SUBJECT_MAX_LENGTH = 150;

const LINE_BREAKS = /[\r\n\t\v\f\u0085\u2028\u2029]/g;
/** Every control and format character: C0/C1, DEL, bidi embeddings/overrides/isolates/marks, zero-widths. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * One header-safe line: no CR/LF (header injection), no controls or bidi characters,
 * whitespace collapsed, at most SUBJECT_MAX_LENGTH characters (never splitting a
 * surrogate pair).
 */
export function subjectLine(parts: readonly string[], separator = ' · '): string {
  const line = parts
    .map((part) => part.replace(LINE_BREAKS, ' ').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim())
    .filter((part) => part !== '')
    .join(separator);
  const characters = [...line];
  if (characters.length <= SUBJECT_MAX_LENGTH) return line;
  return `${characters
    .slice(0, SUBJECT_MAX_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}

/** A reference as people read it (ABCD-2345-WXYZ); anything else is shown neutralised, as given. */
export function displayReference(reference: string): string {
  const code = normaliseCode(reference);
  return isReference(code) ? groupCode(code) : neutraliseControls(reference).replace(/\s+/g, ' ').trim();
}

const ADDRESS_LIKE = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+/g;

/** Replaces anything that looks like an email address: operator alerts and errors must not carry one. */
export function redactAddresses(text: string): string {
  return text.replace(ADDRESS_LIKE, '[address removed]');
}

/** Links in emails come from configuration, but a wrong one must fail loudly rather than ship `javascript:`. */
export function assertWebUrl(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${name} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError(`${name} must be http(s)`);
  return parsed.href;
}
