import {
  answerLabel,
  type CampaignRule,
  type FieldDimension,
  fieldOfDimension,
  findTopic,
  formatNumber,
  inContentLanguage,
  isLanguage,
  isRtl,
  LOCALES,
  languageName,
  NOT_GIVEN,
  type ShownCount,
  STAT_DIMENSIONS,
  type StatDimension,
  type StatRow,
  shownCountText,
  shownTotal,
} from '#core';
import type { StaffPage } from '../context.ts';
import { StaffLayout } from './layout.tsx';
import { CsrfField, Notice, TableRegion, Time } from './parts.tsx';

export interface StatsPageProps {
  page: StaffPage;
  /** How many submissions were counted (shown suppressed when small). */
  counted: number;
  /** The breakdowns this person may see, in order (statDimensionsFor). */
  dimensions: readonly StatDimension[];
  tables: Partial<Record<StatDimension, StatRow[]>>;
  donorsOnly: boolean;
  notice?: string | undefined;
  /**
   * Groups recorded as campaigns and the rule that makes one; absent for a liaison (a group
   * can hold input routed to the Special Envoy's office, which a liaison does not read).
   */
  campaigns?: { rule: CampaignRule; groups: { id: string; detectedAt: string; size: number }[] } | undefined;
}

/** Campaigns (issue 15): counted and listed, each with its group one link away. */
function Campaigns({ page, rule, groups }: { page: StaffPage } & NonNullable<StatsPageProps['campaigns']>) {
  const { t, base, language } = page;
  return (
    <section aria-labelledby="heading-campaigns">
      <h2 id="heading-campaigns">{t('staff.stats.campaigns.heading')}</h2>
      <p>{t('staff.stats.campaigns.intro', { size: rule.size, hours: rule.hours })}</p>
      {groups.length === 0 ? (
        <p>{t('staff.stats.campaigns.none')}</p>
      ) : (
        <>
          <p>
            <strong>{t('staff.stats.campaigns.total', { n: groups.length })}</strong>
          </p>
          <TableRegion labelledBy="table-campaigns-caption">
            <table class="data">
              <caption id="table-campaigns-caption">{t('staff.stats.campaigns.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.stats.campaigns.col.detected')}</th>
                  <th scope="col">{t('staff.stats.campaigns.col.messages')}</th>
                  <th scope="col">{t('staff.stats.campaigns.col.group')}</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((group) => (
                  <tr>
                    <th scope="row">
                      <Time language={language} iso={group.detectedAt} />
                    </th>
                    <td class="number">{formatNumber(language, group.size)}</td>
                    <td>
                      <a href={`${base}/groups/${encodeURIComponent(group.id)}`}>{t('staff.stats.campaigns.open')}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </section>
  );
}

function rowLabel(page: StaffPage, dimension: StatDimension, key: string): string {
  const { t, language } = page;
  if (key === NOT_GIVEN) return t('staff.stats.notGiven');
  switch (dimension) {
    case 'month':
      return new Intl.DateTimeFormat(LOCALES[language], { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
        new Date(`${key}-01T00:00:00Z`),
      );
    case 'topic':
      return inContentLanguage(findTopic(key)?.label, language) ?? key;
    case 'language':
      return isLanguage(key) ? languageName(key, language) : key;
    default:
      // Typed, not a catch-all: what is left is a choice dimension from the field table.
      return choiceLabel(page, dimension, key);
  }
}

/** A counted choice (packages/core/fields.ts) is labelled by its catalogue key. */
function choiceLabel(page: StaffPage, dimension: Exclude<FieldDimension, 'topic'>, key: string): string {
  const label = answerLabel(fieldOfDimension(dimension), key);
  return label ? page.t(label) : key;
}

export const shownText = (page: StaffPage, shown: ShownCount): string => shownCountText(page.t, page.language, shown);

/**
 * A small horizontal bar chart. Suppressed counts get no bar, only their words; the table
 * beside it holds the same numbers for everyone who does not read the picture.
 */
function BarChart({ page, id, title, rows }: { page: StaffPage; id: string; title: string; rows: StatRow[] }) {
  const width = 560;
  const labelWidth = 170;
  const valueWidth = 110;
  const rowHeight = 30;
  const height = rows.length * rowHeight + 10;
  const barSpace = width - labelWidth - valueWidth;
  const max = Math.max(1, ...rows.map((row) => (row.shown.kind === 'count' ? row.shown.value : 0)));
  const rtl = isRtl(page.language);
  // Mirrored for right-to-left: labels on the right, bars growing towards the left.
  const x = (fromStart: number, size = 0) => (rtl ? width - fromStart - size : fromStart);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{page.t('staff.stats.chart', { title })}</title>
      <line class="axis" x1={x(labelWidth)} x2={x(labelWidth)} y1={0} y2={height} />
      {rows.map((row, index) => {
        const y = index * rowHeight + 5;
        const size = row.shown.kind === 'count' ? Math.max(2, Math.round((row.shown.value / max) * barSpace)) : 0;
        const short = row.shown.kind === 'hidden' ? '–' : shownText(page, row.shown);
        return (
          <g>
            <text x={x(labelWidth - 8)} y={y + 19} text-anchor="end">
              {rowLabel(page, id.replace('chart-', '') as StatDimension, row.key)}
            </text>
            {size > 0 && <rect class="bar" x={x(labelWidth, size)} y={y + 4} width={size} height={rowHeight - 10} />}
            <text x={x(labelWidth + size + 6)} y={y + 19} text-anchor="start">
              {short}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function StatTable({ page, dimension, rows }: { page: StaffPage; dimension: StatDimension; rows: StatRow[] }) {
  const { t } = page;
  return (
    <TableRegion labelledBy={`table-${dimension}-caption`}>
      <table class="data">
        <caption id={`table-${dimension}-caption`}>{t(`staff.stats.by.${dimension}`)}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`staff.stats.col.${dimension}`)}</th>
            <th scope="col">{t('staff.stats.count')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">{rowLabel(page, dimension, row.key)}</th>
              <td class="number">{shownText(page, row.shown)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

export function StatsPage({ page, counted, dimensions, tables, donorsOnly, notice, campaigns }: StatsPageProps) {
  const { t, base, staff } = page;
  const total = shownTotal(counted);
  const empty = counted === 0;
  return (
    <StaffLayout page={page} title={t('staff.stats.title')}>
      <h1>{t('staff.stats.title')}</h1>
      {notice && <Notice lines={[notice]} />}
      <p>{t('staff.stats.intro')}</p>
      {donorsOnly && <p>{t('staff.stats.scopeDonors')}</p>}
      {dimensions.length < STAT_DIMENSIONS.length && <p>{t('staff.stats.personalHidden')}</p>}
      <p>
        <strong>{t('staff.stats.total', { total: shownText(page, total) })}</strong>
      </p>
      {empty ? (
        <p>{t('staff.stats.none')}</p>
      ) : (
        dimensions.map((dimension) => (
          <div>
            <h2 id={`heading-${dimension}`}>{t(`staff.stats.by.${dimension}`)}</h2>
            {dimension === 'month' ? (
              <div class="stats-pair">
                {(tables.month ?? []).some((row) => row.shown.kind === 'count') ? (
                  <BarChart page={page} id="chart-month" title={t('staff.stats.by.month')} rows={tables.month ?? []} />
                ) : (
                  // Every count is too small to show: no empty picture, say so in words.
                  <p class="chart-empty">{t('staff.stats.chartEmpty')}</p>
                )}
                <StatTable page={page} dimension="month" rows={tables.month ?? []} />
              </div>
            ) : (
              <StatTable page={page} dimension={dimension} rows={tables[dimension] ?? []} />
            )}
          </div>
        ))
      )}
      {campaigns && <Campaigns page={page} {...campaigns} />}
      {staff?.role === 'admin' && (
        <form method="post" action={`${base}/stats/recount`}>
          <h2>{t('staff.stats.recount')}</h2>
          <p id="recount-hint">{t('staff.stats.recountHint')}</p>
          <CsrfField page={page} />
          <button type="submit" class="button secondary" aria-describedby="recount-hint">
            {t('staff.stats.recount')}
          </button>
        </form>
      )}
    </StaffLayout>
  );
}
