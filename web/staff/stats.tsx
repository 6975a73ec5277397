import type { Hono } from 'hono';
import {
  addToTally,
  emptyTally,
  LANGUAGES,
  STAT_DIMENSIONS,
  type StatDimension,
  type StatRow,
  SUBMISSION_STATUSES,
  suppress,
} from '#core';
import { requireStaff, type StaffEnv, staffOf } from './auth.ts';
import { pageOf, staffBase } from './context.ts';
import type { StaffAppDeps } from './deps.ts';
import { renderStaff } from './render.tsx';
import { StatsPage } from './views/stats.tsx';

/**
 * Statistics, computed per request by paging through the index partitions of what this
 * person may see (Query, never Scan; spam left out). Fine at thousands of submissions;
 * past that, a scheduled roll-up into summary items would keep the page fast.
 */
export function statsRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  for (const language of LANGUAGES) {
    const base = staffBase(language);

    app.get(`${base}/stats`, requireStaff(), async (c) => {
      const me = staffOf(c);
      const tally = emptyTally();
      let total = 0;
      const scope = me.role === 'liaison' ? 'donors' : 'all';
      const statuses = SUBMISSION_STATUSES.filter((status) => status !== 'spam');
      for await (const record of deps.queue.eachInQueue({ scope, statuses, order: 'oldest', fields: 'stats' })) {
        addToTally(tally, record);
        total += 1;
      }
      const tables = Object.fromEntries(
        STAT_DIMENSIONS.map((dimension) => [dimension, suppress(dimension, tally[dimension])]),
      ) as Record<StatDimension, StatRow[]>;
      const page = pageOf(c, 'stats');
      const notice = c.req.query('done') === 'recounted' ? page.t('staff.stats.recounted') : undefined;
      return renderStaff(
        c,
        <StatsPage page={page} counted={total} tables={tables} donorsOnly={scope === 'donors'} notice={notice} />,
      );
    });

    app.post(`${base}/stats/recount`, requireStaff('admin'), async (c) => {
      await deps.queue.recount();
      deps.log?.('staff.recounted', {});
      return c.redirect(`${base}/stats?done=recounted`, 303);
    });
  }
}
