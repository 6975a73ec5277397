import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  type Language,
  type OutcomeContent,
  type OutcomeField,
  type OutcomeNote,
  outcomeFormValues,
  periodBounds,
  STAFF_LANGUAGES,
  staffPath,
  validateOutcome,
} from '#core';
import type { OutcomeStore } from '#store';
import { pageContext, renderPage } from '../public/page.tsx';
import type { PageContext } from '../public/views/layout.tsx';
import { requireStaff, type SessionDeps, staffOf, staffSession } from './auth.ts';
import { pageOf } from './context.ts';
import { StaffLayout } from './views/layout.tsx';
import {
  AdminFormPage,
  type AdminFrame,
  AdminHistoryPage,
  AdminListPage,
  type AdminPaths,
  AdminPreviewPage,
  AdminVersionPage,
  type CsrfField,
} from './views/outcomes-admin.tsx';

/**
 * The admin pages' access through staff sign-in (web/staff/auth.ts): the session, admins
 * only (others get its "not found"; no session goes to sign-in), and its anti-forgery
 * token, which `requireStaff` checks on every post. `staffSession` is idempotent, so it
 * does no harm if the staff app has already loaded the session.
 */
export function staffAdminAccess(
  session: SessionDeps,
): Pick<OutcomesAdminDeps, 'authorize' | 'staffEmail' | 'csrf' | 'frame'> {
  return {
    authorize: [
      staffSession(session) as unknown as MiddlewareHandler,
      requireStaff('admin') as unknown as MiddlewareHandler,
    ],
    staffEmail: (c) => staffOf(c).email,
    csrf: { field: (c) => ({ name: 'csrf', value: staffOf(c).csrf }) },
    // The staff pages' own layout: their navigation, who is signed in, sign-out.
    frame: (c) => (props) => <StaffLayout page={pageOf(c)} {...props} />,
  };
}

export interface OutcomesAdminDeps {
  outcomes: OutcomeStore;
  /**
   * Lets only admins through and answers everyone else itself: staff sign-in's
   * `[staffSession(…), requireStaff('admin')]`, which also checks the anti-forgery token on posts.
   */
  authorize: MiddlewareHandler | MiddlewareHandler[];
  /** Who is acting, for the version stamps (staff sign-in's `staffOf(c).email`). */
  staffEmail: (c: Context) => string;
  /** The anti-forgery field for forms (and its check on posts, if `authorize` does not check it). */
  csrf?: { field: (c: Context) => CsrfField; verify?: MiddlewareHandler };
  exitUrl: string;
  /**
   * The page around each admin page: the staff pages' layout (`staffAdminAccess`); a test may
   * give the public one (`publicFrame`). Given, never defaulted, so the staff function does
   * not bundle the public layout and its assets for nothing.
   */
  frame: (c: Context, page: PageContext) => AdminFrame;
  log?: (event: string, detail?: Record<string, unknown>) => void;
}

const MAX_NOTE_BYTES = 64 * 1024;
const NOTE_ID = /^[A-Za-z0-9_-]{8,32}$/;

function adminPaths(language: Language): AdminPaths {
  const root = staffPath(language, '/outcomes');
  return {
    list: root,
    create: root,
    newForm: `${root}/new`,
    edit: (id) => `${root}/${id}/edit`,
    save: (id) => `${root}/${id}`,
    preview: (id) => `${root}/${id}/preview`,
    publish: (id) => `${root}/${id}/publish`,
    history: (id) => `${root}/${id}/history`,
    version: (id, n) => `${root}/${id}/versions/${n}`,
  };
}

/**
 * `/staff/outcomes` (and `/en/staff/outcomes`) for admins. A sub-app: functions/compose-staff.ts mounts
 * it on the staff app with the `authorize` that staff sign-in provides (`staffAdminAccess`).
 */
