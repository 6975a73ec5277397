import {
  CONSULTATION_LIMITS,
  type Consultation,
  type GroupKey,
  inContentLanguage,
  LOCALES,
  type Phase,
  type Point,
  type PointResult,
  PROTECT_FIELDS,
  pluralTemplates,
  type Statement,
  themeLabel,
  VOTE_CHOICES,
  type VoteChoice,
} from '#core';
import { assetPath } from '../assets/index.ts';
import { basePath, formatDate } from '../page.tsx';
import { describedBy, ErrorSummary, FieldError, type SummaryItem } from '../views/errors.tsx';
import { Layout, type PageContext } from '../views/layout.tsx';
import { Representation, ResultsTables, RulesExplained, StatementView } from './results.tsx';

export const consultationPath = (page: Pick<PageContext, 'language'>, id: string, rest = '') =>
  `${basePath(page.language)}/consultations/${id}${rest}`;

function Notice({ text }: { text?: string | undefined }) {
  if (!text) return null;
  return (
    <div class="panel notice" role="status">
      <p>{text}</p>
    </div>
  );
}

function Intro({ page, consultation, phase }: { page: PageContext; consultation: Consultation; phase: Phase }) {
  const { t, language } = page;
  const date = (iso: string) => formatDate(language, iso);
  const { schedule } = consultation;
  const phaseText =
    phase === 'upcoming'
      ? t('cons.phase.upcoming', { date: date(schedule.opensAt) })
      : phase === 'round1'
        ? t('cons.phase.round1', { date: date(new Date(Date.parse(schedule.round1ClosesAt) - 1).toISOString()) })
        : phase === 'round2'
          ? t('cons.phase.round2', { date: date(new Date(Date.parse(schedule.round2ClosesAt) - 1).toISOString()) })
          : t('cons.phase.closed');
  return (
    <>
      <p class="lead">
        <bdi dir="auto">{inContentLanguage(consultation.description, language)}</bdi>
      </p>
      <p>
        <strong>{phaseText}</strong>
      </p>
    </>
  );
}

