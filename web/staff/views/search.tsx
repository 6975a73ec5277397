import type { Passage } from '#core';
import type { GroupSummary } from '#store';
import type { StaffPage } from '../context.ts';
import type { QueueView } from '../queue-query.ts';

/**
 * The staff search box, the marked passage of a result, and the "and N similar" note of a
 * near-duplicate group (issue 15). The box is a `search` landmark; the passage isolates the
 * person's text (`bdi dir=auto`) and marks each match with <mark>, which screen readers
 * announce as highlighted.
 */
export interface SearchView {
  /** What was typed. */
  text: string;
  /** Passages by reference, for the rows on this page. */
  passages: Map<string, Passage>;
  /** The read budget ended the page early. */
  partial: boolean;
  /** Nothing searchable was typed (punctuation only). */
  nothing: boolean;
}

export function SearchBox({ page, view }: { page: StaffPage; view: QueueView }) {
  const { t, base } = page;
  const f = view.filters;
  return (
    <search class="search-form">
      <h2 id="search-heading" class="visually-hidden">
        {t('search.landmark')}
      </h2>
      <form method="get" action={`${base}/inbox`}>
        {/* The search keeps the filters and order that are set; the filter form keeps the search. */}
        <input type="hidden" name="status" value={view.status} />
        {f.addressee && <input type="hidden" name="addressee" value={f.addressee} />}
        {f.topic && <input type="hidden" name="topic" value={f.topic} />}
        {f.region && <input type="hidden" name="region" value={f.region} />}
        {f.language && <input type="hidden" name="language" value={f.language} />}
        {f.urgent && <input type="hidden" name="urgent" value="1" />}
        <input type="hidden" name="order" value={view.order} />
        <label class="label" for="q">
          {t('search.label')}
        </label>
        <p id="q-hint" class="hint">
          {t('search.hint')}
        </p>
        <div class="search-row">
          <input
            type="search"
            id="q"
            name="q"
            dir="auto"
            value={view.q ?? ''}
            maxlength={200}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="q-hint"
          />
          <button type="submit" class="button">
            {t('search.submit')}
          </button>
          {view.q && <a href={`${base}/inbox?status=${view.status}&order=${view.order}`}>{t('search.clear')}</a>}
        </div>
      </form>
    </search>
  );
}

export function PassageText({ page, passage }: { page: StaffPage; passage: Passage }) {
  return (
    <p class="passage">
      <span class="passage-field">{page.t(`search.field.${passage.field}`)}: </span>
      <bdi dir="auto">{passage.pieces.map((piece) => (piece.mark ? <mark>{piece.text}</mark> : piece.text))}</bdi>
    </p>
  );
}

export function GroupNote({ page, group }: { page: StaffPage; group: GroupSummary }) {
  const { t, base } = page;
  return (
    <span class="group-note">
      <a href={`${base}/groups/${group.id}`}>{t('group.similar', { n: group.size - 1 })}</a>
      {group.campaign && (
        <>
          {' '}
          <span class="badge badge-campaign">{t('group.campaign')}</span>
        </>
      )}
    </span>
  );
}

/**
 * Near-duplicates appear once in a whole listing: a group's row is its lead (the first of its
 * members the listing shows, whatever page that is on; `groupLeads` in packages/store/search.ts),
 * with its size. A row whose group the leads do not cover (beyond the members read) stands for
 * its group on this page, once.
 */
export function collapseGroups<T extends { reference: string; group?: string | undefined }>(
  items: T[],
  groups: Map<string, GroupSummary>,
  leads: Map<string, { lead: string; members: Set<string> }> = new Map(),
): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (!item.group || !groups.has(item.group)) return true;
    const known = leads.get(item.group);
    if (known?.members.has(item.reference)) return known.lead === item.reference;
    if (seen.has(item.group)) return false;
    seen.add(item.group);
    return true;
  });
}