export function createOutcomesAdmin(deps: OutcomesAdminDeps) {
  const log = deps.log ?? (() => {});
  const app = new Hono();
  const csrfField = (c: Context) => deps.csrf?.field(c);
  // Size first, then who is asking (which may read the body for its token), then the token check.
  const guards: MiddlewareHandler[] = [
    bodyLimit({ maxSize: MAX_NOTE_BYTES }),
    ...(Array.isArray(deps.authorize) ? deps.authorize : [deps.authorize]),
    ...(deps.csrf?.verify ? [deps.csrf.verify] : []),
  ];

  const countFor = (content: OutcomeContent) => {
    const { from, until } = periodBounds(content.periodStart, content.periodEnd);
    return deps.outcomes.countTopic(content.topic, from, until);
  };

  for (const language of STAFF_LANGUAGES) {
    const paths = adminPaths(language);
    const page = (c: Context) => pageContext(language, c.req.path, deps.exitUrl, STAFF_LANGUAGES);
    const frame = (c: Context) => deps.frame(c, page(c));
    const notFound = (c: Context) => c.notFound();
    const loadNote = async (c: Context): Promise<OutcomeNote | undefined> => {
      const id = c.req.param('id') ?? '';
      return NOTE_ID.test(id) ? deps.outcomes.get(id) : undefined;
    };

    // `/x/*` also matches `/x` itself: one registration, so the guards run once per request.
    app.use(`${paths.list}/*`, ...guards);

    app.get(paths.list, async (c) =>
      renderPage(
        c,
        <AdminListPage page={page(c)} frame={frame(c)} notes={await deps.outcomes.listAll()} paths={paths} />,
      ),
    );

    app.get(paths.newForm, (c) =>
      renderPage(
        c,
        <AdminFormPage
          page={page(c)}
          frame={frame(c)}
          action={paths.create}
          values={{}}
          csrf={csrfField(c)}
          paths={paths}
        />,
      ),
    );

    app.post(paths.create, async (c) => {
      const values = await readBody(c);
      const result = validateOutcome(values);
      if (!result.ok) {
        const kept = stringValues(values);
        return renderPage(
          c,
          <AdminFormPage
            page={page(c)}
            frame={frame(c)}
            action={paths.create}
            values={kept}
            errors={result.errors}
            csrf={csrfField(c)}
            paths={paths}
          />,
          400,
        );
      }
      const note = await deps.outcomes.create(result.value, deps.staffEmail(c));
      log('outcome.saved', { note: note.id, version: 1 });
      return c.redirect(paths.preview(note.id), 303);
    });

    app.get(paths.edit(':id'), async (c) => {
      const note = await loadNote(c);
      if (!note) return notFound(c);
      const latest = (note.draft ?? note.published)!;
      return renderPage(
        c,
        <AdminFormPage
          page={page(c)}
          frame={frame(c)}
          action={paths.save(note.id)}
          values={outcomeFormValues(latest)}
          expectedLatest={note.latestVersion}
          csrf={csrfField(c)}
          paths={paths}
        />,
      );
    });

    app.post(paths.save(':id'), async (c) => {
      const note = await loadNote(c);
      if (!note) return notFound(c);
      const values = await readBody(c);
      const expectedLatest = Number(values.expectedLatest);
      const result = validateOutcome(values);
      const again = (
        status: 400 | 409,
        errors?: Partial<Record<OutcomeField, string>>,
        notice?: 'outcomes.error.conflict',
      ) =>
        renderPage(
          c,
          <AdminFormPage
            page={page(c)}
            frame={frame(c)}
            action={paths.save(note.id)}
            values={stringValues(values)}
            errors={errors}
            notice={notice}
            // After a conflict, saving again is a deliberate choice over the newer version.
            expectedLatest={status === 409 ? note.latestVersion : expectedLatest}
            csrf={csrfField(c)}
            paths={paths}
          />,
          status,
        );
      if (!result.ok) return again(400, result.errors);
      const saved = await deps.outcomes.saveVersion(note.id, result.value, deps.staffEmail(c), expectedLatest);
      if (!saved.ok)
        return saved.reason === 'not-found' ? notFound(c) : again(409, undefined, 'outcomes.error.conflict');
      log('outcome.saved', { note: note.id, version: saved.note.latestVersion });
      return c.redirect(paths.preview(note.id), 303);
    });

    app.get(paths.preview(':id'), async (c) => {
      const note = await loadNote(c);
      if (!note) return notFound(c);
      const count = note.draft ? await countFor(note.draft) : (note.published?.count ?? 0);
      return renderPage(
        c,
        <AdminPreviewPage
          page={page(c)}
          frame={frame(c)}
          note={note}
          count={count}
          csrf={csrfField(c)}
          paths={paths}
        />,
      );
    });

    app.post(paths.publish(':id'), async (c) => {
      const note = await loadNote(c);
      if (!note) return notFound(c);
      const values = await readBody(c);
      const version = Number(values.version);
      const draft = note.draft;
      const published =
        draft && draft.version === version
          ? await deps.outcomes.publish(note.id, version, deps.staffEmail(c), await countFor(draft))
          : ({ ok: false, reason: 'stale' } as const);
      if (!published.ok) {
        if (published.reason === 'not-found') return notFound(c);
        const latest = (await deps.outcomes.get(note.id)) ?? note;
        const count = latest.draft ? await countFor(latest.draft) : (latest.published?.count ?? 0);
        return renderPage(
          c,
          <AdminPreviewPage
            page={page(c)}
            frame={frame(c)}
            note={latest}
            count={count}
            csrf={csrfField(c)}
            paths={paths}
            notice="outcomes.error.stale"
          />,
          409,
        );
      }
      log('outcome.published', { note: note.id, version });
      return c.redirect(`${paths.history(note.id)}?published=${version}`, 303);
    });

    app.get(paths.history(':id'), async (c) => {
      const note = await loadNote(c);
      if (!note) return notFound(c);
      const published = Number(c.req.query('published'));
      return renderPage(
        c,
        <AdminHistoryPage
          page={page(c)}
          frame={frame(c)}
          note={note}
          versions={await deps.outcomes.versions(note.id)}
          paths={paths}
          justPublished={note.published?.version === published ? published : undefined}
        />,
      );
    });

    app.get(paths.version(':id', 0).replace(/0$/, ':n'), async (c) => {
      const id = c.req.param('id') ?? '';
      const n = Number(c.req.param('n'));
      const version = NOTE_ID.test(id) && Number.isInteger(n) && n > 0 ? await deps.outcomes.version(id, n) : undefined;
      if (!version) return notFound(c);
      return renderPage(c, <AdminVersionPage page={page(c)} frame={frame(c)} version={version} paths={paths} />);
    });
  }
  return app;
}

/**
 * The posted form through Hono's body cache: the staff guard has usually parsed it already
 * (for its anti-forgery token), and a request body can only be read once.
 */
async function readBody(c: Context): Promise<Record<string, unknown>> {
  try {
    return await c.req.parseBody();
  } catch {
    return {};
  }
}

function stringValues(values: Record<string, unknown>): Partial<Record<OutcomeField, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => typeof value === 'string')) as Partial<
    Record<OutcomeField, string>
  >;
}
