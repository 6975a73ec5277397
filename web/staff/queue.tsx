import type { Hono } from 'hono';
import {
  canSeeSubmission,
  matchTexts,
  parseQuery,
  STAFF_LANGUAGES,
  type StaffActor,
  type SubmissionRecord,
  translator,
  useStaffCatalogues,
} from '#core';
import { isSearchPosition, type QueueRequest, type StatusCounts, searchTexts } from '#store';
import { requireStaff, type StaffEnv, staffOf } from './auth.ts';
import { pageOf, staffBase } from './context.ts';
import type { StaffAppDeps } from './deps.ts';
import { csvLines, EXPORT_MAX_ROWS, jsonPieces, textStream } from './export.ts';
import { type QueueView, queueRequest, readQueueQuery, signCursor } from './queue-query.ts';
import { renderStaff } from './render.tsx';
import { QueuePage } from './views/queue.tsx';
import { collapseGroups, type SearchView } from './views/search.tsx';

/**
 * A search as a queue page (issue 15): the same partitions by role, statuses, filters and
 * order, the rows being the matches, each with its marked passage.
 */
async function searchPage(
  deps: StaffAppDeps,
  view: QueueView,
  request: QueueRequest,
): Promise<{ items: SubmissionRecord[]; next?: string; search: SearchView }> {
  const text = view.q ?? '';
  const query = parseQuery(text);
  if (!query) return { items: [], search: { text, passages: new Map(), partial: false, nothing: true } };
  // A queue cursor (run-marked) is not a search position: start from the first page.
  const after = view.after && isSearchPosition(view.after) ? view.after : undefined;
  const page = await deps.search.search({ ...request, query, after });
  const items = page.hits.map((hit) => hit.record);
  const search: SearchView = {
    text,
    passages: new Map(page.hits.map((hit) => [hit.record.reference, hit.passage])),
    partial: page.next !== undefined && page.hits.length < request.pageSize,
    nothing: false,
  };
  return page.next ? { items, next: page.next, search } : { items, search };
}

// The staff side's messages are a catalogue of their own (packages/core/i18n/staff.ts).
useStaffCatalogues();

/** The queue at /staff/inbox, and exports of the same filter. */
export function queueRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  const pageSize = deps.pageSize ?? 20;

  for (const language of STAFF_LANGUAGES) {
    const base = staffBase(language);

    app.get(`${base}/inbox`, requireStaff(), async (c) => {
      const me = staffOf(c);
      const view = readQueueQuery(deps.secret, me, c.req.query());
      const request = queueRequest(me, view, pageSize);
      const [page, counts]: [{ items: SubmissionRecord[]; next?: string; search?: SearchView }, StatusCounts] =
        await Promise.all([
          view.q ? searchPage(deps, view, request) : deps.queue.listQueue(request),
          deps.queue.counts(request.scope),
        ]);
      // The store already read only what this role may see; checked again on the way out.
      const visible = page.items.filter((record) => canSeeSubmission(me, record));
      const groups = await deps.search.groups(visible.flatMap((record) => (record.group ? [record.group] : [])));
      // A group appears once in the whole listing, not once a page: at its lead's place.
      const query = view.q ? parseQuery(view.q) : undefined;
      const leads = await deps.search.groupLeads(
        [...groups.keys()],
        request,
        (record) => canSeeSubmission(me, record) && (!query || matchTexts(searchTexts(record), query) !== undefined),
      );
      const items = collapseGroups(visible, groups, leads);
      const next = page.next ? signCursor(deps.secret, view.order, page.next) : undefined;
      return renderStaff(
        c,
        <QueuePage
          page={pageOf(c, 'queue')}
          view={view}
          counts={counts}
          items={items}
          next={next}
          search={page.search}
          groups={groups}
        />,
      );
    });

    for (const format of ['csv', 'json'] as const) {
      app.get(`${base}/export.${format}`, requireStaff(), async (c) => {
        const me = staffOf(c);
        const view = readQueueQuery(deps.secret, me, c.req.query());
        const { after: _after, pageSize: _size, ...request } = queueRequest(me, view, pageSize);
        // The file is streamed row by row (never held whole: Lambda answers at most 6 MB
        // buffered), so whether it is cut at the cap is counted first, on the small fields.
        let visible = 0;
        for await (const record of deps.queue.eachInQueue({ ...request, fields: 'count' }, EXPORT_MAX_ROWS + 1)) {
          if (canSeeSubmission(me, record)) visible += 1;
        }
        const truncated = visible > EXPORT_MAX_ROWS;
        const rows = exportedRows(deps.queue.eachInQueue({ ...request, fields: 'export' }, EXPORT_MAX_ROWS + 1), me);
        const stamp = new Date().toISOString().slice(0, 10);
        c.header('Cache-Control', 'no-store');
        c.header('Content-Disposition', `attachment; filename="mashura-${view.status}-${stamp}.${format}"`);
        if (truncated) c.header('Mashura-Export-Truncated', 'true');
        deps.log?.('staff.export', { format, rows: Math.min(visible, EXPORT_MAX_ROWS), role: me.role });
        if (format === 'json') {
          c.header('Content-Type', 'application/json');
          const head = {
            exportedAt: new Date().toISOString(),
            status: view.status,
            filters: view.filters,
            order: view.order,
            truncated,
          };
          return c.body(textStream(jsonPieces(head, me, rows)));
        }
        c.header('Content-Type', 'text/csv; charset=utf-8');
        return c.body(textStream(csvLines(me, translator(language), language, rows)));
      });
    }
  }
}

/** What this role may see, at most EXPORT_MAX_ROWS of it. */
async function* exportedRows(records: AsyncIterable<SubmissionRecord>, me: StaffActor) {
  let count = 0;
  for await (const record of records) {
    if (!canSeeSubmission(me, record)) continue;
    if (count >= EXPORT_MAX_ROWS) return;
    count += 1;
    yield record;
  }
}
