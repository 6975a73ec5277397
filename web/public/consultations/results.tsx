import {
  type Consultation,
  formatNumber,
  GROUP_DIMENSIONS,
  type GroupKey,
  inContentLanguage,
  type Language,
  LOCALES,
  type PointResult,
  type ShownCount,
  type Statement,
  showGroupCount,
  showsGroupShare,
  type Translate,
  themeLabel,
  wordingIn,
} from '#core';

/**
 * Results as tables, never a chart: one table per theme (point, agree, disagree, pass,
 * score, consensus), then agreement by group with small counts shown as "fewer than 5".
 * Shared by the participants' results page and the staff consultation page.
 */
const percent = (language: Language, share: number) =>
  new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 0 }).format(share);

export function shown(t: Translate, count: ShownCount): string {
  if (count.kind === 'fewer') return t('cons.fewerThan', { n: count.than });
  if (count.kind === 'hidden') return '—';
  return t('cons.number', { n: count.value });
}

export function groupKeys(consultation: Pick<Consultation, 'rules'>): GroupKey[] {
  return consultation.rules.groupBy.flatMap((dimension) =>
    GROUP_DIMENSIONS[dimension].map((value): GroupKey => `${dimension}:${value}`),
  );
}

export function RulesExplained({ t, consultation }: { t: Translate; consultation: Pick<Consultation, 'rules'> }) {
  const groups = groupKeys(consultation).map((key) => t(`cons.group.${key}` as never));
  return (
    <div class="panel">
      <h2>{t('cons.rules.heading')}</h2>
      <p>
        {t('cons.rules.body', {
          min: consultation.rules.minVoters,
          threshold: consultation.rules.thresholdPercent,
          groups: groups.length > 0 ? groups.join(t('cons.listSeparator')) : t('cons.rules.noGroups'),
        })}
      </p>
      <p>{t('cons.rules.score')}</p>
      <p>{t('cons.rules.small')}</p>
    </div>
  );
}

export function ResultsTables({
  t,
  language,
  consultation,
  sections,
  idPrefix,
  within,
}: {
  t: Translate;
  language: Language;
  consultation: Pick<Consultation, 'themes' | 'rules'>;
  sections: { theme: string; results: PointResult[] }[];
  idPrefix: string;
  /**
   * The id of the heading of the part these tables are in (a round): it starts every region's
   * name, so the same theme in round 1 and round 2 makes two regions that can be told apart.
   */
  within?: string;
}) {
  const named = (id: string) => (within ? `${within} ${id}` : id);
  const keys = groupKeys(consultation);
  if (sections.length === 0) return <p>{t('cons.results.none')}</p>;
  return (
    <>
      {sections.map((section, index) => {
        const label = themeLabel(consultation, section.theme, language);
        const headingId = `${idPrefix}-theme-${index}`;
        return (
          <section aria-labelledby={named(headingId)}>
            <h3 id={headingId}>{label}</h3>
            <section class="table-scroll" aria-labelledby={named(`${headingId}-votes`)} tabindex={0}>
              <table class="results">
                <caption id={`${headingId}-votes`}>{t('cons.results.caption', { theme: label })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('cons.results.point')}</th>
                    <th scope="col">{t('cons.vote.agree')}</th>
                    <th scope="col">{t('cons.vote.disagree')}</th>
                    <th scope="col">{t('cons.vote.pass')}</th>
                    <th scope="col">{t('cons.results.score')}</th>
                    <th scope="col">{t('cons.results.consensus')}</th>
                  </tr>
                </thead>
                <tbody>
                  {section.results.map(({ point, judgement }) => (
                    <tr>
                      <th scope="row">
                        <bdi dir="auto">{point.text}</bdi>
                        {point.originalText && (
                          <span class="hint original">
                            {' '}
                            {t('cons.point.original')} <bdi dir="auto">{point.originalText}</bdi>
                          </span>
                        )}
                      </th>
                      <td>{formatNumber(language, point.counts.all.agree)}</td>
                      <td>{formatNumber(language, point.counts.all.disagree)}</td>
                      <td>{formatNumber(language, point.counts.all.pass)}</td>
                      <td>{percent(language, judgement.groupInformed)}</td>
                      <td>
                        {judgement.consensus ? t('cons.results.yes') : t('cons.results.no')}
                        {!judgement.consensus && judgement.reason && (
                          <span class="hint"> ({t(`cons.results.reason.${judgement.reason}`)})</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            {keys.length > 0 && (
              <section class="table-scroll" aria-labelledby={named(`${headingId}-groups`)} tabindex={0}>
                <table class="results">
                  <caption id={`${headingId}-groups`}>{t('cons.results.groupsCaption', { theme: label })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('cons.results.point')}</th>
                      {keys.map((key) => (
                        <th scope="col">{t(`cons.group.${key}` as never)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {section.results.map(({ point, judgement }) => (
                      <tr>
                        <th scope="row">
                          <bdi dir="auto">{point.text}</bdi>
                        </th>
                        {keys.map((key) => {
                          const group = judgement.groups.find((g) => g.key === key);
                          if (!group) return <td>{t('cons.results.noVotes')}</td>;
                          const voters = shown(t, showGroupCount(group.voters));
                          const verdict = group.holds ? t('cons.results.holds') : t('cons.results.short');
                          return (
                            <td>
                              {showsGroupShare(group.voters)
                                ? t('cons.results.groupCell', { share: percent(language, group.agreeShare), voters })
                                : t('cons.results.groupCellSmall', { voters })}{' '}
                              ({verdict})
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
          </section>
        );
      })}
    </>
  );
}

/** Who took part, by declared group, small counts suppressed. */
export function Representation({
  t,
  totals,
}: {
  t: Translate;
  totals: { participants: number; groups: Partial<Record<GroupKey, number>> };
}) {
  const keys = (Object.keys(GROUP_DIMENSIONS) as (keyof typeof GROUP_DIMENSIONS)[]).flatMap((dimension) =>
    GROUP_DIMENSIONS[dimension].map((value): GroupKey => `${dimension}:${value}`),
  );
  return (
    <table class="results">
      <caption>{t('cons.representation.caption')}</caption>
      <tbody>
        <tr>
          <th scope="row">{t('cons.representation.all')}</th>
          <td>{t('cons.number', { n: totals.participants })}</td>
        </tr>
        {keys.map((key) => (
          <tr>
            <th scope="row">{t(`cons.group.${key}` as never)}</th>
            <td>{shown(t, showGroupCount(totals.groups[key] ?? 0))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A statement as participants and staff read it: themes as headings, each point with its figures. */
export function StatementView({
  t,
  language,
  statement,
  headingLevel = 4,
}: {
  t: Translate;
  language: Language;
  statement: Pick<Statement, 'addressee' | 'sections'>;
  /** The level of each theme's heading: one below the statement's own. */
  headingLevel?: 3 | 4;
}) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  if (statement.sections.length === 0) return <p>{t('cons.statement.empty')}</p>;
  return (
    <div class="statement">
      {statement.sections.map((section) => (
        <section>
          <Heading>{inContentLanguage(section.label, language)}</Heading>
          <ul>
            {section.points.map((point) => (
              <li>
                <bdi dir="auto">{wordingIn(point, language)}</bdi>{' '}
                <span class="hint">
                  {t('cons.statement.figures', {
                    percent: point.agreePercent,
                    agree: point.agree,
                    voters: point.voters,
                    lowest: point.lowestGroupPercent,
                    round: point.round,
                  })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
