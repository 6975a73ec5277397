import type { MessageKey } from '#core';
import type { StaffPage } from '../context.ts';
import { StaffLayout } from './layout.tsx';

/** A plain staff page: not found, an error, signed out, a used link. */
export function MessagePage({
  page,
  title,
  body,
  link,
  extra,
}: {
  page: StaffPage;
  title: MessageKey;
  body: MessageKey;
  link?: 'queue' | 'signIn' | undefined;
  extra?: string | undefined;
}) {
  const { t, base } = page;
  return (
    <StaffLayout page={page} title={t(title)}>
      <h1>{t(title)}</h1>
      <p>{t(body)}</p>
      {extra && <p>{extra}</p>}
      {link === 'queue' && page.staff && (
        <p>
          <a href={`${base}/inbox`}>{t('staff.submission.back')}</a>
        </p>
      )}
      {(link === 'signIn' || (link === 'queue' && !page.staff)) && (
        <p>
          <a href={base}>{t('staff.signIn.again')}</a>
        </p>
      )}
    </StaffLayout>
  );
}
