import { stemmer as arabicStemmer } from '@orama/stemmers/arabic';
import { stemmer as englishStemmer } from '@orama/stemmers/english';

/**
 * Arabic-aware matching for staff search (issue 15). One pipeline serves the index, the
 * query and the marked passage, so what is found is what is marked:
 *
 *   normalise → words → stems (Snowball Arabic or English, from @orama/stemmers) → keys
 *
 * Normalisation folds what Arabic writers vary freely: hamza forms of alef (أ إ آ ٱ → ا),
 * taa marbuta (word-final ه → ة), alef maqsura (ى → ي), diacritics and tatweel (dropped), the lam-alef
 * ligature and other presentation forms (NFKC), Arabic-Indic and Eastern digits (→ ASCII);
 * Latin letters are case-folded and lose accents. What the stemmer gets wrong, and the two
 * small corrections made here, are in docs/adr/0011-search.md.
 */

const ARABIC_LETTER = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
const DIACRITICS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]/g;
const LATIN_MARKS = /[\u0300-\u036f]/g;
const FOLDS: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ى: 'ي' };
/** A word-final haa written for taa marbuta: folded to taa marbuta, which the stemmer knows as a suffix. */
const FINAL_HAA = /ه(?![\p{L}\p{M}\p{N}])/gu;

/** Folds a string for comparison; keeps its letters, digits and spaces otherwise. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(DIACRITICS, '')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[أإآٱى]/g, (c) => FOLDS[c] ?? c)
    .replace(FINAL_HAA, 'ة')
    .normalize('NFD')
    .replace(LATIN_MARKS, '')
    .normalize('NFC')
    .toLowerCase();
}

/** A run of letters, digits and the marks inside them: what a word is, in the original text. */
const WORD = /[\p{L}\p{N}\p{M}\u0640]+/gu;
/** Prefixes that attach to a word (and, so, with, for, like) and that Snowball leaves on some words. */
const CLITICS = new Set(['و', 'ف', 'ب', 'ل', 'ك']);

/**
 * The stems one written word stands for. Snowball's Arabic stemmer strips the article and
 * most attached particles, but not all (فالمعتقلين, لمدرسة): a leading و/ف/ب/ل/ك on a word of
 * five letters or more also gives the stem of the rest. And it leaves the alef of the
 * feminine plural ات on unprefixed words (معتقلات → معتقلا), which is stemmed once more.
 */
export function wordStems(normalisedWord: string): string[] {
  if (!ARABIC_LETTER.test(normalisedWord)) {
    if (/^\p{N}+$/u.test(normalisedWord)) return [normalisedWord];
    return [englishStemmer(normalisedWord)];
  }
  const stems = [arabicStem(normalisedWord)];
  if (normalisedWord.length >= 5 && CLITICS.has(normalisedWord[0]!)) {
    const rest = arabicStem(normalisedWord.slice(1));
    if (!stems.includes(rest)) stems.push(rest);
  }
  return stems;
}

function arabicStem(word: string): string {
  const stem = arabicStemmer(word);
  if (word.endsWith('ات') && stem.endsWith('ا') && stem.length > 3) return arabicStemmer(stem.slice(0, -1));
  return stem;
}

/** The key a query word looks up: the stem of the word without an attached particle, when it has one. */
export function queryKey(normalisedWord: string): string {
  return wordStems(normalisedWord).at(-1)!;
}

export interface Word {
  /** Offsets in the original text. */
  start: number;
  end: number;
  stems: string[];
}

/** Every word of a text with its offsets and stems. */
export function words(text: string): Word[] {
  const found: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    const normalised = normaliseText(match[0]);
    for (const part of normalised.match(WORD) ?? []) {
      // NFKC can split a ligature into letters but never into two words; digits stay whole.
      found.push({ start: match.index, end: match.index + match[0].length, stems: wordStems(part) });
      break;
    }
  }
  return found;
}

/** Every key a text is found by: the set the index holds for it. */
export function indexKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const word of words(text)) for (const stem of word.stems) keys.add(stem);
  return keys;
}

// ---------------------------------------------------------------- queries

