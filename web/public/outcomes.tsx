import { Hono } from 'hono';
import { LANGUAGES } from '#core';
import type { OutcomeStore } from '#store';
import { outcomesPath, pageContext, renderPage } from './page.tsx';
import { OutcomesPage } from './views/outcomes.tsx';

/**
 * "What was raised and what was done": the public list of outcome notes. Admins write and
 * publish them on the staff side (web/staff/outcomes.tsx).
 *
 * Counts: a note's count of input on its topic in its period is counted when it is
 * previewed and fixed when it is published (OutcomeStore.countTopic: a counting Query per
 * status partition, O(submissions in the period), spam excluded). The public page then
 * reads only the notes, one Query, whatever the number of submissions. Counters kept on
 * every submission would make the public page no cheaper and would need a second write in
 * intake that can drift (retries, spam reclassified); counting at publish time is exact for
 * the moment it is published, which the page says.
 */
export function createOutcomesRoutes(deps: { outcomes: Pick<OutcomeStore, 'listPublished'>; exitUrl: string }) {
  const app = new Hono();
  for (const language of LANGUAGES) {
    app.get(outcomesPath(language), async (c) => {
      const notes = await deps.outcomes.listPublished();
      return renderPage(
        c,
        <OutcomesPage
          page={pageContext(language, c.req.path, deps.exitUrl)}
          notes={notes.map(({ published }) => ({
            version: published,
            count: published.count,
            firstPublishedAt: published.firstPublishedAt,
            publishedAt: published.publishedAt,
          }))}
        />,
      );
    });
  }
  return app;
}
