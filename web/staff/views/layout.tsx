import type { Child } from 'hono/jsx';
import { directionOf } from '#core';
import { LanguageAlternates, LanguageSwitcher } from '../../language-links.tsx';
import { staffAssetPath } from '../assets.ts';
import type { StaffPage } from '../context.ts';
import { SLOT, withSlot } from './parts.tsx';

/** Every staff page: the public pages' look, language and direction, skip link, staff navigation. */
export function StaffLayout({
  page,
  title,
  hasErrors = false,
  head,
  children,
}: {
  page: StaffPage;
  title: string;
  hasErrors?: boolean;
  /** Extra elements for <head> (the sign-in resume hop). */
  head?: Child;
  children: Child;
}) {
  const { language, t, staff, base } = page;
  const fullTitle = `${hasErrors ? `${t('error.titlePrefix')} ` : ''}${title} – ${t('staff.site')}`;
  const nav = staff
    ? [
        { section: 'queue', href: `${base}/inbox`, label: t('staff.nav.queue') },
        { section: 'stats', href: `${base}/stats`, label: t('staff.nav.stats') },
        ...(staff.role === 'facilitator'
          ? []
          : [{ section: 'briefs', href: `${base}/briefs`, label: t('briefs.nav') }]),
        ...(staff.role === 'admin' || staff.role === 'facilitator'
          ? [{ section: 'consultations', href: `${base}/consultations`, label: t('staff.nav.consultations') }]
          : []),
        ...(staff.role === 'admin'
          ? [{ section: 'admin', href: `${base}/admin/staff`, label: t('staff.nav.admin') }]
          : []),
        { section: 'account', href: `${base}/account`, label: t('staff.nav.account') },
      ]
    : [];
  return (
    <html lang={language} dir={directionOf(language)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        {head}
        <title>{fullTitle}</title>
        <link rel="stylesheet" href={staffAssetPath('site.css')} />
        <link rel="stylesheet" href={staffAssetPath('staff.css')} />
        <LanguageAlternates links={page.languageLinks} />
        <script src={staffAssetPath('site.js')} defer />
      </head>
      <body class="staff">
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <p class="site-name">
              <a href={staff ? `${base}/inbox` : base}>{t('staff.site')}</a>
            </p>
            {staff && (
              <p class="signed-in">
                {withSlot(
                  t('staff.signedInAs', { email: SLOT, role: t(`staff.role.${staff.role}`) }),
                  <bdi dir="ltr">{staff.email}</bdi>,
                )}
              </p>
            )}
            <LanguageSwitcher links={page.languageLinks} />
            {staff && (
              <form method="post" action={`${base}/sign-out`} class="header-form">
                <input type="hidden" name="csrf" value={staff.csrf} />
                <button type="submit" class="link-button">
                  {t('staff.signOut')}
                </button>
              </form>
            )}
          </div>
        </header>
        {staff && (
          <nav class="staff-nav" aria-label={t('staff.nav.label')}>
            <div class="container">
              <ul>
                {nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={page.section === item.section ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        )}
        <main id="main" class="container" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t('staff.footer')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
