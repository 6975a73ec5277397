import {
  ADDRESSEES,
  findTopic,
  inContentLanguage,
  LANGUAGE_TABLE,
  LANGUAGES,
  languageName,
  NOT_GIVEN,
  REGIONS,
  SUBMISSION_STATUSES,
  type SubmissionRecord,
  TOPICS,
} from '#core';
import type { GroupSummary, StatusCounts } from '#store';
import type { StaffPage } from '../context.ts';
import { EXPORT_MAX_ROWS } from '../export.ts';
import { type QueueView, queueHref, type StatusChoice } from '../queue-query.ts';
import { StaffLayout } from './layout.tsx';
import { Notice, Reference, TableRegion, Time } from './parts.tsx';
import { GroupNote, PassageText, SearchBox, type SearchView } from './search.tsx';

export interface QueuePageProps {
  page: StaffPage;
  view: QueueView;
  counts: StatusCounts;
  items: SubmissionRecord[];
  /** Signed cursor of the next page, if any. */
  next?: string | undefined;
  /** Search results: the rows are matches, each with its passage (issue 15). */
  search?: SearchView | undefined;
  /** Near-duplicate groups of the rows shown. */
  groups?: Map<string, GroupSummary>;
}

const statusLabel = (page: StaffPage, status: StatusChoice) => page.t(`staff.status.${status}`);

