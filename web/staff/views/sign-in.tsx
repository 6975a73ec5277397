import type { StaffPage } from '../context.ts';
import { StaffLayout } from './layout.tsx';
import { ErrorSummary, FieldError, SLOT, withSlot } from './parts.tsx';

/** The sign-in form: one email field; the same for everyone, staff or not. */
export function SignInPage({
  page,
  pre,
  next,
  email = '',
  error,
  resumeUrl,
  needed = false,
}: {
  page: StaffPage;
  /** Anti-forgery token bound to the pre-session cookie. */
  pre: string;
  next?: string | undefined;
  email?: string;
  error?: string | undefined;
  /** A same-site hop that carries the SameSite=Strict cookie when a link from email did not. */
  resumeUrl?: string | undefined;
  needed?: boolean;
}) {
  const { t, base } = page;
  return (
    <StaffLayout
      page={page}
      title={t('staff.signIn.title')}
      hasErrors={Boolean(error)}
      head={resumeUrl ? <meta http-equiv="refresh" content={`0; url=${resumeUrl}`} /> : undefined}
    >
      {error && <ErrorSummary page={page} errors={[{ target: 'email', text: error }]} />}
      <h1>{t('staff.signIn.title')}</h1>
      {resumeUrl && <p role="status">{t('staff.signIn.resume')}</p>}
      {needed && !resumeUrl && <p class="notice">{t('staff.signIn.needed')}</p>}
      <p>{t('staff.signIn.intro')}</p>
      <form method="post" action={`${base}/sign-in`} novalidate accept-charset="utf-8">
        <input type="hidden" name="pre" value={pre} />
        {next && <input type="hidden" name="next" value={next} />}
        <div class={`field${error ? ' field-error' : ''}`}>
          <label for="email" class="label">
            {t('staff.signIn.email')}
          </label>
          {error && <FieldError page={page} id="email-error" text={error} />}
          <input
            type="email"
            id="email"
            name="email"
            dir="ltr"
            autocomplete="email"
            spellcheck={false}
            value={email}
            aria-describedby={error ? 'email-error' : undefined}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <button type="submit" class="button">
          {t('staff.signIn.submit')}
        </button>
      </form>
    </StaffLayout>
  );
}

/** After asking for a link: the same words whether or not the address has an account. */
export function LinkSentPage({ page, email }: { page: StaffPage; email: string }) {
  const { t, base } = page;
  return (
    <StaffLayout page={page} title={t('staff.signIn.sent.title')}>
      <h1>{t('staff.signIn.sent.title')}</h1>
      <p>{withSlot(t('staff.signIn.sent.body', { email: SLOT }), <bdi dir="ltr">{email}</bdi>)}</p>
      <p class="hint">{t('staff.signIn.sent.none')}</p>
      <p>
        <a href={base}>{t('staff.signIn.sent.again')}</a>
      </p>
    </StaffLayout>
  );
}

/** The emailed link lands here; signing in is a button (a POST), so mail scanners cannot use the link up. */
export function ConfirmPage({
  page,
  pre,
  token,
  next,
  email,
}: {
  page: StaffPage;
  pre: string;
  token: string;
  next?: string | undefined;
  /** The account the link opens, named so that nobody is signed in as someone else unawares. */
  email: string;
}) {
  const { t, base } = page;
  return (
    <StaffLayout page={page} title={t('staff.signIn.confirm.title')}>
      <h1>{t('staff.signIn.confirm.title')}</h1>
      <p>{t('staff.signIn.confirm.body')}</p>
      <p>
        <strong>{withSlot(t('staff.signIn.confirm.account', { email: SLOT }), <bdi dir="ltr">{email}</bdi>)}</strong>
      </p>
      <form method="post" action={`${base}/sign-in/confirm`}>
        <input type="hidden" name="pre" value={pre} />
        <input type="hidden" name="token" value={token} />
        {next && <input type="hidden" name="next" value={next} />}
        <button type="submit" class="button">
          {t('staff.signIn.confirm.submit')}
        </button>
      </form>
    </StaffLayout>
  );
}

/** Too many links asked for one address: when to try again, in words. */
export function LimitedPage({ page, minutes }: { page: StaffPage; minutes: number }) {
  const { t, base } = page;
  return (
    <StaffLayout page={page} title={t('staff.signIn.limited.title')}>
      <h1>{t('staff.signIn.limited.title')}</h1>
      <p>{t('staff.signIn.limited.body', { n: minutes })}</p>
      <p>
        <a href={base}>{t('staff.signIn.sent.again')}</a>
      </p>
    </StaffLayout>
  );
}

/** Too many anonymous sign-in requests from everyone at once: try again in a few seconds. */
export function BusyPage({ page }: { page: StaffPage }) {
  const { t, base } = page;
  return (
    <StaffLayout page={page} title={t('staff.signIn.busy.title')}>
      <h1>{t('staff.signIn.busy.title')}</h1>
      <p>{t('staff.signIn.busy.body')}</p>
      <p>
        <a href={base}>{t('staff.signIn.sent.again')}</a>
      </p>
    </StaffLayout>
  );
}
