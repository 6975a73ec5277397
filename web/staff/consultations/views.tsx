import {
  CONSULTATION_LIMITS,
  CONTENT_LANGUAGES,
  type Consultation,
  type ConsultationErrors,
  directionOf,
  GROUP_DIMENSIONS,
  inContentLanguage,
  localPath,
  missingWordings,
  type Phase,
  type PointResult,
  type PublicPoint,
  STATEMENT_ADDRESSEES,
  type Statement,
  type StatementAddressee,
  TOPICS,
  themeLabel,
} from '#core';
import { ResultsTables, RulesExplained, StatementView } from '../../public/consultations/results.tsx';
import type { StaffPage } from '../context.ts';
import { StaffLayout } from '../views/layout.tsx';
import { CsrfField, ErrorSummary, FieldError, Notice, TableRegion, Time, UserText } from '../views/parts.tsx';

/** The staff pages of consultations (issue 14), for admins and facilitators. */
export const consultationsRoot = (page: Pick<StaffPage, 'base'>) => `${page.base}/consultations`;
const at = (page: StaffPage, id: string, rest = '') => `${consultationsRoot(page)}/${id}${rest}`;
const publicPath = (page: StaffPage, id: string) => localPath(page.language, `/consultations/${id}`);

/** A staff form posting to one of the consultation's actions, with the anti-forgery token and its hidden fields. */
function ActionForm({
  page,
  consultation,
  rest,
  hidden = {},
  children,
  ...attributes
}: {
  page: StaffPage;
  consultation: Pick<Consultation, 'id'>;
  rest: string;
  hidden?: Record<string, string>;
  children?: unknown;
  class?: string;
  novalidate?: boolean;
}) {
  return (
    <form method="post" action={at(page, consultation.id, rest)} {...attributes}>
      <CsrfField page={page} />
      {Object.entries(hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      {children}
    </form>
  );
}

/** A labelled input named as its id, with its error above it and described by it. */
function InputField({
  page,
  id,
  label,
  error,
  ...input
}: {
  page: StaffPage;
  id: string;
  label: string;
  error?: string | undefined;
  type: 'text' | 'number';
  dir: 'auto' | 'ltr';
  value: string;
  min?: string;
  max?: string;
}) {
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id} class="label">
        {label}
      </label>
      {error && <FieldError page={page} id={`${id}-error`} text={error} />}
      <input id={id} name={id} aria-describedby={error ? `${id}-error` : undefined} {...input} />
    </div>
  );
}

/** A moderation step on one point: its action and the version it was read at. */
const pointAction = (
  point: Pick<PublicPoint, 'id' | 'version'>,
  action: string,
  extra: Record<string, string> = {},
) => ({
  rest: `/points/${point.id}`,
  hidden: { action, version: String(point.version), ...extra },
});

