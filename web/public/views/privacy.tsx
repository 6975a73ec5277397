import { DEFAULT_RETENTION, publicPath, type RetentionRules } from '#core';
import { Layout, type PageContext } from './layout.tsx';

/** The privacy notice: what is kept, who sees it, for how long, and what is never collected. */
export function PrivacyPage({
  page,
  retention = DEFAULT_RETENTION,
}: {
  page: PageContext;
  retention?: RetentionRules;
}) {
  const { t, language } = page;
  const days = t('protect.days', { n: retention.contactDays });
  const spamDays = t('protect.days', { n: retention.spamDays });
  return (
    <Layout page={page} title={t('privacy.title')}>
      <h1>{t('privacy.title')}</h1>
      <p class="lead">{t('privacy.intro')}</p>

      <h2>{t('privacy.keep.heading')}</h2>
      <ul>
        <li>{t('privacy.keep.input')}</li>
        <li>{t('privacy.keep.contact')}</li>
        <li>{t('privacy.keep.codes')}</li>
      </ul>

      <h2>{t('privacy.never.heading')}</h2>
      <p>{t('privacy.never.body')}</p>

      <h2>{t('privacy.who.heading')}</h2>
      <p>{t('privacy.who.body')}</p>

      <h2>{t('privacy.retention.heading')}</h2>
      <ul>
        <li>{t('privacy.retention.contact', { days })}</li>
        <li>{t('privacy.retention.spam', { spamDays })}</li>
        <li>{t('privacy.retention.input')}</li>
        <li>{t('privacy.retention.counters')}</li>
      </ul>

      <h2>{t('privacy.abuse.heading')}</h2>
      <p>{t('privacy.abuse.body')}</p>

      <h2>{t('privacy.cookies.heading')}</h2>
      <p>{t('privacy.cookies.body')}</p>

      <h2>{t('privacy.traces.heading')}</h2>
      <p>{t('privacy.traces.history')}</p>
      <p>{t('privacy.traces.what')}</p>

      <p>
        <a href={publicPath(language, 'form')}>{t('page.backToForm')}</a>
      </p>
    </Layout>
  );
}
