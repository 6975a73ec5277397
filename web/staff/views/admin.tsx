import { STAFF_ROLES, type StaffMember } from '#core';
import type { StaffPage } from '../context.ts';
import { StaffLayout } from './layout.tsx';
import { CsrfField, ErrorSummary, FieldError, Notice, TableRegion, Time } from './parts.tsx';

/** Staff accounts: who can sign in, with which role; add, change, remove, sign out everywhere. */
export function AdminPage({
  page,
  members,
  notice,
  error,
  values = {},
}: {
  page: StaffPage;
  members: StaffMember[];
  notice?: string | undefined;
  error?: string | undefined;
  values?: { email?: string; role?: string };
}) {
  const { t, base, language, staff } = page;
  const roleOptions = (selected: string) =>
    STAFF_ROLES.map((role) => (
      <option value={role} selected={selected === role}>
        {t(`staff.role.${role}`)}
      </option>
    ));
  return (
    <StaffLayout page={page} title={t('staff.admin.title')} hasErrors={Boolean(error)}>
      {error && <ErrorSummary page={page} errors={[{ target: 'new-email', text: error }]} />}
      <h1>{t('staff.admin.title')}</h1>
      {notice && <Notice lines={[notice]} />}
      <p>{t('staff.admin.roles')}</p>
      <TableRegion labelledBy="staff-caption">
        <table class="data">
          <caption id="staff-caption">{t('staff.admin.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.admin.col.email')}</th>
              <th scope="col">{t('staff.admin.col.role')}</th>
              <th scope="col">{t('staff.admin.col.added')}</th>
              <th scope="col">{t('staff.admin.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member, index) => {
              const self = member.email === staff?.email;
              return (
                <tr>
                  <th scope="row">
                    <bdi dir="ltr">{member.email}</bdi> {self && t('staff.admin.you')}
                  </th>
                  <td>{t(`staff.role.${member.role}`)}</td>
                  <td>
                    <Time language={language} iso={member.addedAt} />
                  </td>
                  <td>
                    {self ? (
                      '–'
                    ) : (
                      <div class="row-actions">
                        <form method="post" action={`${base}/admin/staff/role`} class="row-actions">
                          <CsrfField page={page} />
                          <input type="hidden" name="email" value={member.email} />
                          <label for={`role-${index}`} class="visually-hidden">
                            {t('staff.admin.changeRole', { email: member.email })}
                          </label>
                          <select id={`role-${index}`} name="role">
                            {roleOptions(member.role)}
                          </select>
                          <button type="submit" class="button secondary">
                            {t('staff.admin.saveRole')}
                            <span class="visually-hidden"> ({member.email})</span>
                          </button>
                        </form>
                        <form method="post" action={`${base}/admin/staff/sign-out`}>
                          <CsrfField page={page} />
                          <input type="hidden" name="email" value={member.email} />
                          <button type="submit" class="button secondary">
                            {t('staff.admin.signOut')}
                            <span class="visually-hidden"> ({member.email})</span>
                          </button>
                        </form>
                        <form method="post" action={`${base}/admin/staff/remove`}>
                          <CsrfField page={page} />
                          <input type="hidden" name="email" value={member.email} />
                          <button type="submit" class="button danger">
                            {t('staff.admin.remove')}
                            <span class="visually-hidden"> ({member.email})</span>
                          </button>
                        </form>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>

      <h2>{t('staff.admin.add')}</h2>
      <form method="post" action={`${base}/admin/staff`} novalidate>
        <CsrfField page={page} />
        <div class={`field${error ? ' field-error' : ''}`}>
          <label for="new-email" class="label">
            {t('staff.admin.email')}
          </label>
          {error && <FieldError page={page} id="new-email-error" text={error} />}
          <input
            type="email"
            id="new-email"
            name="email"
            dir="ltr"
            autocomplete="off"
            spellcheck={false}
            value={values.email ?? ''}
            aria-describedby={error ? 'new-email-error' : undefined}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <div class="field">
          <label for="new-role" class="label">
            {t('staff.admin.role')}
          </label>
          <select id="new-role" name="role">
            {roleOptions(values.role ?? 'triager')}
          </select>
        </div>
        <button type="submit" class="button">
          {t('staff.admin.addSubmit')}
        </button>
      </form>
    </StaffLayout>
  );
}

/** Your own account: role, and signing out on every device. */
export function AccountPage({ page }: { page: StaffPage }) {
  const { t, base, staff } = page;
  return (
    <StaffLayout page={page} title={t('staff.account.title')}>
      <h1>{t('staff.account.title')}</h1>
      {staff && (
        <p>
          <bdi dir="ltr">{staff.email}</bdi>
          <br />
          {t('staff.account.role', { role: t(`staff.role.${staff.role}`) })}
        </p>
      )}
      <p id="everywhere-hint">{t('staff.account.everywhereHint')}</p>
      <form method="post" action={`${base}/sign-out-everywhere`}>
        <CsrfField page={page} />
        <button type="submit" class="button secondary" aria-describedby="everywhere-hint">
          {t('staff.account.everywhere')}
        </button>
      </form>
    </StaffLayout>
  );
}
