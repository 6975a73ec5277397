import type { Addressee } from '#core';
import { statusPath } from '../page.tsx';
import { SpokenCode } from './code.tsx';
import { Layout, type PageContext } from './layout.tsx';

export interface SentPageProps {
  page: PageContext;
  reference: string;
  /** Present only right after sending, from a short-lived cookie; never stored in clear. */
  receipt?: string;
  addressee?: Addressee;
  hasEmail?: boolean;
  formPath: string;
}

/** The confirmation: codes a person can read aloud, and what happens next. */
export function SentPage({ page, reference, receipt, addressee, hasEmail, formPath }: SentPageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('sent.title')}>
      <div class="confirmation">
        <h1>{t('sent.title')}</h1>
        <dl class="codes">
          <div>
            <dt>{t('sent.reference.label')}</dt>
            <dd>
              <SpokenCode page={page} code={reference} class="code" data="data-reference" />
            </dd>
          </div>
          {receipt && (
            <div>
              <dt>{t('sent.receipt.label')}</dt>
              <dd>
                <SpokenCode page={page} code={receipt} class="code" data="data-receipt" />
              </dd>
            </div>
          )}
        </dl>
      </div>
      {receipt ? (
        <p class="warning">
          <strong>{t('sent.receipt.warning')}</strong>
        </p>
      ) : (
        <p>{t('sent.receipt.gone')}</p>
      )}
      <h2>{t('sent.next.heading')}</h2>
      <ol class="steps">
        <li>{t('sent.next.stored')}</li>
        {addressee && <li>{t(`sent.next.routed.${addressee}`)}</li>}
        <li>{t('sent.next.review')}</li>
        {hasEmail && <li>{t('sent.next.email')}</li>}
      </ol>
      <p>
        {/* The reference only: the receipt never goes in a URL. */}
        <a href={`${statusPath(page.language)}?reference=${reference}`} data-status-link>
          {t('status.sentLink')}
        </a>
      </p>
      <p>
        <a href={formPath}>{t('sent.another')}</a>
      </p>
    </Layout>
  );
}
