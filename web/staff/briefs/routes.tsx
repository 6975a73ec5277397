import type { Context, Hono } from 'hono';
import {
  BRIEF_ID,
  type Brief,
  type BriefContent,
  type BriefErrors,
  type BriefField,
  type BriefQuote,
  type BriefVersion,
  briefExecutionName,
  briefFormValues,
  briefInboxes,
  canPublishBriefs,
  canSeeBreakdown,
  canSeeBrief,
  canWriteBriefs,
  checkQuote,
  figuresForBrief,
  periodBounds,
  previousPeriod,
  readByLiaisons,
  STAFF_LANGUAGES,
  type StaffActor,
  validateBriefForm,
} from '#core';
import { requireStaff, type StaffEnv, staffOf } from '../auth.ts';
import { pageOf, staffBase } from '../context.ts';
import type { StaffAppDeps } from '../deps.ts';
import { renderNotFound, renderStaff } from '../render.tsx';
import { briefPaths } from './paths.ts';
import type { BriefListItem, QuoteWarning } from './views.tsx';

/** The pages, imported when one is first rendered (as the consultation pages': consultations/app.tsx). */
const views = () => import('./views.tsx');

/**
 * `/staff/briefs` (issue 16). Triagers and admins write briefs; admins publish and send
 * them; a donor liaison reads and exports published briefs on donor-routed input only,
 * without the gender and disability tables unless an admin published them for liaisons.
 * Figures are counted when a version is saved and kept with it, so a version never
 * changes; every export and send is added to the brief's audit trail.
 */
const QUOTE_ERRORS = {
  missing: 'briefs.error.quote.missing',
  'out-of-scope': 'briefs.error.quote.scope',
  'no-consent': 'briefs.error.quote.consent',
  'not-verbatim': 'briefs.error.quote.verbatim',
  confirm: 'briefs.error.quote.confirm',
} as const;

type Body = Record<string, string | string[]>;

async function readBody(c: Context): Promise<Body> {
  const body = await c.req.parseBody({ all: true });
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => typeof value === 'string' || Array.isArray(value)),
  ) as Body;
}

