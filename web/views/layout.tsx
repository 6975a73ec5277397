import type { Child } from 'hono/jsx';
import type { Language, Translate } from '#core';
import { assetPath } from '../assets/index.ts';

export interface PageContext {
  language: Language;
  t: Translate;
  /** The same page in the other language, for the language link. */
  alternatePath: string;
  exitUrl: string;
}

interface LayoutProps {
  page: PageContext;
  title: string;
  hasErrors?: boolean;
  children: Child;
}

const otherLanguage = (language: Language): Language => (language === 'ar' ? 'en' : 'ar');

/** Every public page: language and direction, skip link, exit control, language link. */
export function Layout({ page, title, hasErrors = false, children }: LayoutProps) {
  const { language, t } = page;
  const other = otherLanguage(language);
  const fullTitle = `${hasErrors ? `${t('error.titlePrefix')} ` : ''}${title} – ${t('site.name')}`;
  return (
    <html lang={language} dir={language === 'ar' ? 'rtl' : 'ltr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{fullTitle}</title>
        <link rel="stylesheet" href={assetPath('site.css')} />
        <link rel="alternate" hreflang={other} href={page.alternatePath} />
        <script src={assetPath('site.js')} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <p class="site-name">
              <a href={language === 'ar' ? '/' : '/en'}>{t('site.name')}</a>
            </p>
            <a class="language-link" href={page.alternatePath} hreflang={other} lang={other}>
              {t('nav.language')}
            </a>
            <a class="exit-link" href={page.exitUrl} rel="noreferrer noopener" data-exit aria-describedby="exit-hint">
              {t('exit.label')}
            </a>
            <span id="exit-hint" class="visually-hidden">
              {t('exit.hint')}
            </span>
          </div>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t('site.tagline')}</p>
            <p>
              <a href={language === 'ar' ? '/privacy' : '/en/privacy'}>{t('privacy.link')}</a>
            </p>
            <nav aria-label={t('status.nav.label')}>
              <ul class="footer-links">
                <li>
                  <a href={language === 'ar' ? '/status' : '/en/status'}>{t('status.nav.status')}</a>
                </li>
                <li>
                  <a href={language === 'ar' ? '/outcomes' : '/en/outcomes'}>{t('outcomes.nav')}</a>
                </li>
                <li>
                  <a href={language === 'ar' ? '/easy-read' : '/en/easy-read'}>{t('easyRead.nav')}</a>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
