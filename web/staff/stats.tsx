import type { Hono } from 'hono';
import {
  DEFAULT_CAMPAIGN,
  STAFF_LANGUAGES,
  type StatDimension,
  type StatRow,
  statDimensionsFor,
  suppress,
} from '#core';
import { requireStaff, type StaffEnv, staffOf } from './auth.ts';
import { pageOf, staffBase } from './context.ts';
import type { StaffAppDeps } from './deps.ts';
import { renderStaff } from './render.tsx';
import { StatsPage } from './views/stats.tsx';

/**
 * Statistics from the running totals the store keeps as submissions are routed, triaged
 * and rerouted (packages/store/counts.ts): one GetItem for the scope this person may see,
 * whatever the number of submissions; spam left out. Admins can rebuild the totals from
 * the indexes (recount) if they ever drift.
 */
export function statsRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  for (const language of STAFF_LANGUAGES) {
    const base = staffBase(language);

    app.get(`${base}/stats`, requireStaff('triager', 'admin', 'liaison'), async (c) => {
      const me = staffOf(c);
      const scope = me.role === 'liaison' ? 'donors' : 'all';
      const { tally, total } = await deps.queue.statistics(scope);
      // Only breakdowns of what this role may read on a submission (no differencing to learn more).
      const dimensions = statDimensionsFor(me);
      const tables = Object.fromEntries(
        dimensions.map((dimension) => [dimension, suppress(dimension, tally[dimension])]),
      ) as Partial<Record<StatDimension, StatRow[]>>;
      const page = pageOf(c, 'stats');
      const notice = c.req.query('done') === 'recounted' ? page.t('staff.stats.recounted') : undefined;
      // Campaigns are recorded as messages are grouped (in the workflow, by the default rule).
      const campaigns =
        scope === 'donors' ? undefined : { rule: DEFAULT_CAMPAIGN, groups: await deps.search.campaigns() };
      return renderStaff(
        c,
        <StatsPage
          page={page}
          counted={total}
          dimensions={dimensions}
          tables={tables}
          donorsOnly={scope === 'donors'}
          notice={notice}
          campaigns={campaigns}
        />,
      );
    });

    app.post(`${base}/stats/recount`, requireStaff('admin'), async (c) => {
      await deps.queue.recount();
      deps.log?.('staff.recounted', {});
      return c.redirect(`${base}/stats?done=recounted`, 303);
    });
  }
}