export function briefRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  const briefs = deps.briefs;
  if (!briefs) return;
  const store = briefs.store;
  const log = deps.log ?? (() => {});

  async function figuresFor(content: Pick<BriefContent, 'addressee' | 'topics' | 'periodStart' | 'periodEnd'>) {
    const { from, until } = periodBounds(content.periodStart, content.periodEnd);
    const before = previousPeriod(content.periodStart, content.periodEnd);
    const previous = periodBounds(before.periodStart, before.periodEnd);
    const [current, earlier] = await Promise.all([
      store.periodFields(from, until),
      store.periodFields(previous.from, previous.until),
    ]);
    return figuresForBrief(content, current, earlier, deps.config.campaign);
  }

  /** The form checked, quotes against their submissions: a brief's content, or what is wrong. */
  async function readBrief(
    body: Body,
  ): Promise<{ ok: true; content: BriefContent } | { ok: false; errors: BriefErrors; warnings: QuoteWarning[] }> {
    const form = validateBriefForm(body);
    if (!form.ok) return { ok: false, errors: form.errors, warnings: [] };
    const errors: BriefErrors = {};
    const warnings: QuoteWarning[] = [];
    const quotes: BriefQuote[] = [];
    for (const draft of form.quotes) {
      const record = await briefs!.submissions.get(draft.reference);
      const checked = checkQuote(draft, record, form.value.addressee, form.value.flagWords);
      if (checked.ok) {
        quotes.push(checked.quote);
        continue;
      }
      if (checked.error === 'confirm') {
        errors[`quote${draft.slot}Confirm`] = QUOTE_ERRORS.confirm;
        warnings.push({ slot: draft.slot, details: checked.details });
      } else {
        const field: BriefField =
          checked.error === 'not-verbatim' ? `quote${draft.slot}Text` : `quote${draft.slot}Reference`;
        errors[field] = QUOTE_ERRORS[checked.error];
      }
    }
    if (Object.keys(errors).length > 0) return { ok: false, errors, warnings };
    return { ok: true, content: { ...form.value, quotes } };
  }

  for (const language of STAFF_LANGUAGES) {
    const paths = briefPaths(staffBase(language));
    const writers = requireStaff('triager', 'admin');
    const admins = requireStaff('admin');
    // A facilitator sees no submissions (issue 14), so no brief made from them.
    const readers = requireStaff('triager', 'admin', 'liaison');

    /** The brief, if this person may see it (a liaison: published donor briefs only). */
    const load = async (c: Context, me: StaffActor): Promise<Brief | undefined> => {
      const id = c.req.param('id') ?? '';
      if (!BRIEF_ID.test(id)) return undefined;
      const brief = await store.get(id);
      if (!brief || !canSeeBrief(me, brief)) return undefined;
      if (me.role === 'liaison' && !brief.published) return undefined;
      return brief;
    };
    /** A version this person may read: a liaison only the published one. */
    const versionFor = async (me: StaffActor, brief: Brief, n: number): Promise<BriefVersion | undefined> => {
      if (!Number.isSafeInteger(n) || n < 1 || n > brief.latestVersion) return undefined;
      if (me.role === 'liaison' && brief.published?.version !== n) return undefined;
      return store.version(brief.id, n);
    };

    const show = async (
      c: Context<StaffEnv>,
      brief: Brief,
      version: BriefVersion,
      extra: { notice?: string; error?: string; printView?: boolean } = {},
      status: 200 | 409 = 200,
    ) => {
      const me = staffOf(c);
      const { BriefViewPage } = await views();
      return renderStaff(
        c,
        <BriefViewPage
          page={pageOf(c, 'briefs')}
          brief={brief}
          version={version}
          paths={paths}
          withBreakdown={canSeeBreakdown(me, version)}
          canWrite={canWriteBriefs(me)}
          canPublish={canPublishBriefs(me)}
          {...extra}
        />,
        status,
      );
    };

    app.get(paths.list, readers, async (c) => {
      const me = staffOf(c);
      const visible = (await store.list()).filter(
        (brief) => canSeeBrief(me, brief) && (me.role !== 'liaison' || brief.published),
      );
      const items: BriefListItem[] = [];
      for (const brief of visible) {
        const n = me.role === 'liaison' ? brief.published!.version : brief.latestVersion;
        const latest = await store.version(brief.id, n);
        if (latest) items.push({ brief, latest });
      }
      const { BriefListPage } = await views();
      return renderStaff(
        c,
        <BriefListPage page={pageOf(c, 'briefs')} items={items} paths={paths} canWrite={canWriteBriefs(me)} />,
      );
    });

    app.get(paths.newForm, writers, async (c) => {
      const { BriefFormPage } = await views();
      return renderStaff(
        c,
        <BriefFormPage page={pageOf(c, 'briefs')} action={paths.create} values={{}} paths={paths} />,
      );
    });

    app.post(paths.create, writers, async (c) => {
      const { BriefFormPage } = await views();
      const body = await readBody(c);
      const read = await readBrief(body);
      if (!read.ok)
        return renderStaff(
          c,
          <BriefFormPage
            page={pageOf(c, 'briefs')}
            action={paths.create}
            values={body}
            errors={read.errors}
            warnings={read.warnings}
            paths={paths}
          />,
          400,
        );
      const { brief } = await store.create(read.content, await figuresFor(read.content), staffOf(c).email);
      log('brief.saved', { brief: brief.id, version: 1 });
      return c.redirect(`${paths.view(brief.id)}?done=saved`, 303);
    });

    app.get(paths.view(':id'), readers, async (c) => {
      const me = staffOf(c);
      const brief = await load(c, me);
      const n = brief && (me.role === 'liaison' ? brief.published!.version : brief.latestVersion);
      const version = brief && n ? await versionFor(me, brief, n) : undefined;
      if (!brief || !version) return renderNotFound(c);
      const done = c.req.query('done');
      const t = pageOf(c).t;
      const notice =
        done === 'saved'
          ? t('briefs.done.saved')
          : done === 'published'
            ? t('briefs.done.published')
            : done === 'sent'
              ? t('briefs.done.sent')
              : undefined;
      return show(c, brief, version, { notice });
    });

    app.get(paths.edit(':id'), writers, async (c) => {
      const me = staffOf(c);
      const brief = await load(c, me);
      const version = brief && (await store.version(brief.id, brief.latestVersion));
      if (!brief || !version) return renderNotFound(c);
      const { BriefFormPage } = await views();
      return renderStaff(
        c,
        <BriefFormPage
          page={pageOf(c, 'briefs')}
          action={paths.save(brief.id)}
          values={briefFormValues(version)}
          expectedLatest={brief.latestVersion}
          paths={paths}
        />,
      );
    });

    app.post(paths.save(':id'), writers, async (c) => {
      const me = staffOf(c);
      const brief = await load(c, me);
      if (!brief) return renderNotFound(c);
      const body = await readBody(c);
      const expectedLatest = Number(body.expectedLatest);
      const { BriefFormPage } = await views();
      const again = (status: 400 | 409, errors: BriefErrors, warnings: QuoteWarning[], notice?: string) =>
        renderStaff(
          c,
          <BriefFormPage
            page={pageOf(c, 'briefs')}
            action={paths.save(brief.id)}
            values={body}
            errors={errors}
            warnings={warnings}
            notice={notice}
            expectedLatest={status === 409 ? brief.latestVersion : expectedLatest}
            paths={paths}
          />,
          status,
        );
      const read = await readBrief(body);
      if (!read.ok) return again(400, read.errors, read.warnings);
      const saved = await store.saveVersion(
        brief.id,
        read.content,
        await figuresFor(read.content),
        me.email,
        expectedLatest,
      );
      if (!saved.ok)
        return saved.reason === 'not-found'
          ? renderNotFound(c)
          : again(409, {}, [], pageOf(c).t('briefs.error.conflict'));
      log('brief.saved', { brief: brief.id, version: saved.version.version });
      return c.redirect(`${paths.view(brief.id)}?done=saved`, 303);
    });

    app.post(paths.publish(':id'), admins, async (c) => {
      const me = staffOf(c);
      const brief = await load(c, me);
      if (!brief) return renderNotFound(c);
      const body = await readBody(c);
      const n = Number(body.version);
      const published = await store.publish(
        brief.id,
        n,
        me.email,
        readByLiaisons(brief.addressee) && body.breakdownForLiaison === 'yes',
      );
      if (!published.ok) {
        if (published.reason === 'not-found') return renderNotFound(c);
        const latest = (await store.get(brief.id)) ?? brief;
        const version = await store.version(brief.id, latest.latestVersion);
        if (!version) return renderNotFound(c);
        const t = pageOf(c).t;
        return show(
          c,
          latest,
          version,
          { error: published.reason === 'unreviewed' ? t('briefs.error.unreviewed') : t('briefs.error.stale') },
          409,
        );
      }
      log('brief.published', { brief: brief.id, version: n });
      return c.redirect(`${paths.view(brief.id)}?done=published`, 303);
    });

    app.post(paths.send(':id'), admins, async (c) => {
      const me = staffOf(c);
      const brief = await load(c, me);
      if (!brief) return renderNotFound(c);
      const body = await readBody(c);
      const n = Number(body.version);
      const version = brief.published?.version === n ? await store.version(brief.id, n) : undefined;
      if (!version) {
        const latest = await store.version(brief.id, brief.latestVersion);
        if (!latest) return renderNotFound(c);
        return show(c, brief, latest, { error: pageOf(c).t('briefs.error.stale') }, 409);
      }
      // Noted first, then started: a second click (or a retry) finds it noted and starts
      // the same execution name, which Step Functions and the local runner ignore.
      await store.requestSend(brief.id, n, me.email);
      await briefs.starter?.start(briefExecutionName(brief.id, n), {
        id: brief.id,
        version: n,
        inboxes: briefInboxes(version.addressee),
      });
      log('brief.send-requested', { brief: brief.id, version: n });
      return c.redirect(`${paths.view(brief.id)}?done=sent`, 303);
    });

    app.get(paths.version(':id', 0).replace(/0$/, ':n'), readers, async (c) => {
      const me = staffOf(c);
      const brief = await load(c, me);
      const version = brief && (await versionFor(me, brief, Number(c.req.param('n'))));
      if (!brief || !version) return renderNotFound(c);
      return show(c, brief, version);
    });

    app.get(paths.print(':id', 0).replace('/0/', '/:n/'), readers, async (c) => {
      const me = staffOf(c);
      const brief = await load(c, me);
      const version = brief && (await versionFor(me, brief, Number(c.req.param('n'))));
      if (!brief || !version) return renderNotFound(c);
      await store.record(brief.id, {
        at: new Date().toISOString(),
        by: me.email,
        action: 'exported',
        version: version.version,
        detail: 'print',
      });
      return show(c, brief, version, { printView: true });
    });

    app.get(paths.docx(':id', 0).replace('/0/', '/:n/'), readers, async (c) => {
      const me = staffOf(c);
      const brief = await load(c, me);
      const version = brief && (await versionFor(me, brief, Number(c.req.param('n'))));
      if (!brief || !version) return renderNotFound(c);
      const { t } = pageOf(c);
      // The .docx writer (the `docx` package, ≈ 230 KB) is loaded by the first download, not by every cold start.
      const { briefDocx } = await import('./docx.ts');
      const file = await briefDocx(t, language, version, canSeeBreakdown(me, version));
      await store.record(brief.id, {
        at: new Date().toISOString(),
        by: me.email,
        action: 'exported',
        version: version.version,
        detail: 'docx',
      });
      log('brief.exported', { brief: brief.id, version: version.version, format: 'docx' });
      c.header('Cache-Control', 'no-store');
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      c.header(
        'Content-Disposition',
        `attachment; filename="brief-${version.periodStart}-${version.periodEnd}-v${version.version}-${language}.docx"`,
      );
      return c.body(new Uint8Array(file));
    });
  }
}