/** A query: every group must match (AND); a group of several keys is a quoted phrase. */
export interface SearchQuery {
  groups: string[][];
  /** The query as typed, trimmed (for the search box and the caption). */
  text: string;
}

export const SEARCH_MAX_LENGTH = 200;
export const SEARCH_MAX_TERMS = 8;

/** Reads what a person typed; undefined when nothing searchable is left. */
export function parseQuery(input: string): SearchQuery | undefined {
  const text = input.trim().slice(0, SEARCH_MAX_LENGTH);
  const groups: string[][] = [];
  // Quoted phrases ("…", “…”, «…») first, then the words outside them.
  const rest = text.replace(/["“”«»]([^"“”«»]*)["“”«»]?/g, (_, phrase: string) => {
    const keys = keysOf(phrase);
    if (keys.length > 0) groups.push(keys);
    return ' ';
  });
  for (const key of keysOf(rest)) groups.push([key]);
  const unique = groups.filter((group, i) => groups.findIndex((other) => other.join(' ') === group.join(' ')) === i);
  if (unique.length === 0) return undefined;
  return { groups: unique.slice(0, SEARCH_MAX_TERMS), text };
}

const keysOf = (text: string) => (normaliseText(text).match(WORD) ?? []).map(queryKey).filter((key) => key.length > 0);

/** The distinct keys a query looks up in the index. */
export const lookupKeys = (query: SearchQuery) => [...new Set(query.groups.flat())];

/** Where each group matches in one text: the word ranges to mark, or undefined when a group is missing. */
export function matchText(text: string, query: SearchQuery): { start: number; end: number }[] | undefined {
  const list = words(text);
  const marks: { start: number; end: number }[] = [];
  for (const group of query.groups) {
    let found = false;
    for (let i = 0; i + group.length <= list.length; i++) {
      if (group.every((key, k) => list[i + k]!.stems.includes(key))) {
        found = true;
        marks.push({ start: list[i]!.start, end: list[i + group.length - 1]!.end });
      }
    }
    if (!found) return undefined;
  }
  return marks.sort((a, b) => a.start - b.start);
}

/** The searchable texts of a submission, by where they come from. Never contact details. */
export type SearchField = 'message' | 'reply' | 'note' | 'transcript';
export interface SearchText {
  field: SearchField;
  text: string;
}

/** A passage: pieces of text, the matching ones to be marked. */
export interface Passage {
  field: SearchField;
  pieces: { text: string; mark: boolean }[];
}

/**
 * Whether every group of the query is found in the texts taken together, and the passage to
 * show: the first text with a match, cut around its first match, matches marked.
 */
export function matchTexts(texts: SearchText[], query: SearchQuery, width = 160): Passage | undefined {
  const all = texts.map((t) => t.text).join('\n\n');
  if (!matchText(all, query)) return undefined;
  for (const { field, text } of texts) {
    const marks = query.groups.flatMap((group) => matchText(text, { groups: [group], text: '' }) ?? []);
    if (marks.length === 0) continue;
    marks.sort((a, b) => a.start - b.start);
    return { field, pieces: cutPassage(text, marks, width) };
  }
  return undefined;
}

function cutPassage(text: string, marks: { start: number; end: number }[], width: number) {
  const first = marks[0]!;
  let from = Math.max(0, first.start - Math.floor(width / 3));
  let to = Math.min(text.length, from + width);
  // Whole words at the edges.
  while (from > 0 && /\S/.test(text[from - 1]!)) from--;
  while (to < text.length && /\S/.test(text[to]!)) to++;
  const pieces: { text: string; mark: boolean }[] = [];
  let at = from;
  for (const mark of marks) {
    if (mark.start < at || mark.end > to) continue;
    if (mark.start > at) pieces.push({ text: text.slice(at, mark.start), mark: false });
    pieces.push({ text: text.slice(mark.start, mark.end), mark: true });
    at = mark.end;
  }
  if (at < to) pieces.push({ text: text.slice(at, to), mark: false });
  if (from > 0) pieces.unshift({ text: '… ', mark: false });
  if (to < text.length) pieces.push({ text: ' …', mark: false });
  return pieces;
}
