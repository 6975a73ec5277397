/**
 * A tiny HTML builder whose default is safe: every interpolated value is escaped unless
 * it is already `SafeHtml` (built by this same tag). Emails are static documents, so
 * there is no need for a component library, only for never forgetting to escape.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlPart = SafeHtml | string | number | false | null | undefined | readonly HtmlPart[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

function renderPart(part: HtmlPart): string {
  if (part instanceof SafeHtml) return part.value;
  if (part === false || part === null || part === undefined) return '';
  if (Array.isArray(part)) return part.map(renderPart).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlPart[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderPart(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}
