import {
  findTopic,
  formatNumber,
  inContentLanguage,
  type Language,
  type OutcomeVersion,
  publicCount,
  SMALL_COUNT,
  type Translate,
  translator,
} from '#core';
import { formatDate, formatPeriod, isoDay } from '../page.tsx';
import { Layout, type PageContext } from './layout.tsx';

/** Staff-written paragraphs: split on blank lines; each isolated in case it mixes scripts. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => (
          <p class="note-text">
            <bdi dir="auto">{part}</bdi>
          </p>
        ))}
    </>
  );
}

export interface NoteViewProps {
  language: Language;
  note: OutcomeVersion;
  /** Input on the topic in the period; shown exactly only from SMALL_COUNT up. */
  count: number;
  /** First publication and, if later, this version's. Absent in a preview. */
  firstPublishedAt?: string;
  publishedAt?: string;
  /** Unique per page, for the heading id. */
  idPrefix?: string;
}

/** One outcome note as the public sees it, in one language. */
export function OutcomeNoteView({
  language,
  note,
  count,
  firstPublishedAt,
  publishedAt,
  idPrefix = 'note',
}: NoteViewProps) {
  const t: Translate = translator(language);
  const shown = publicCount(count);
  const headingId = `${idPrefix}-${note.id}`;
  return (
    <article class="outcome" aria-labelledby={headingId} data-note={note.id}>
      <h2 id={headingId}>{inContentLanguage(findTopic(note.topic)?.label, language) ?? note.topic}</h2>
      <dl class="facts">
        <div>
          <dt>{t('outcomes.period')}</dt>
          <dd>{formatPeriod(language, note.periodStart, note.periodEnd)}</dd>
        </div>
        <div>
          <dt>{t('outcomes.count.label')}</dt>
          <dd data-count>
            {shown.kind === 'count'
              ? formatNumber(language, shown.value)
              : t('outcomes.count.fewer', { n: SMALL_COUNT })}
          </dd>
        </div>
      </dl>
      <h3>{t('outcomes.said')}</h3>
      <Paragraphs text={inContentLanguage(note.said, language)} />
      <h3>{t(`outcomes.did.${note.actor}`)}</h3>
      <Paragraphs text={inContentLanguage(note.did, language)} />
      {firstPublishedAt && (
        <p class="hint">
          {t('outcomes.published', { date: formatDate(language, firstPublishedAt) })}
          {publishedAt && isoDay(publishedAt) !== isoDay(firstPublishedAt) && (
            <> {t('outcomes.updated', { date: formatDate(language, publishedAt) })}</>
          )}
        </p>
      )}
    </article>
  );
}

export interface PublicNote {
  version: OutcomeVersion;
  count: number;
  firstPublishedAt: string;
  publishedAt: string;
}

/** `/outcomes`: what was raised and what was done, newest period first. */
export function OutcomesPage({ page, notes }: { page: PageContext; notes: PublicNote[] }) {
  const { t, language } = page;
  return (
    <Layout page={page} title={t('outcomes.title')}>
      <h1>{t('outcomes.title')}</h1>
      <p class="lead">{t('outcomes.intro')}</p>
      {notes.length === 0 ? (
        <p>{t('outcomes.none')}</p>
      ) : (
        <>
          <p class="hint">{t('outcomes.count.note', { n: SMALL_COUNT })}</p>
          {notes.map((note) => (
            <OutcomeNoteView
              language={language}
              note={note.version}
              count={note.count}
              firstPublishedAt={note.firstPublishedAt}
              publishedAt={note.publishedAt}
            />
          ))}
        </>
      )}
    </Layout>
  );
}