function SubNav({ page, consultation, current }: { page: StaffPage; consultation: Consultation; current: string }) {
  const { t } = page;
  const items = [
    ['', t('cons.staff.nav.overview')],
    ['/moderate', t('cons.staff.nav.moderate')],
    ['/round2', t('cons.staff.nav.round2')],
    ['/results', t('cons.staff.nav.results')],
    ['/statements', t('cons.staff.nav.statements')],
  ] as const;
  return (
    <nav aria-label={t('cons.staff.nav.label')}>
      <ul class="link-list">
        {items.map(([rest, label]) => (
          <li>
            <a href={at(page, consultation.id, rest)} aria-current={rest === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const titleOf = (page: StaffPage, consultation: Consultation) => inContentLanguage(consultation.title, page.language);

export function ListPage({ page, consultations }: { page: StaffPage; consultations: Consultation[] }) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('cons.staff.list.title')}>
      <h1>{t('cons.staff.list.title')}</h1>
      <p>
        <a class="button" href={`${consultationsRoot(page)}/new`}>
          {t('cons.staff.create')}
        </a>
      </p>
      {consultations.length === 0 ? (
        <p>{t('cons.staff.list.none')}</p>
      ) : (
        <ul class="link-list">
          {consultations.map((consultation) => (
            <li>
              <a href={at(page, consultation.id)}>
                <bdi dir="auto">{titleOf(page, consultation)}</bdi>
              </a>{' '}
              <span class="hint">({t(`cons.staff.access.${consultation.access}`)})</span>
            </li>
          ))}
        </ul>
      )}
    </StaffLayout>
  );
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const many = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export function CreatePage({
  page,
  values,
  errors = {},
}: {
  page: StaffPage;
  values: Record<string, string | string[]>;
  errors?: ConsultationErrors;
}) {
  const { t, language } = page;
  const list = Object.entries(errors).map(([field, key]) => ({
    target:
      field === 'addressees'
        ? 'addressees-ose'
        : field === 'themes'
          ? `theme-${TOPICS[0].id}`
          : field === 'access'
            ? 'access-closed'
            : field,
    text: t(key as never),
  }));
  const text = (
    name: string,
    label: string,
    options: { textarea?: boolean; type?: string; hint?: string; dir?: string } = {},
  ) => {
    const error = errors[name as keyof ConsultationErrors];
    const describedBy =
      [options.hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ') || undefined;
    return (
      <div class={`field${error ? ' field-error' : ''}`}>
        <label for={name} class="label">
          {label}
        </label>
        {options.hint && (
          <p id={`${name}-hint`} class="hint">
            {options.hint}
          </p>
        )}
        {error && <FieldError page={page} id={`${name}-error`} text={t(error as never)} />}
        {options.textarea ? (
          <textarea
            id={name}
            name={name}
            rows={4}
            dir={options.dir ?? 'auto'}
            aria-describedby={describedBy}
            aria-invalid={error ? 'true' : undefined}
          >
            {one(values[name])}
          </textarea>
        ) : (
          <input
            type={options.type ?? 'text'}
            id={name}
            name={name}
            dir={options.dir ?? 'auto'}
            value={one(values[name])}
            aria-describedby={describedBy}
            aria-invalid={error ? 'true' : undefined}
          />
        )}
      </div>
    );
  };
  const checks = (
    name: string,
    legend: string,
    options: { value: string; label: string }[],
    type: 'checkbox' | 'radio',
  ) => {
    const error = errors[name as keyof ConsultationErrors];
    const selected = many(values[name]);
    return (
      <div class={`field${error ? ' field-error' : ''}`}>
        <fieldset aria-describedby={error ? `${name}-error` : undefined}>
          <legend>{legend}</legend>
          {error && <FieldError page={page} id={`${name}-error`} text={t(error as never)} />}
          <div class="choices">
            {options.map((option) => (
              <div class="choice">
                <input
                  type={type}
                  id={`${name === 'themes' ? 'theme' : name}-${option.value}`}
                  name={name}
                  value={option.value}
                  checked={selected.includes(option.value)}
                />
                <label for={`${name === 'themes' ? 'theme' : name}-${option.value}`}>{option.label}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
    );
  };
  return (
    <StaffLayout page={page} title={t('cons.staff.create')} hasErrors={list.length > 0}>
      {list.length > 0 && <ErrorSummary page={page} errors={list} />}
      <h1>{t('cons.staff.create')}</h1>
      <form method="post" action={consultationsRoot(page)} novalidate accept-charset="utf-8">
        <CsrfField page={page} />
        {text('titleAr', t('cons.staff.field.titleAr'), { dir: 'rtl' })}
        {text('titleEn', t('cons.staff.field.titleEn'), { dir: 'ltr' })}
        {text('descriptionAr', t('cons.staff.field.descriptionAr'), { textarea: true, dir: 'rtl' })}
        {text('descriptionEn', t('cons.staff.field.descriptionEn'), { textarea: true, dir: 'ltr' })}
        {checks(
          'addressees',
          t('cons.staff.field.addressees'),
          STATEMENT_ADDRESSEES.map((value) => ({ value, label: t(`cons.statement.to.${value}`) })),
          'checkbox',
        )}
        {checks(
          'themes',
          t('cons.staff.field.themes'),
          TOPICS.map((topic) => ({ value: topic.id, label: inContentLanguage(topic.label, language) })),
          'checkbox',
        )}
        {text('ownThemes', t('cons.staff.field.ownThemes'), {
          textarea: true,
          hint: t('cons.staff.field.ownThemesHint'),
        })}
        {checks(
          'ownThemesFor',
          t('cons.staff.field.ownThemesFor'),
          STATEMENT_ADDRESSEES.map((value) => ({ value, label: t(`cons.statement.to.${value}`) })),
          'radio',
        )}
        {text('opens', t('cons.staff.field.opens'), { type: 'date', dir: 'ltr', hint: t('cons.staff.field.dateHint') })}
        {text('round1Closes', t('cons.staff.field.round1Closes'), {
          type: 'date',
          dir: 'ltr',
          hint: t('cons.staff.field.dateHint'),
        })}
        {text('round2Closes', t('cons.staff.field.round2Closes'), {
          type: 'date',
          dir: 'ltr',
          hint: t('cons.staff.field.dateHint'),
        })}
        {checks(
          'access',
          t('cons.staff.field.access'),
          (['closed', 'open'] as const).map((value) => ({ value, label: t(`cons.staff.access.${value}`) })),
          'radio',
        )}
        {text('minVoters', t('cons.staff.field.minVoters'), {
          type: 'number',
          dir: 'ltr',
          hint: t('cons.staff.field.minVotersHint'),
        })}
        {text('threshold', t('cons.staff.field.threshold'), {
          type: 'number',
          dir: 'ltr',
          hint: t('cons.staff.field.thresholdHint'),
        })}
        {checks(
          'groupBy',
          t('cons.staff.field.groupBy'),
          (Object.keys(GROUP_DIMENSIONS) as (keyof typeof GROUP_DIMENSIONS)[]).map((value) => ({
            value,
            label: t(`cons.staff.dimension.${value}`),
          })),
          'checkbox',
        )}
        <button type="submit" class="button">
          {t('cons.staff.create')}
        </button>
      </form>
    </StaffLayout>
  );
}

export function OverviewPage({
  page,
  consultation,
  phase,
  participants,
  pending,
  notice,
  codeErrors = {},
  codeValues = {},
}: {
  page: StaffPage;
  consultation: Consultation;
  phase: Phase;
  participants: number;
  pending: number;
  notice?: string | undefined;
  codeErrors?: { group?: string; count?: string };
  codeValues?: { group?: string; count?: string };
}) {
  const { t, language } = page;
  const errors = [
    ...(codeErrors.group ? [{ target: 'group', text: codeErrors.group }] : []),
    ...(codeErrors.count ? [{ target: 'count', text: codeErrors.count }] : []),
  ];
  const closeRound = phase === 'round1' ? 1 : phase === 'round2' ? 2 : undefined;
  return (
    <StaffLayout page={page} title={titleOf(page, consultation)} hasErrors={errors.length > 0}>
      {errors.length > 0 && <ErrorSummary page={page} errors={errors} />}
      <h1>
        <bdi dir="auto">{titleOf(page, consultation)}</bdi>
      </h1>
      {notice && <Notice lines={[notice]} />}
      <SubNav page={page} consultation={consultation} current="" />
      <dl class="facts">
        <dt>{t('cons.staff.phase')}</dt>
        <dd>{t(`cons.staff.phase.${phase}`)}</dd>
        <dt>{t('cons.staff.field.opens')}</dt>
        <dd>
          <Time language={language} iso={consultation.schedule.opensAt} />
        </dd>
        <dt>{t('cons.staff.field.round1Closes')}</dt>
        <dd>
          <Time language={language} iso={consultation.schedule.round1ClosesAt} />
        </dd>
        <dt>{t('cons.staff.field.round2Closes')}</dt>
        <dd>
          <Time language={language} iso={consultation.schedule.round2ClosesAt} />
        </dd>
        <dt>{t('cons.staff.field.access')}</dt>
        <dd>{t(`cons.staff.access.${consultation.access}`)}</dd>
        <dt>{t('cons.staff.participants')}</dt>
        <dd>{t('cons.number', { n: participants })}</dd>
        <dt>{t('cons.staff.pending')}</dt>
        <dd>{t('cons.number', { n: pending })}</dd>
        <dt>{t('cons.staff.publicLink')}</dt>
        <dd>
          <a href={publicPath(page, consultation.id)}>
            <bdi dir="ltr">{publicPath(page, consultation.id)}</bdi>
          </a>
        </dd>
      </dl>
      {closeRound && (
        <ActionForm page={page} consultation={consultation} rest="/close-round" hidden={{ round: String(closeRound) }}>
          <button type="submit" class="button">
            {t('cons.staff.closeRound', { round: closeRound })}
          </button>
        </ActionForm>
      )}
      {consultation.access === 'closed' && (
        <section aria-labelledby="codes-heading">
          <h2 id="codes-heading">{t('cons.staff.codes.heading')}</h2>
          <p>{t('cons.staff.codes.intro')}</p>
          {consultation.codeBatches.length > 0 && (
            <ul>
              {consultation.codeBatches.map((batch) => (
                <li>{t('cons.staff.codes.batch', { group: batch.group, n: batch.count })}</li>
              ))}
            </ul>
          )}
          <ActionForm page={page} consultation={consultation} rest="/codes" novalidate>
            <InputField
              page={page}
              id="group"
              label={t('cons.staff.codes.group')}
              error={codeErrors.group}
              type="text"
              dir="auto"
              value={codeValues.group ?? ''}
            />
            <InputField
              page={page}
              id="count"
              label={t('cons.staff.codes.count')}
              error={codeErrors.count}
              type="number"
              dir="ltr"
              min="1"
              max={String(CONSULTATION_LIMITS.codesPerBatch)}
              value={codeValues.count ?? ''}
            />
            <button type="submit" class="button">
              {t('cons.staff.codes.generate')}
            </button>
          </ActionForm>
        </section>
      )}
    </StaffLayout>
  );
}

export function CodesPage({
  page,
  consultation,
  group,
  codes,
}: {
  page: StaffPage;
  consultation: Consultation;
  group: string;
  codes: string[];
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t('cons.staff.codes.title', { group })}>
      <h1>{t('cons.staff.codes.title', { group })}</h1>
      <p class="warning">{t('cons.staff.codes.once')}</p>
      <ol class="participant-codes" dir="ltr">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <ActionForm page={page} consultation={consultation} rest="/codes.csv" hidden={{ group, codes: codes.join(' ') }}>
        <button type="submit" class="button">
          {t('cons.staff.codes.export')}
        </button>
      </ActionForm>
      <p>
        <a href={at(page, consultation.id)}>{t('cons.staff.back')}</a>
      </p>
    </StaffLayout>
  );
}

export function ModeratePage({
  page,
  consultation,
  pending,
  approved,
  merges,
  notice,
  error,
}: {
  page: StaffPage;
  consultation: Consultation;
  pending: PublicPoint[];
  approved: PublicPoint[];
  merges: { keep: PublicPoint; merge: PublicPoint }[];
  notice?: string | undefined;
  error?: { point: string; text: string } | undefined;
}) {
  const { t, language } = page;
  const others = (point: PublicPoint) =>
    approved.filter((p) => p.id !== point.id && p.theme === point.theme && p.round === point.round);
  return (
    <StaffLayout page={page} title={t('cons.staff.moderate.title')} hasErrors={Boolean(error)}>
      {error && <ErrorSummary page={page} errors={[{ target: `reason-${error.point}`, text: error.text }]} />}
      <h1>{t('cons.staff.moderate.title')}</h1>
      {notice && <Notice lines={[notice]} />}
      <SubNav page={page} consultation={consultation} current="/moderate" />
      <p>{t('cons.staff.moderate.intro')}</p>
      {merges.length > 0 && (
        <section aria-labelledby="merges-heading">
          <h2 id="merges-heading">{t('cons.staff.moderate.merges')}</h2>
          <ul class="note-list">
            {merges.map(({ keep, merge }) => (
              <li>
                <UserText text={merge.text} />
                <p class="hint">{t('cons.staff.moderate.sameAs')}</p>
                <UserText text={keep.text} />
                <ActionForm page={page} consultation={consultation} {...pointAction(merge, 'merge', { into: keep.id })}>
                  <button type="submit" class="button secondary">
                    {t('cons.staff.moderate.mergeThese')}
                  </button>
                </ActionForm>
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>{t('cons.staff.moderate.pending', { n: pending.length })}</h2>
      {pending.length === 0 && <p>{t('cons.staff.moderate.nonePending')}</p>}
      {pending.map((point) => (
        <article class="panel" aria-labelledby={`point-${point.id}`}>
          <h3 id={`point-${point.id}`}>
            {themeLabel(consultation, point.theme, language)}: <bdi dir="auto">{point.text}</bdi>
          </h3>
          <ActionForm page={page} consultation={consultation} {...pointAction(point, 'approve')}>
            <button type="submit" class="button">
              {t('cons.staff.moderate.approve')}
            </button>
          </ActionForm>
          <ActionForm page={page} consultation={consultation} {...pointAction(point, 'edit')}>
            <label for={`text-${point.id}`} class="label">
              {t('cons.staff.moderate.editLabel')}
            </label>
            <textarea id={`text-${point.id}`} name="text" rows={3} dir="auto">
              {point.text}
            </textarea>
            <button type="submit" class="button secondary">
              {t('cons.staff.moderate.editApprove')}
            </button>
          </ActionForm>
          <ActionForm page={page} consultation={consultation} {...pointAction(point, 'reject')}>
            <label for={`reason-${point.id}`} class="label">
              {t('cons.staff.moderate.reason')}
            </label>
            {error?.point === point.id && <FieldError page={page} id={`reason-${point.id}-error`} text={error.text} />}
            <textarea
              id={`reason-${point.id}`}
              name="reason"
              rows={2}
              dir="auto"
              aria-describedby={error?.point === point.id ? `reason-${point.id}-error` : undefined}
            />
            <button type="submit" class="button secondary">
              {t('cons.staff.moderate.reject')}
            </button>
          </ActionForm>
          {others(point).length > 0 && (
            <ActionForm page={page} consultation={consultation} {...pointAction(point, 'merge')}>
              <label for={`into-${point.id}`} class="label">
                {t('cons.staff.moderate.mergeInto')}
              </label>
              <select id={`into-${point.id}`} name="into">
                {others(point).map((other) => (
                  <option value={other.id}>{other.text.slice(0, 120)}</option>
                ))}
              </select>
              <button type="submit" class="button secondary">
                {t('cons.staff.moderate.merge')}
              </button>
            </ActionForm>
          )}
        </article>
      ))}
      <h2>{t('cons.staff.moderate.approved', { n: approved.length })}</h2>
      <TableRegion labelledBy="approved-caption">
        <table>
          <caption id="approved-caption">{t('cons.staff.moderate.approvedCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cons.results.point')}</th>
              <th scope="col">{t('cons.staff.theme')}</th>
              <th scope="col">{t('cons.staff.round')}</th>
            </tr>
          </thead>
          <tbody>
            {approved.map((point) => (
              <tr>
                <td>
                  <bdi dir="auto">{point.text}</bdi>
                  {point.originalText && (
                    <span class="hint">
                      {' '}
                      {t('cons.point.original')} <bdi dir="auto">{point.originalText}</bdi>
                    </span>
                  )}
                </td>
                <td>{themeLabel(consultation, point.theme, language)}</td>
                <td>{t('cons.number', { n: point.round })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </StaffLayout>
  );
}

export function Round2Page({
  page,
  consultation,
  phase,
  candidates,
  carried,
  notice,
}: {
  page: StaffPage;
  consultation: Consultation;
  phase: Phase;
  candidates: PublicPoint[];
  carried: PublicPoint[];
  notice?: string | undefined;
}) {
  const { t, language } = page;
  return (
    <StaffLayout page={page} title={t('cons.staff.round2.title')}>
      <h1>{t('cons.staff.round2.title')}</h1>
      {notice && <Notice lines={[notice]} />}
      <SubNav page={page} consultation={consultation} current="/round2" />
      <p>{t('cons.staff.round2.intro')}</p>
      {phase === 'upcoming' || phase === 'round1' ? (
        <p>{t('cons.staff.round2.notYet')}</p>
      ) : candidates.length === 0 ? (
        <p>{t('cons.staff.round2.none')}</p>
      ) : (
        candidates.map((point) => (
          <ActionForm
            page={page}
            consultation={consultation}
            rest="/carry"
            hidden={{ point: point.id, version: String(point.version) }}
            class="panel"
          >
            <p>
              {themeLabel(consultation, point.theme, language)}: <bdi dir="auto">{point.text}</bdi>
            </p>
            <label for={`reword-${point.id}`} class="label">
              {t('cons.staff.round2.reword')}
            </label>
            <textarea id={`reword-${point.id}`} name="text" rows={3} dir="auto">
              {point.text}
            </textarea>
            <button type="submit" class="button">
              {t('cons.staff.round2.carry')}
            </button>
          </ActionForm>
        ))
      )}
      {carried.length > 0 && (
        <>
          <h2>{t('cons.staff.round2.carried')}</h2>
          <ul>
            {carried.map((point) => (
              <li>
                <bdi dir="auto">{point.text}</bdi>
                {point.originalText && (
                  <span class="hint">
                    {' '}
                    {t('cons.point.original')} <bdi dir="auto">{point.originalText}</bdi>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </StaffLayout>
  );
}

export function StaffResultsPage({
  page,
  consultation,
  rounds,
  notice,
}: {
  page: StaffPage;
  consultation: Consultation;
  rounds: { round: 1 | 2; sections: { theme: string; results: PointResult[] }[] }[];
  notice?: string | undefined;
}) {
  const { t, language } = page;
  return (
    <StaffLayout page={page} title={t('cons.results.title')}>
      <h1>{t('cons.results.title')}</h1>
      {notice && <Notice lines={[notice]} />}
      <SubNav page={page} consultation={consultation} current="/results" />
      <p>{t('cons.staff.results.live')}</p>
      <RulesExplained t={t} consultation={consultation} />
      <ActionForm page={page} consultation={consultation} rest="/recount">
        <p class="hint" id="recount-hint">
          {t('cons.staff.results.recountHint')}
        </p>
        <button type="submit" class="button secondary" aria-describedby="recount-hint">
          {t('cons.staff.results.recount')}
        </button>
      </ActionForm>
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
    </StaffLayout>
  );
}

export function StatementsPage({
  page,
  consultation,
  phase,
  statements,
  notice,
  wording,
}: {
  page: StaffPage;
  consultation: Consultation;
  phase: Phase;
  statements: Partial<Record<StatementAddressee, Statement>>;
  notice?: string | undefined;
  /** A wording form sent back with errors: its fields as typed. */
  wording?:
    | { addressee: StatementAddressee; errors: Record<string, string>; values: Record<string, unknown> }
    | undefined;
}) {
  const { t, language } = page;
  const errors = Object.entries(wording?.errors ?? {}).map(([name, text]) => ({
    target: `wording-${wording?.addressee}-${name}`,
    text,
  }));
  return (
    <StaffLayout page={page} title={t('cons.staff.statements.title')} hasErrors={errors.length > 0}>
      {errors.length > 0 && <ErrorSummary page={page} errors={errors} />}
      <h1>{t('cons.staff.statements.title')}</h1>
      {notice && <Notice lines={[notice]} />}
      <SubNav page={page} consultation={consultation} current="/statements" />
      <p>{t('cons.staff.statements.intro')}</p>
      {phase !== 'closed' && <p class="warning">{t('cons.staff.statements.notClosed')}</p>}
      {consultation.addressees.map((addressee) => {
        const statement = statements[addressee];
        return (
          <section aria-labelledby={`statement-${addressee}`}>
            <h2 id={`statement-${addressee}`}>{t(`cons.statement.to.${addressee}`)}</h2>
            {statement ? (
              <>
                <p>
                  <strong>
                    {statement.status === 'draft'
                      ? t('cons.staff.statements.draft')
                      : statement.sentAt
                        ? t('cons.staff.statements.sent')
                        : statement.deliveryFailure
                          ? t('cons.staff.statements.failed')
                          : t('cons.staff.statements.sending')}
                  </strong>
                </p>
                <StatementView t={t} language={language} statement={statement} headingLevel={3} />
              </>
            ) : (
              <p>{t('cons.staff.statements.notComposed')}</p>
            )}
            {(!statement || statement.status === 'draft') && (
              <ActionForm page={page} consultation={consultation} rest={`/statements/${addressee}/compose`}>
                <button type="submit" class="button secondary">
                  {statement ? t('cons.staff.statements.recompose') : t('cons.staff.statements.compose')}
                </button>
              </ActionForm>
            )}
            {statement?.status === 'draft' && statement.sections.length > 0 && (
              <WordingForm
                page={page}
                consultation={consultation}
                statement={statement}
                sent={wording?.addressee === addressee ? wording : undefined}
              />
            )}
            {statement?.status === 'draft' && (
              <ActionForm
                page={page}
                consultation={consultation}
                rest={`/statements/${addressee}/publish`}
                hidden={{ version: String(statement.version) }}
              >
                <button type="submit" class="button">
                  {t('cons.staff.statements.publish')}
                </button>
              </ActionForm>
            )}
            {statement?.status === 'published' && !statement.sentAt && statement.deliveryFailure && (
              <ActionForm page={page} consultation={consultation} rest={`/statements/${addressee}/resend`}>
                <button type="submit" class="button">
                  {t('cons.staff.statements.resend')}
                </button>
              </ActionForm>
            )}
          </section>
        );
      })}
    </StaffLayout>
  );
}

/**
 * Each point of a draft statement in every language it is sent and shown in: the words
 * participants voted on, and a field per language for its wording (prefilled where known).
 */
function WordingForm({
  page,
  consultation,
  statement,
  sent,
}: {
  page: StaffPage;
  consultation: Consultation;
  statement: Statement;
  sent?: { errors: Record<string, string>; values: Record<string, unknown> } | undefined;
}) {
  const { t } = page;
  const missing = missingWordings(statement.sections);
  const id = (name: string) => `wording-${statement.addressee}-${name}`;
  const points = statement.sections.flatMap((section) => section.points);
  return (
    <ActionForm
      page={page}
      consultation={consultation}
      rest={`/statements/${statement.addressee}/wording`}
      hidden={{ version: String(statement.version) }}
      novalidate
    >
      <h3>{t('cons.staff.statements.wording.title')}</h3>
      <p>{t('cons.staff.statements.wording.intro')}</p>
      <p class={missing > 0 ? 'warning' : undefined}>{t('cons.staff.statements.wording.missing', { n: missing })}</p>
      {points.map((point, index) => (
        <fieldset>
          <legend>
            <bdi dir="auto">{point.text}</bdi>
          </legend>
          {CONTENT_LANGUAGES.map((language) => {
            const name = `${language}-${index}`;
            const error = sent?.errors[name];
            const typed = sent?.values[name];
            return (
              <div class="field">
                <label for={id(name)} class="label">
                  {t(`cons.staff.statements.wording.${language}`)}
                </label>
                {error && <FieldError page={page} id={`${id(name)}-error`} text={error} />}
                <textarea
                  id={id(name)}
                  name={name}
                  rows={3}
                  lang={language}
                  dir={directionOf(language)}
                  aria-invalid={error ? 'true' : undefined}
                  aria-describedby={error ? `${id(name)}-error` : undefined}
                >
                  {typeof typed === 'string' ? typed : (point.wording?.[language] ?? '')}
                </textarea>
              </div>
            );
          })}
        </fieldset>
      ))}
      <button type="submit" class="button secondary">
        {t('cons.staff.statements.wording.save')}
      </button>
    </ActionForm>
  );
}
