import { HtmlValidate } from 'html-validate';
import type { InboxEmailInput } from './inbox.ts';

/** Shared by the mail tests: hostile strings, a typical submission, a tiny section reader. */

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  attribute: '"><img src=x onerror=alert(1)>',
  override: '\u202Eevil\u202C',
  isolate: '\u2066isolated\u2069',
  headerInjection: 'hello\r\nBcc: victim@example.org\r\nX-Injected: yes',
};

export const HOSTILE_TEXT = Object.values(HOSTILE).join(' ');

export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

export const inboxInput = (overrides: Partial<InboxEmailInput> = {}): InboxEmailInput => ({
  reference: 'ABCD2345WXYZ',
  inbox: 'ose',
  addressee: 'ose',
  topics: ['education', 'cssr-ownership'],
  urgent: false,
  language: 'ar',
  region: 'turkey',
  message: 'نريد مدارس آمنة لكل الأطفال.\n\nWe need safe schools.',
  staffUrl: 'https://mashura.example/staff/submissions/ABCD2345WXYZ',
  ...overrides,
});

export interface Section {
  lang: string;
  dir: string;
  html: string;
}

/**
 * The top-level language sections of one of our emails: each `<div lang dir>` with its
 * content up to the matching `</div>`. A minimal reader for our own, known markup.
 */
export function languageSections(html: string): Section[] {
  const sections: Section[] = [];
  const opening = /<div lang="([a-z]+)" dir="(rtl|ltr)"[^>]*>/g;
  let match: RegExpExecArray | null = opening.exec(html);
  while (match) {
    let depth = 1;
    const tags = /<\/?div\b[^>]*>/g;
    tags.lastIndex = opening.lastIndex;
    let tag: RegExpExecArray | null = null;
    while (depth > 0) {
      tag = tags.exec(html);
      if (!tag) throw new Error('unbalanced <div>');
      depth += tag[0].startsWith('</') ? -1 : 1;
    }
    sections.push({ lang: match[1]!, dir: match[2]!, html: html.slice(opening.lastIndex, tag!.index) });
    opening.lastIndex = tags.lastIndex;
    match = opening.exec(html);
  }
  return sections;
}

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  // Email clients drop <style> blocks: inline styles are the only styles that work.
  rules: { 'no-inline-style': 'off' },
});

export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((result) => result.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

export const ARABIC = /[\u0600-\u06FF]/;
