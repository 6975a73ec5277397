import { directionOf, isRtl, type Language, neutraliseControls } from '#core';
import { html, type SafeHtml } from './safe-html.ts';

/** What every renderer returns: a subject line, a full HTML document and its plain-text twin. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export { directionOf };

/**
 * Inline styles only: mail clients drop <style> blocks and never load external CSS. No
 * images, fonts or remote resources, so opening an email makes no request. System fonts
 * with good Arabic coverage; information never carried by colour alone.
 */
const FONT = "Tahoma, 'Segoe UI', Arial, 'Noto Sans Arabic', sans-serif";
export const STYLE = {
  body: `margin:0;padding:24px 16px;background:#ffffff;color:#1b1b1b;font-family:${FONT};font-size:16px;line-height:1.6`,
  section: 'max-width:40em;margin:0 auto 24px',
  heading: 'font-size:22px;line-height:1.3;margin:0 0 16px',
  subheading: 'font-size:18px;line-height:1.3;margin:24px 0 8px',
  paragraph: 'margin:0 0 12px',
  urgent: 'margin:0 0 16px;padding:8px 12px;border:3px solid #b3261e;font-weight:bold',
  table: 'border-collapse:collapse;width:100%;margin:0 0 16px',
  cell: 'padding:6px 0;vertical-align:top;border-bottom:1px solid #c4c4c4',
  list: 'margin:0;padding:0;list-style-position:inside',
  link: 'color:#0b57d0;text-decoration:underline',
  reference: "font-family:Consolas,'Courier New',monospace;font-size:18px;font-weight:bold;letter-spacing:0.05em",
  userText:
    'margin:0 0 16px;padding:12px;border:1px solid #8a8a8a;overflow-wrap:anywhere;word-wrap:break-word;word-break:break-word',
  rule: 'border:0;border-top:1px solid #8a8a8a;margin:24px auto;max-width:40em',
  footer: 'max-width:40em;margin:24px auto 0;font-size:14px;color:#4a4a4a',
} as const;

/** Text-align by direction: older Outlook ignores `start`. */
export const align = (language: Language) => (isRtl(language) ? 'right' : 'left');

export function documentHtml(options: { language: Language; title: string; body: SafeHtml }): string {
  const { language, title, body } = options;
  return html`<!DOCTYPE html>
<html lang="${language}" dir="${directionOf(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="${STYLE.body}">
${body}
</body>
</html>
`.value;
}

/** One language's part of an email, marked so screen readers and layout switch with it. */
export function languageSection(language: Language, content: SafeHtml): SafeHtml {
  return html`<div lang="${language}" dir="${directionOf(language)}" style="${STYLE.section};text-align:${align(language)}">
${content}
</div>`;
}

/**
 * Text from a person: neutralised (no bidi overrides or hidden controls), escaped, and
 * isolated paragraph by paragraph with dir="auto", so Arabic, English or mixed text keeps
 * its own direction whatever surrounds it. `lang=""`: the language is not known (people
 * may write in any language, whatever the form's language was).
 */
export function userTextHtml(text: string): SafeHtml {
  const paragraphs = neutraliseControls(text)
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.split('\n'));
  return html`<div lang="" style="${STYLE.userText}">${paragraphs.map(
    (lines) =>
      html`<p dir="auto" style="${STYLE.paragraph}">${lines.map((line, index) => (index === 0 ? line : html`<br>${line}`))}</p>`,
  )}</div>`;
}

/** A reference code: Latin, grouped, always left-to-right inside right-to-left text. */
export const referenceHtml = (reference: string) => html`<bdi dir="ltr" style="${STYLE.reference}">${reference}</bdi>`;

export const linkHtml = (href: string, label: string) => html`<a href="${href}" style="${STYLE.link}">${label}</a>`;

export const paragraphHtml = (content: SafeHtml | string) => html`<p style="${STYLE.paragraph}">${content}</p>`;

export const footerHtml = (language: Language, text: string) =>
  html`<p lang="${language}" dir="${directionOf(language)}" style="${STYLE.footer};text-align:${align(language)}">${text}</p>`;

/** Plain text: the same content, user text neutralised, sections separated by a rule. */
export const TEXT_RULE = '----------------------------------------';

export function textDocument(blocks: readonly (string | false | undefined)[]): string {
  return `${blocks.filter((block): block is string => typeof block === 'string' && block !== '').join('\n\n')}\n`;
}
