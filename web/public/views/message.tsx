import type { MessageKey } from '#core';
import { Layout, type PageContext } from './layout.tsx';

/** A plain page for "not found" and "something went wrong". */
export function MessagePage({
  page,
  title,
  body,
  formPath,
}: {
  page: PageContext;
  title: MessageKey;
  body: MessageKey;
  formPath: string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t(title)}>
      <h1>{t(title)}</h1>
      <p>{t(body)}</p>
      <p>
        <a href={formPath}>{t('page.backToForm')}</a>
      </p>
    </Layout>
  );
}
