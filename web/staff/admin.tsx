import type { Context, Hono } from 'hono';
import { isStaffRole, normaliseStaffEmail, STAFF_LANGUAGES } from '#core';
import { requireStaff, type StaffEnv, staffOf } from './auth.ts';
import { pageOf, staffBase } from './context.ts';
import type { StaffAppDeps } from './deps.ts';
import { renderStaff } from './render.tsx';
import { AccountPage, AdminPage } from './views/admin.tsx';

const DONE = ['added', 'exists', 'roleChanged', 'removed', 'signedOut', 'notSelf'] as const;
type Done = (typeof DONE)[number];

/** Staff accounts (admins only) and each person's own account page. */
export function adminRoutes(app: Hono<StaffEnv>, deps: StaffAppDeps) {
  for (const language of STAFF_LANGUAGES) {
    const base = staffBase(language);
    const back = (c: Context, done: Done, who = '') =>
      c.redirect(`${base}/admin/staff?done=${done}&who=${encodeURIComponent(who)}`, 303);

    app.get(`${base}/admin/staff`, requireStaff('admin'), async (c) => {
      const page = pageOf(c, 'admin');
      const done = c.req.query('done') as Done | undefined;
      const who = normaliseStaffEmail(c.req.query('who')) ?? '';
      const notice = done && DONE.includes(done) ? page.t(`staff.admin.${done}`, { email: who }) : undefined;
      const members = (await deps.staff.list()).sort((a, b) => a.email.localeCompare(b.email));
      return renderStaff(c, <AdminPage page={page} members={members} notice={notice} />);
    });

    app.post(`${base}/admin/staff`, requireStaff('admin'), async (c) => {
      const me = staffOf(c);
      const body = await c.req.parseBody();
      const email = normaliseStaffEmail(body.email);
      const role = isStaffRole(body.role) ? body.role : undefined;
      if (!email || !role) {
        const page = pageOf(c, 'admin');
        const members = (await deps.staff.list()).sort((a, b) => a.email.localeCompare(b.email));
        const values = {
          email: typeof body.email === 'string' ? body.email.slice(0, 254) : '',
          role: String(body.role ?? ''),
        };
        return renderStaff(
          c,
          <AdminPage page={page} members={members} error={page.t('staff.signIn.invalid')} values={values} />,
          400,
        );
      }
      const outcome = await deps.staff.add(email, role, me.email);
      deps.log?.('staff.account-added', { role });
      return back(c, outcome === 'added' ? 'added' : 'exists', email);
    });

    for (const change of ['role', 'remove', 'sign-out'] as const) {
      app.post(`${base}/admin/staff/${change}`, requireStaff('admin'), async (c) => {
        const me = staffOf(c);
        const body = await c.req.parseBody();
        const email = normaliseStaffEmail(body.email);
        if (!email) return c.redirect(`${base}/admin/staff`, 303);
        // An admin cannot lock themselves out; another admin can.
        if (email === me.email && change !== 'sign-out') return back(c, 'notSelf', email);
        if (change === 'role') {
          if (!isStaffRole(body.role)) return c.redirect(`${base}/admin/staff`, 303);
          await deps.staff.setRole(email, body.role);
          return back(c, 'roleChanged', email);
        }
        if (change === 'remove') {
          await deps.staff.remove(email);
          deps.log?.('staff.account-removed', {});
          return back(c, 'removed', email);
        }
        await deps.staff.bumpGeneration(email);
        return back(c, 'signedOut', email);
      });
    }

    app.get(`${base}/account`, requireStaff(), (c) => renderStaff(c, <AccountPage page={pageOf(c, 'account')} />));
  }
}
