import type { Catalogue, PluralForms } from './index.ts';

/**
 * The pseudo-locale's catalogue, made from the English one by a function so it never drifts:
 * every letter accented (text that skips the catalogues stands out in plain ASCII), every
 * message about 35 % longer (layouts must take German- or Kurdish-length text) and wrapped in
 * brackets (a truncated message loses its closing bracket). The direction is right-to-left
 * through the language table (`dir: 'rtl'`), not through bidi control characters: those are
 * neutralised in people's text and would hide layout faults rather than show them.
 * Placeholders (`{n}`) are kept as they are.
 */
const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter, i) => [
    letter,
    [...'áƀçðéƒĝĥíĵķĺɱñóƥɋŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĹṀÑÓƤɊŔŠŢÚṼŴẊÝŽ'][i] as string,
  ]),
);

/** Filler words appended to lengthen a message, accented like the rest. */
const FILLER = ['ļőŕéɱ', 'íƥšúɱ', 'ðőļőŕ', 'šíţ', 'áɱéţ'];

/** One message, pseudo-localised: accented, about 35 % longer, bracketed; placeholders intact. */
export function pseudoText(text: string): string {
  const accented = text
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? part : part.replace(/[a-zA-Z]/g, (letter) => ACCENTED[letter] ?? letter)))
    .join('');
  const wanted = Math.ceil(text.length * 0.35);
  const filler: string[] = [];
  for (let length = 0, i = 0; length < wanted; i++) {
    const word = FILLER[i % FILLER.length] as string;
    filler.push(word);
    length += word.length + 1;
  }
  return `[${accented} ${filler.join(' ')}]`;
}

const pseudoEntry = (entry: string | PluralForms): string | PluralForms =>
  typeof entry === 'string'
    ? pseudoText(entry)
    : (Object.fromEntries(Object.entries(entry).map(([form, text]) => [form, pseudoText(text)])) as PluralForms);

/** The whole catalogue: every key of `source`, each message through `pseudoText`. */
export const pseudolocalise = <C extends Catalogue>(source: C): Catalogue =>
  Object.fromEntries(Object.entries(source).map(([key, entry]) => [key, pseudoEntry(entry)])) as Catalogue;
