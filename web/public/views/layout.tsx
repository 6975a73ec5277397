import type { Child } from 'hono/jsx';
import type { Language, LanguageLink, Translate } from '#core';
import { directionOf, publicPath } from '#core';
import { LanguageAlternates, LanguageSwitcher } from '../../language-links.tsx';
import { assetPath } from '../assets/index.ts';

export interface PageContext {
  language: Language;
  t: Translate;
  /** The same page in every other language: the language switcher and `hreflang` alternates. */
  languageLinks: readonly LanguageLink[];
  exitUrl: string;
}

interface LayoutProps {
  page: PageContext;
  title: string;
  hasErrors?: boolean;
  children: Child;
}

/**
 * Every public page: language and direction, skip link, exit control, language links. The
 * exit link comes before the language links, so it stays the third Tab stop however many
 * languages there are.
 */
export function Layout({ page, title, hasErrors = false, children }: LayoutProps) {
  const { language, t } = page;
  const fullTitle = `${hasErrors ? `${t('error.titlePrefix')} ` : ''}${title} – ${t('site.name')}`;
  return (
    <html lang={language} dir={directionOf(language)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{fullTitle}</title>
        <link rel="stylesheet" href={assetPath('site.css')} />
        <LanguageAlternates links={page.languageLinks} />
        <script src={assetPath('site.js')} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="container header-row">
            <p class="site-name">
              <a href={publicPath(language, 'form')}>{t('site.name')}</a>
            </p>
            <a class="exit-link" href={page.exitUrl} rel="noreferrer noopener" data-exit aria-describedby="exit-hint">
              {t('exit.label')}
            </a>
            <span id="exit-hint" class="visually-hidden">
              {t('exit.hint')}
            </span>
            <LanguageSwitcher links={page.languageLinks} />
          </div>
        </header>
        <main id="main" class="container" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>{t('site.tagline')}</p>
            <p>
              <a href={publicPath(language, 'privacy')}>{t('privacy.link')}</a>
            </p>
            <nav aria-label={t('status.nav.label')}>
              <ul class="footer-links">
                <li>
                  <a href={publicPath(language, 'status')}>{t('status.nav.status')}</a>
                </li>
                <li>
                  <a href={publicPath(language, 'outcomes')}>{t('outcomes.nav')}</a>
                </li>
                <li>
                  <a href={publicPath(language, 'easyRead')}>{t('easyRead.nav')}</a>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
