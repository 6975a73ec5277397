import type { Child } from 'hono/jsx';
import { groupCode, type Language, LOCALES, neutraliseControls } from '#core';
import type { StaffPage } from '../context.ts';

/** A reference code: Latin, grouped, left-to-right inside right-to-left text. */
export const Reference = ({ reference, large = false }: { reference: string; large?: boolean }) => (
  <bdi dir="ltr" class={large ? 'code' : 'code-small'}>
    {groupCode(reference)}
  </bdi>
);

const formats = new Map<Language, Intl.DateTimeFormat>();
/** Times in the staff member's language, in UTC (staff work across time zones), said so. */
export function formatTime(language: Language, iso: string): string {
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    formats.set(language, format);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${format.format(date)} UTC`;
}

export const Time = ({ language, iso }: { language: Language; iso: string }) => (
  <time datetime={iso}>{formatTime(language, iso)}</time>
);

/** The GOV.UK error summary: focused on load, each problem linking to its field. */
export function ErrorSummary({ page, errors }: { page: StaffPage; errors: { target: string; text: string }[] }) {
  return (
    <section class="error-summary" aria-labelledby="error-summary-title" tabindex={-1}>
      <div>
        <h2 class="error-summary-title" id="error-summary-title">
          {page.t('error.summary.title')}
        </h2>
        <ul>
          {errors.map((error) => (
            <li>
              <a href={`#${error.target}`}>{error.text}</a>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export function FieldError({ page, id, text }: { page: StaffPage; id: string; text: string }) {
  return (
    <p id={id} class="error-message">
      <span class="visually-hidden">{page.t('error.titlePrefix')}</span> {text}
    </p>
  );
}

/** A confirmation after a change: announced politely, not focused. */
export const Notice = ({ lines }: { lines: string[] }) => (
  <div class="notice" role="status">
    {lines.map((line) => (
      <p>{line}</p>
    ))}
  </div>
);

export const CsrfField = ({ page }: { page: StaffPage }) =>
  page.staff ? <input type="hidden" name="csrf" value={page.staff.csrf} /> : null;

/** Person-written text, isolated paragraph by paragraph, with bidi controls already removed. */
export function UserText({ text }: { text: string }) {
  // Stored text was neutralised at intake; the view does not rely on that.
  const paragraphs = neutraliseControls(text)
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.split('\n'));
  return (
    <div class="user-text">
      {paragraphs.map((lines) => (
        <p>
          <bdi dir="auto">{lines.map((line, index) => (index === 0 ? line : [<br />, line]))}</bdi>
        </p>
      ))}
    </div>
  );
}

/** A placeholder value to put an element (e.g. an isolated address) inside a translated sentence. */
export const SLOT = '\u0000slot\u0000';
export function withSlot(text: string, node: Child) {
  const [before, after = ''] = text.split(SLOT);
  return [before, node, after];
}

/** A table that may scroll sideways at 400% zoom: a named, focusable region, so keyboards can scroll it. */
export const TableRegion = ({ labelledBy, children }: { labelledBy: string; children: Child }) => (
  <section class="table-scroll" aria-labelledby={labelledBy} tabindex={0}>
    {children}
  </section>
);