function ParticipantNav({
  page,
  consultation,
  phase,
}: {
  page: PageContext;
  consultation: Consultation;
  phase: Phase;
}) {
  const { t } = page;
  const links = [
    ...(phase === 'round1' || phase === 'round2' ? [{ href: '/vote', label: t('cons.nav.vote') }] : []),
    ...(phase === 'round1' ? [{ href: '/propose', label: t('cons.nav.propose') }] : []),
    { href: '/mine', label: t('cons.nav.mine') },
    { href: '/results', label: t('cons.nav.results') },
  ];
  return (
    <nav aria-label={t('cons.nav.label')}>
      <ul class="link-list">
        {links.map((link) => (
          <li>
            <a href={consultationPath(page, consultation.id, link.href)}>{link.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface JoinForm {
  formToken: string;
  protect?: { challengeUrl: string } | undefined;
  values: Record<string, string>;
  errors: { code?: string; form?: string };
}

function DeclarationFields({ page, values }: { page: PageContext; values: Record<string, string> }) {
  const { t } = page;
  const groups = [
    { name: 'gender', options: ['woman', 'man', 'another', 'prefer-not'] },
    { name: 'location', options: ['inside', 'outside', 'prefer-not'] },
    { name: 'disability', options: ['yes', 'no', 'prefer-not'] },
  ] as const;
  return (
    <>
      <h2>{t('cons.declare.heading')}</h2>
      <p class="hint">{t('cons.declare.hint')}</p>
      {groups.map((group) => (
        <div class="field">
          <fieldset>
            <legend>
              {t(`cons.declare.${group.name}`)} <span class="optional">({t('form.optional')})</span>
            </legend>
            <div class="choices">
              {group.options.map((option) => (
                <div class="choice">
                  <input
                    type="radio"
                    id={`${group.name}-${option}`}
                    name={group.name}
                    value={option}
                    checked={values[group.name] === option}
                  />
                  <label for={`${group.name}-${option}`}>{t(`cons.declare.${group.name}.${option}` as never)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      ))}
    </>
  );
}

/** A page of a consultation: a link back to it, named by its title, above the page's own heading. */
function PageHeading({ page, consultation, title }: { page: PageContext; consultation: Consultation; title: string }) {
  return (
    <>
      <p>
        <a href={consultationPath(page, consultation.id)}>
          <bdi dir="auto">{inContentLanguage(consultation.title, page.language)}</bdi>
        </a>
      </p>
      <h1>{title}</h1>
    </>
  );
}

export function OverviewPage({
  page,
  consultation,
  phase,
  joined,
  progress,
  statements,
  join,
  notice,
}: {
  page: PageContext;
  consultation: Consultation;
  phase: Phase;
  joined: boolean;
  progress?: { voted: number; total: number } | undefined;
  statements: Statement[];
  join?: JoinForm | undefined;
  notice?: string | undefined;
}) {
  const { t, language } = page;
  const title = inContentLanguage(consultation.title, language);
  const errorItems: SummaryItem[] = [];
  if (join?.errors.code) errorItems.push({ text: join.errors.code, target: 'code' });
  if (join?.errors.form) errorItems.push({ text: join.errors.form });
  const canJoin = phase === 'round1' || phase === 'round2';
  return (
    <Layout page={page} title={title} hasErrors={errorItems.length > 0}>
      {errorItems.length > 0 && <ErrorSummary page={page} items={errorItems} />}
      <h1>
        <bdi dir="auto">{title}</bdi>
      </h1>
      <Notice text={notice} />
      <Intro page={page} consultation={consultation} phase={phase} />
      {joined ? (
        <>
          {progress && progress.total > 0 && <p>{t('cons.progress', { voted: progress.voted, n: progress.total })}</p>}
          <ParticipantNav page={page} consultation={consultation} phase={phase} />
        </>
      ) : canJoin && join ? (
        <form
          method="post"
          action={consultationPath(page, consultation.id, '/join')}
          novalidate
          accept-charset="utf-8"
          data-pow={join.protect?.challengeUrl}
          data-pow-checking={join.protect ? t('protect.pow.checking') : undefined}
        >
          <h2>{t('cons.join.heading')}</h2>
          <input type="hidden" name="formToken" value={join.formToken} />
          {consultation.access === 'closed' ? (
            <div class={`field${join.errors.code ? ' field-error' : ''}`}>
              <label for="code" class="label">
                {t('cons.join.code.label')}
              </label>
              <p id="code-hint" class="hint">
                {t('cons.join.code.hint')}
              </p>
              {join.errors.code && <FieldError page={page} id="code-error" text={join.errors.code} />}
              <input
                type="text"
                id="code"
                name="code"
                class="code-input"
                dir="ltr"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck={false}
                maxlength={30}
                value={join.values.code ?? ''}
                aria-describedby={describedBy('code-hint', join.errors.code && 'code-error')}
                aria-invalid={join.errors.code ? 'true' : undefined}
              />
            </div>
          ) : (
            <p>{t('cons.join.open')}</p>
          )}
          <DeclarationFields page={page} values={join.values} />
          <div class="visually-hidden" aria-hidden="true">
            <label for={PROTECT_FIELDS.honeypot}>{t('protect.honeypot.label')}</label>
            <input
              type="text"
              id={PROTECT_FIELDS.honeypot}
              name={PROTECT_FIELDS.honeypot}
              tabindex={-1}
              autocomplete="off"
            />
          </div>
          <button type="submit" class="button">
            {t('cons.join.submit')}
          </button>
          {join.protect && <script src={assetPath('protect.js')} defer />}
        </form>
      ) : (
        <p>
          <a href={consultationPath(page, consultation.id, '/results')}>{t('cons.nav.results')}</a>
        </p>
      )}
      <Statements page={page} statements={statements} />
    </Layout>
  );
}

/** "You said, we did": the statements this consultation sent, as participants read them. */
function Statements({ page, statements }: { page: PageContext; statements: Statement[] }) {
  const { t, language } = page;
  const published = statements.filter((s) => s.status === 'published');
  if (published.length === 0) return null;
  return (
    <section aria-labelledby="statements-heading">
      <h2 id="statements-heading">{t('cons.statements.heading')}</h2>
      {published.map((statement) => (
        <article>
          <h3>{t(`cons.statement.to.${statement.addressee}`)}</h3>
          <p class="hint">
            {statement.sentAt
              ? t('cons.statement.sentOn', { date: formatDate(language, statement.sentAt) })
              : t('cons.statement.publishedOn', {
                  date: formatDate(language, statement.publishedAt ?? statement.composedAt),
                })}
          </p>
          <StatementView t={t} language={language} statement={statement} />
        </article>
      ))}
    </section>
  );
}

export function VotePage({
  page,
  consultation,
  round,
  points,
  votes,
  pageNumber,
  pageCount,
  progress,
  errors,
  notice,
}: {
  page: PageContext;
  consultation: Consultation;
  round: 1 | 2;
  points: Point[];
  votes: Map<string, VoteChoice>;
  pageNumber: number;
  pageCount: number;
  progress: { voted: number; total: number };
  errors: Record<string, string>;
  notice?: string | undefined;
}) {
  const { t, language } = page;
  const title = t('cons.vote.title', { round });
  const errorItems = Object.entries(errors).map(([id, text]) => ({ text, target: `vote-${id}-agree` }));
  let lastTheme = '';
  return (
    <Layout
      page={page}
      title={`${title} (${t('cons.vote.pageOf', { page: pageNumber, n: pageCount })})`}
      hasErrors={errorItems.length > 0}
    >
      {errorItems.length > 0 && <ErrorSummary page={page} items={errorItems} />}
      <PageHeading page={page} consultation={consultation} title={title} />
      <Notice text={notice} />
      <p id="progress">{t('cons.progress', { voted: progress.voted, n: progress.total })}</p>
      {points.length === 0 ? (
        <p>{t('cons.vote.none')}</p>
      ) : (
        <form method="post" action={consultationPath(page, consultation.id, `/vote?page=${pageNumber}`)} novalidate>
          <p class="hint">{t('cons.vote.hint')}</p>
          <input type="hidden" name="points" value={points.map((point) => point.id).join(',')} />
          {points.map((point) => {
            const heading = point.theme !== lastTheme ? themeLabel(consultation, point.theme, language) : undefined;
            lastTheme = point.theme;
            const error = errors[point.id];
            const current = votes.get(point.id);
            return (
              <>
                {heading && <h2>{heading}</h2>}
                <div class={`field${error ? ' field-error' : ''}`}>
                  <fieldset
                    aria-describedby={describedBy(
                      point.originalText && `original-${point.id}`,
                      error && `vote-${point.id}-error`,
                    )}
                  >
                    <legend>
                      <bdi dir="auto">{point.text}</bdi>
                    </legend>
                    {point.originalText && (
                      <p id={`original-${point.id}`} class="hint">
                        {t('cons.point.original')} <bdi dir="auto">{point.originalText}</bdi>
                      </p>
                    )}
                    {error && <FieldError page={page} id={`vote-${point.id}-error`} text={error} />}
                    <div class="choices choices-inline">
                      {VOTE_CHOICES.map((choice) => (
                        <div class="choice">
                          <input
                            type="radio"
                            id={`vote-${point.id}-${choice}`}
                            name={`vote-${point.id}`}
                            value={choice}
                            checked={current === choice}
                          />
                          <label for={`vote-${point.id}-${choice}`}>{t(`cons.vote.${choice}`)}</label>
                        </div>
                      ))}
                    </div>
                  </fieldset>
                </div>
              </>
            );
          })}
          <button type="submit" class="button">
            {pageNumber < pageCount ? t('cons.vote.saveNext') : t('cons.vote.save')}
          </button>
        </form>
      )}
      {pageCount > 1 && (
        <nav aria-label={t('cons.vote.pages')}>
          <ul class="link-list">
            {Array.from({ length: pageCount }, (_, i) => i + 1).map((n) => (
              <li>
                <a
                  href={consultationPath(page, consultation.id, `/vote?page=${n}`)}
                  aria-current={n === pageNumber ? 'page' : undefined}
                >
                  {t('cons.vote.pageOf', { page: n, n: pageCount })}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </Layout>
  );
}

export function ProposePage({
  page,
  consultation,
  values,
  errors,
}: {
  page: PageContext;
  consultation: Consultation;
  values: Record<string, string>;
  errors: { theme?: string; text?: string; form?: string };
}) {
  const { t, language } = page;
  const title = t('cons.propose.title');
  const items: SummaryItem[] = [];
  if (errors.theme) items.push({ text: errors.theme, target: `theme-${consultation.themes[0]?.id}` });
  if (errors.text) items.push({ text: errors.text, target: 'text' });
  if (errors.form) items.push({ text: errors.form });
  return (
    <Layout page={page} title={title} hasErrors={items.length > 0}>
      {items.length > 0 && <ErrorSummary page={page} items={items} />}
      <PageHeading page={page} consultation={consultation} title={title} />
      <p>{t('cons.propose.intro')}</p>
      <form
        method="post"
        action={consultationPath(page, consultation.id, '/propose')}
        novalidate
        accept-charset="utf-8"
      >
        <div class={`field${errors.theme ? ' field-error' : ''}`}>
          <fieldset aria-describedby={errors.theme ? 'theme-error' : undefined}>
            <legend>{t('cons.propose.theme')}</legend>
            {errors.theme && <FieldError page={page} id="theme-error" text={errors.theme} />}
            <div class="choices">
              {consultation.themes.map((theme) => (
                <div class="choice">
                  <input
                    type="radio"
                    id={`theme-${theme.id}`}
                    name="theme"
                    value={theme.id}
                    checked={values.theme === theme.id}
                  />
                  <label for={`theme-${theme.id}`}>{inContentLanguage(theme.label, language)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <div
          class={`field${errors.text ? ' field-error' : ''}`}
          data-char-count
          data-max={String(CONSULTATION_LIMITS.point)}
          data-locale={LOCALES[language]}
          data-remaining={JSON.stringify(pluralTemplates(language, 'count.remaining'))}
          data-over={JSON.stringify(pluralTemplates(language, 'count.over'))}
        >
          <label for="text" class="label">
            {t('cons.propose.text')}
          </label>
          <p id="text-hint" class="hint">
            {t('cons.propose.textHint', { max: CONSULTATION_LIMITS.point })}
          </p>
          {errors.text && <FieldError page={page} id="text-error" text={errors.text} />}
          <textarea
            id="text"
            name="text"
            rows={4}
            dir="auto"
            aria-describedby={describedBy('text-hint', errors.text && 'text-error')}
            aria-invalid={errors.text ? 'true' : undefined}
          >
            {values.text ?? ''}
          </textarea>
          <p class="count-status" aria-hidden="true" data-count-visible />
          <p class="visually-hidden" aria-live="polite" data-count-live />
        </div>
        <button type="submit" class="button">
          {t('cons.propose.submit')}
        </button>
      </form>
    </Layout>
  );
}

export function MinePage({
  page,
  consultation,
  points,
  notice,
}: {
  page: PageContext;
  consultation: Consultation;
  points: Point[];
  notice?: string | undefined;
}) {
  const { t, language } = page;
  const title = t('cons.mine.title');
  return (
    <Layout page={page} title={title}>
      <PageHeading page={page} consultation={consultation} title={title} />
      <Notice text={notice} />
      {points.length === 0 ? (
        <p>{t('cons.mine.none')}</p>
      ) : (
        <ul class="note-list">
          {points.map((point) => (
            <li>
              <p>
                <bdi dir="auto">{point.originalText ?? point.text}</bdi>
              </p>
              <p class="hint">{themeLabel(consultation, point.theme, language)}</p>
              <p>
                <strong>{t(`cons.status.${point.status}`)}</strong>
                {point.status === 'rejected' && point.rejectReason && (
                  <>
                    {' '}
                    {t('cons.mine.reason')} <bdi dir="auto">{point.rejectReason}</bdi>
                  </>
                )}
                {point.originalText && point.status === 'approved' && (
                  <>
                    {' '}
                    {t('cons.mine.edited')} <bdi dir="auto">{point.text}</bdi>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={consultationPath(page, consultation.id, '/propose')}>{t('cons.nav.propose')}</a>
      </p>
    </Layout>
  );
}

export function ResultsPage({
  page,
  consultation,
  rounds,
  totals,
  statements,
}: {
  page: PageContext;
  consultation: Consultation;
  rounds: { round: 1 | 2; sections: { theme: string; results: PointResult[] }[] }[];
  totals: { participants: number; groups: Partial<Record<GroupKey, number>> };
  statements: Statement[];
}) {
  const { t, language } = page;
  const title = t('cons.results.title');
  return (
    <Layout page={page} title={title}>
      <PageHeading page={page} consultation={consultation} title={title} />
      <RulesExplained t={t} consultation={consultation} />
      {rounds.length === 0 && <p>{t('cons.results.notYet')}</p>}
      {rounds.map(({ round, sections }) => (
        <section aria-labelledby={`round-${round}`}>
          <h2 id={`round-${round}`}>{t('cons.results.round', { round })}</h2>
          <ResultsTables
            t={t}
            language={language}
            consultation={consultation}
            sections={sections}
            idPrefix={`r${round}`}
            within={`round-${round}`}
          />
        </section>
      ))}
      <h2>{t('cons.representation.heading')}</h2>
      <Representation t={t} totals={totals} />
      <Statements page={page} statements={statements} />
    </Layout>
  );
}
