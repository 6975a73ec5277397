import type { PageContext } from './layout.tsx';

/**
 * The GOV.UK error pattern for the follow-up pages, with the same markup and classes as
 * the main form's: a summary focused on load, one link per field, and inline messages.
 */
export interface SummaryItem {
  text: string;
  /** The id of the field the problem is about; items without one are not links. */
  target?: string;
}

export function ErrorSummary({ page, items }: { page: PageContext; items: SummaryItem[] }) {
  return (
    <section class="error-summary" aria-labelledby="error-summary-title" tabindex={-1}>
      <div>
        <h2 class="error-summary-title" id="error-summary-title">
          {page.t('error.summary.title')}
        </h2>
        <ul>
          {items.map((item) => (
            <li>{item.target ? <a href={`#${item.target}`}>{item.text}</a> : item.text}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export function FieldError({ page, id, text }: { page: PageContext; id: string; text: string }) {
  return (
    <p id={id} class="error-message">
      <span class="visually-hidden">{page.t('error.titlePrefix')}</span> {text}
    </p>
  );
}

export const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;
