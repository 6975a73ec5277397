import type { MessageKey } from '#core';
import { formPath, outcomesPath, statusPath } from '../page.tsx';
import { Layout, type PageContext } from './layout.tsx';

/**
 * What happens to input, in easy read: one idea per sentence, everyday words, short
 * headings, each section a list. The two pages a person needs later are linked where the
 * text names them.
 */
const SECTIONS = [
  { id: 'write', lines: 3 },
  { id: 'codes', lines: 3 },
  { id: 'read', lines: 4 },
  { id: 'check', lines: 4 },
  { id: 'done', lines: 2 },
  { id: 'safe', lines: 4 },
] as const;

export function EasyReadPage({ page }: { page: PageContext }) {
  const { t, language } = page;
  const links: Partial<Record<string, string>> = {
    'easyRead.check.1': statusPath(language),
    'easyRead.done.2': outcomesPath(language),
  };
  return (
    <Layout page={page} title={t('easyRead.title')}>
      <h1>{t('easyRead.title')}</h1>
      {SECTIONS.map((section) => (
        <section aria-labelledby={`easy-${section.id}`} class="easy-read">
          <h2 id={`easy-${section.id}`}>{t(`easyRead.${section.id}.heading`)}</h2>
          <ul>
            {Array.from({ length: section.lines }, (_, i) => {
              const key = `easyRead.${section.id}.${i + 1}` as MessageKey;
              const href = links[key];
              return <li>{href ? <a href={href}>{t(key)}</a> : t(key)}</li>;
            })}
          </ul>
        </section>
      ))}
      <p>
        <a href={formPath(language)}>{t('easyRead.back')}</a>
      </p>
    </Layout>
  );
}
