import {
  type Addressee,
  BRIEF_GENDERS,
  type BriefVersion,
  type DisabilityAnswer,
  findTopic,
  formatNumber,
  type Gender,
  inContentLanguage,
  type Language,
  LOCALES,
  NOT_GIVEN,
  type ShownCount,
  type ShownRow,
  shownCountText,
  similarNote,
  type Translate,
} from '#core';
import type { StaffPage } from '../context.ts';
import { TableRegion } from '../views/parts.tsx';

/**
 * A brief as people read it: on the page, in print (briefs.css's print rules make it a
 * clean A4 in the page's direction) and, through the same labels, in the .docx (docx.ts).
 * Headings per topic; every figure in a table with a caption and scoped headers.
 */

export const shownText = shownCountText;

export function changeText(t: Translate, language: Language, change: number | undefined) {
  if (change === undefined) return t('briefs.change.none');
  if (change === 0) return t('briefs.change.same');
  const size = formatNumber(language, Math.abs(change));
  return change > 0 ? t('briefs.change.up', { n: size }) : t('briefs.change.down', { n: size });
}

export function monthLabel(language: Language, month: string) {
  return new Intl.DateTimeFormat(LOCALES[language], { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

export const periodLabel = (language: Language, version: Pick<BriefVersion, 'periodStart' | 'periodEnd'>) =>
  version.periodStart === version.periodEnd
    ? monthLabel(language, version.periodStart)
    : `${monthLabel(language, version.periodStart)} – ${monthLabel(language, version.periodEnd)}`;

export const topicLabel = (language: Language, topic: string) =>
  inContentLanguage(findTopic(topic)?.label, language) ?? topic;

export function rowLabel(t: Translate, kind: 'region' | 'gender' | 'disability' | 'outcome', key: string) {
  if (key === NOT_GIVEN) return t('staff.stats.notGiven');
  if (kind === 'region') return t(key === 'inside' ? 'briefs.region.inside' : 'briefs.region.outside');
  if (kind === 'gender') return t(`gender.${key as Gender}`);
  if (kind === 'disability') return t(`disability.${key as DisabilityAnswer}`);
  return t(`briefs.outcome.${key as 'answered' | 'closed' | 'open'}`);
}

export const addresseeLabel = (t: Translate, addressee: string) => t(`addressee.${addressee as Addressee}`);

/** Every table of a brief as caption, column headings and rows: one shape for the page and the .docx. */
export interface BriefTable {
  id: string;
  caption: string;
  columns: string[];
  rows: { heading: string; cells: string[] }[];
}

export function briefTables(
  t: Translate,
  language: Language,
  version: BriefVersion,
  withBreakdown: boolean,
): BriefTable[] {
  const f = version.figures;
  const shown = (count: ShownCount) => shownText(t, language, count);
  const simple = (id: string, kind: 'region' | 'gender' | 'disability' | 'outcome', rows: ShownRow[]): BriefTable => ({
    id,
    caption: t(`briefs.table.${id as 'region'}`),
    columns: [t(`briefs.col.${kind}`), t('briefs.col.count')],
    rows: rows.map((row) => ({ heading: rowLabel(t, kind, row.key), cells: [shown(row.shown)] })),
  });
  const tables: BriefTable[] = [
    {
      id: 'topics',
      caption: t('briefs.table.topics'),
      columns: [t('briefs.col.topic'), t('briefs.col.now'), t('briefs.col.before'), t('briefs.col.change')],
      rows: f.byTopic.map((row) => ({
        heading: topicLabel(language, row.topic),
        cells: [shown(row.now), shown(row.before), changeText(t, language, row.change)],
      })),
    },
    simple('region', 'region', f.byRegion),
    simple('outcomes', 'outcome', f.outcomes),
  ];
  if (withBreakdown) {
    tables.push(simple('gender', 'gender', f.byGender), simple('disability', 'disability', f.byDisability), {
      id: 'topicByGender',
      caption: t('briefs.table.topicByGender'),
      columns: [t('briefs.col.topic'), ...BRIEF_GENDERS.map((gender) => rowLabel(t, 'gender', gender))],
      rows: f.topicByGender.map((row) => ({
        heading: topicLabel(language, row.topic),
        cells: row.cells.map((cell) => shown(cell.shown)),
      })),
    });
  }
  return tables;
}

function Table({ table }: { table: BriefTable }) {
  return (
    <TableRegion labelledBy={`brief-${table.id}-caption`}>
      <table class="data" id={`brief-${table.id}`}>
        <caption id={`brief-${table.id}-caption`}>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr>
              <th scope="row">{row.heading}</th>
              {row.cells.map((cell) => (
                <td class="number">{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** The summary sentence: how many wrote in, against the previous period. */
export function totalSentence(t: Translate, language: Language, version: BriefVersion) {
  const f = version.figures;
  return t('briefs.total', {
    total: shownText(t, language, f.total),
    previous: shownText(t, language, f.previousTotal),
    change: changeText(t, language, f.totalChange),
  });
}

function SimilarNote({ t, language, version }: { t: Translate; language: Language; version: BriefVersion }) {
  const { sentence, counted, campaigns } = similarNote(t, language, version);
  if (!counted) return <p class="hint">{sentence}</p>;
  return (
    <>
      <p data-similar>{sentence}</p>
      {campaigns.length > 0 && (
        <ul data-campaigns>
          {campaigns.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function BriefDocument({
  page,
  version,
  withBreakdown,
}: {
  page: StaffPage;
  version: BriefVersion;
  withBreakdown: boolean;
}) {
  const { t, language } = page;
  const tables = briefTables(t, language, version, withBreakdown);
  return (
    <article class="brief" data-brief-version={String(version.version)}>
      <h1>{t('briefs.heading', { period: periodLabel(language, version) })}</h1>
      <p class="brief-meta">
        {t('briefs.for', { addressee: addresseeLabel(t, version.addressee) })}
        <br />
        {t('briefs.versionLine', { n: version.version })}
      </p>
      {inContentLanguage(version.intro, language) && (
        <section aria-labelledby="brief-intro">
          <h2 id="brief-intro">{t('briefs.introHeading')}</h2>
          <p>{inContentLanguage(version.intro, language)}</p>
        </section>
      )}
      <section aria-labelledby="brief-figures">
        <h2 id="brief-figures">{t('briefs.figuresHeading')}</h2>
        <p data-total>{totalSentence(t, language, version)}</p>
        <p class="hint">{t('briefs.suppressionNote')}</p>
        {!withBreakdown && <p class="hint">{t('briefs.breakdownWithheld')}</p>}
        <SimilarNote t={t} language={language} version={version} />
        {tables.map((table) => (
          <Table table={table} />
        ))}
      </section>
      {version.topics.map((topic) => {
        const note = inContentLanguage(version.notes[topic], language);
        const quotes = version.quotes.filter((quote) => quote.topic === topic);
        return (
          <section aria-labelledby={`brief-topic-${topic}`} class="brief-topic">
            <h2 id={`brief-topic-${topic}`}>{topicLabel(language, topic)}</h2>
            {note && <p>{note}</p>}
            {quotes.length > 0 && <h3>{t('briefs.quotesHeading')}</h3>}
            {quotes.map((quote) => (
              <blockquote class="brief-quote" data-quote={quote.reference}>
                <p>
                  <bdi dir="auto">{quote.text}</bdi>
                </p>
              </blockquote>
            ))}
            {!note && quotes.length === 0 && <p class="hint">{t('briefs.topicEmpty')}</p>}
          </section>
        );
      })}
    </article>
  );
}
