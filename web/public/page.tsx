import type { Context } from 'hono';
import { html } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { LANGUAGES, type Language, LOCALES, languageLinks, pathPrefix, publicPath, translator } from '#core';
import type { PageContext } from './views/layout.tsx';

/**
 * Page helpers for the route modules beside web/public/app.tsx (status, outcomes, easy read).
 * The paths are the route table's (packages/core/routes.ts): each language under its prefix
 * (languages.ts); every page is no-store.
 */
export const basePath = (language: Language) => pathPrefix(language);
export const formPath = (language: Language) => publicPath(language, 'form');
export const statusPath = (language: Language) => publicPath(language, 'status');
export const outcomesPath = (language: Language) => publicPath(language, 'outcomes');
export const easyReadPath = (language: Language) => publicPath(language, 'easyRead');

/** `among`: the languages the page exists in (all served ones; the staff languages for staff pages). */
export function pageContext(
  language: Language,
  path: string,
  exitUrl: string,
  among: readonly Language[] = LANGUAGES,
): PageContext {
  return { language, t: translator(language), languageLinks: languageLinks(language, path, among), exitUrl };
}

export type PageStatus = 200 | 400 | 403 | 404 | 409 | 410 | 413 | 429 | 500 | 503;

export function renderPage(c: Context, page: JSX.Element, status: PageStatus = 200) {
  c.header('Cache-Control', 'no-store');
  return c.html(html`<!DOCTYPE html>${page}`, status);
}

const DATE_TIME_ZONE = 'Asia/Damascus';

/** A day as people in Syria read it, in the page's language and digits (ar-SY, en-GB). */
export function formatDate(language: Language, iso: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: 'long',
    timeZone: DATE_TIME_ZONE,
  }).format(new Date(iso));
}

/** The calendar day of `iso` in the same time zone, for `<time datetime>`. */
export function isoDay(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: DATE_TIME_ZONE }).format(new Date(iso));
}

/** "July – September 2026" (or one month), from `YYYY-MM` months. */
export function formatPeriod(language: Language, start: string, end: string): string {
  const format = new Intl.DateTimeFormat(LOCALES[language], {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const from = new Date(`${start}-01T00:00:00Z`);
  return start === end ? format.format(from) : format.formatRange(from, new Date(`${end}-01T00:00:00Z`));
}