function StatusNav({ page, view, counts }: Pick<QueuePageProps, 'page' | 'view' | 'counts'>) {
  const total = SUBMISSION_STATUSES.reduce((sum, status) => sum + counts[status], 0);
  const choices: StatusChoice[] =
    page.staff?.role === 'liaison' ? ['all', ...SUBMISSION_STATUSES] : [...SUBMISSION_STATUSES, 'all'];
  return (
    <nav class="status-nav" aria-label={page.t('staff.queue.statusNav')}>
      <ul>
        {choices.map((status) => (
          <li>
            <a
              href={queueHref(page.base, '/inbox', { ...view, status })}
              aria-current={view.status === status ? 'page' : undefined}
            >
              {page.t('staff.queue.count', {
                label: statusLabel(page, status),
                n: status === 'all' ? total : counts[status],
              })}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Select({
  id,
  label,
  value,
  options,
  any,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  any?: string;
}) {
  return (
    <div>
      <label class="label" for={id}>
        {label}
      </label>
      <select id={id} name={id}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ page, view }: Pick<QueuePageProps, 'page' | 'view'>) {
  const { t, language, base } = page;
  const any = t('staff.queue.filter.any');
  return (
    <form method="get" action={`${base}/inbox`} class="filters">
      {view.q && <input type="hidden" name="q" value={view.q} />}
      <fieldset>
        <legend>{t('staff.queue.filters')}</legend>
        <div class="filter-grid">
          <Select
            id="status"
            label={t('staff.queue.filter.status')}
            value={view.status}
            options={[...SUBMISSION_STATUSES, 'all' as const].map((status) => ({
              value: status,
              label: statusLabel(page, status),
            }))}
          />
          <Select
            id="addressee"
            label={t('staff.queue.filter.addressee')}
            value={view.filters.addressee}
            any={any}
            options={ADDRESSEES.map((id) => ({ value: id, label: t(`addressee.${id}`) }))}
          />
          <Select
            id="topic"
            label={t('staff.queue.filter.topic')}
            value={view.filters.topic}
            any={any}
            options={TOPICS.map((topic) => ({ value: topic.id, label: inContentLanguage(topic.label, language) }))}
          />
          <Select
            id="region"
            label={t('staff.queue.filter.region')}
            value={view.filters.region}
            any={any}
            options={[
              ...REGIONS.map((id) => ({ value: id, label: t(`region.${id}`) })),
              { value: NOT_GIVEN, label: t('staff.submission.notGiven') },
            ]}
          />
          <Select
            id="language"
            label={t('staff.queue.filter.language')}
            value={view.filters.language}
            any={any}
            options={LANGUAGES.map((id) => ({ value: id, label: languageName(id, language) }))}
          />
          <Select
            id="order"
            label={t('staff.queue.filter.order')}
            value={view.order}
            options={[
              { value: 'newest', label: t('staff.queue.order.newest') },
              { value: 'oldest', label: t('staff.queue.order.oldest') },
            ]}
          />
          <div class="choice">
            <input type="checkbox" id="urgent" name="urgent" value="1" checked={view.filters.urgent === true} />
            <label for="urgent">{t('staff.queue.filter.urgent')}</label>
          </div>
        </div>
        <div class="form-actions">
          <button type="submit" class="button">
            {t('staff.queue.filter.apply')}
          </button>
          <a href={`${base}/inbox?status=${view.status}`}>{t('staff.queue.filter.clear')}</a>
        </div>
      </fieldset>
    </form>
  );
}

function Rows({
  page,
  items,
  search,
  groups,
}: {
  page: StaffPage;
  items: SubmissionRecord[];
  search?: SearchView | undefined;
  groups?: Map<string, GroupSummary> | undefined;
}) {
  const { t, language, base } = page;
  return (
    <tbody>
      {items.map((record) => (
        <tr>
          <th scope="row">
            <a href={`${base}/submissions/${record.reference}`}>
              <Reference reference={record.reference} />
            </a>
            {record.group && groups?.get(record.group) && <GroupNote page={page} group={groups.get(record.group)!} />}
          </th>
          {search && (
            <td>
              {search.passages.get(record.reference) && (
                <PassageText page={page} passage={search.passages.get(record.reference)!} />
              )}
            </td>
          )}
          <td>
            <Time language={language} iso={record.createdAt} />
          </td>
          <td>
            {record.urgent ? (
              <span class="badge badge-urgent">{t('staff.queue.urgent')}</span>
            ) : (
              t('staff.queue.notUrgent')
            )}
          </td>
          <td>{t(`staff.status.${record.status}`)}</td>
          <td>{t(`addressee.${record.addressee}`)}</td>
          <td>
            {(record.topics ?? [])
              .map((id) => inContentLanguage(findTopic(id)?.label, language) ?? id)
              .join(LANGUAGE_TABLE[language].listSeparator)}
          </td>
          <td>{languageName(record.language, language)}</td>
          <td>{record.assignee ? <bdi dir="ltr">{record.assignee}</bdi> : t('staff.queue.unassigned')}</td>
        </tr>
      ))}
    </tbody>
  );
}

export function QueuePage({ page, view, counts, items, next, search, groups }: QueuePageProps) {
  const { t, base } = page;
  // Urgent submissions come first unless the list is already only (or no) urgent ones.
  const urgentFirst = view.filters.urgent === undefined;
  const orderText = urgentFirst
    ? t(`staff.queue.urgentFirst.${view.order}`)
    : t(view.order === 'newest' ? 'staff.queue.order.newest' : 'staff.queue.order.oldest');
  const otherOrder = view.order === 'newest' ? 'oldest' : 'newest';
  const captionParams = { status: statusLabel(page, view.status), order: orderText };
  const caption = search
    ? t(view.after ? 'search.captionPage' : 'search.caption', { ...captionParams, query: search.text })
    : t(view.after ? 'staff.queue.captionPage' : 'staff.queue.caption', captionParams);
  const showUrgent = counts.urgentNew > 0 && !view.filters.urgent && (view.status === 'new' || view.status === 'all');
  return (
    <StaffLayout page={page} title={search ? `${search.text} – ${t('staff.queue.title')}` : t('staff.queue.title')}>
      <h1>{t('staff.queue.title')}</h1>
      {view.invalidCursor && <Notice lines={[t('staff.queue.invalidCursor')]} />}
      {showUrgent && (
        <div class="alert-panel">
          <p>
            <strong>{t('staff.queue.urgentWaiting', { n: counts.urgentNew })}</strong>{' '}
            <a href={queueHref(base, '/inbox', { ...view, status: 'new', filters: { ...view.filters, urgent: true } })}>
              {t('staff.queue.showUrgent')}
            </a>
          </p>
        </div>
      )}
      <SearchBox page={page} view={view} />
      {search && (
        <div role="status" class="search-status">
          <p>
            {search.nothing ? t('search.nothingToSearch') : t('search.found', { n: items.length, query: search.text })}
          </p>
          {search.partial && <p>{t('search.partial')}</p>}
        </div>
      )}
      <StatusNav page={page} view={view} counts={counts} />
      <Filters page={page} view={view} />

      {items.length === 0 ? (
        <p>{search && !search.nothing ? t('search.none', { query: search.text }) : t('staff.queue.empty')}</p>
      ) : (
        <TableRegion labelledBy="queue-caption">
          <table class="data">
            <caption id="queue-caption">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.queue.col.reference')}</th>
                {search && <th scope="col">{t('search.col.passage')}</th>}
                {/* Sorted by this column alone only when urgency does not come first; the caption says which. */}
                <th
                  scope="col"
                  aria-sort={urgentFirst ? undefined : view.order === 'newest' ? 'descending' : 'ascending'}
                >
                  <a href={queueHref(base, '/inbox', { ...view, order: otherOrder })}>
                    {t('staff.queue.col.received')}
                    <span class="visually-hidden">
                      {' '}
                      ({t('staff.queue.sortBy', { order: t(`staff.queue.order.${otherOrder}`) })})
                    </span>
                  </a>
                </th>
                <th scope="col">{t('staff.queue.col.urgency')}</th>
                <th scope="col">{t('staff.queue.col.status')}</th>
                <th scope="col">{t('staff.queue.col.addressee')}</th>
                <th scope="col">{t('staff.queue.col.topics')}</th>
                <th scope="col">{t('staff.queue.col.language')}</th>
                <th scope="col">{t('staff.queue.col.assignee')}</th>
              </tr>
            </thead>
            <Rows page={page} items={items} search={search} groups={groups} />
          </table>
        </TableRegion>
      )}

      {(next || view.after) && (
        <nav class="pagination" aria-label={t('staff.queue.pagination')}>
          <ul>
            {view.after && (
              <li>
                <a href={queueHref(base, '/inbox', view)}>{t('staff.queue.first')}</a>
              </li>
            )}
            {next && (
              <li>
                <a href={queueHref(base, '/inbox', view, next)} rel="next">
                  {t('staff.queue.next')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}

      <h2>{t('staff.queue.export')}</h2>
      <p>{t('staff.queue.exportNote', { max: EXPORT_MAX_ROWS })}</p>
      <ul>
        <li>
          <a href={queueHref(base, '/export.csv', { ...view, q: undefined })}>{t('staff.queue.exportCsv')}</a>
        </li>
        <li>
          <a href={queueHref(base, '/export.json', { ...view, q: undefined })}>{t('staff.queue.exportJson')}</a>
        </li>
      </ul>
    </StaffLayout>
  );
}
