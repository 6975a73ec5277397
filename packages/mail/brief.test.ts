import { describe, expect, it } from 'vitest';
import { type BriefFigures, formatNumber, STAFF_LANGUAGES, translator } from '#core';
import { renderBriefEmail } from './brief.ts';

const count = (value: number) => ({ kind: 'count' as const, value });
const figures = (similar?: BriefFigures['similar']): BriefFigures => ({
  total: count(17),
  previousTotal: count(9),
  byTopic: [{ topic: 'detainees', now: count(17), before: count(9) }],
  byRegion: [],
  byGender: [],
  byDisability: [],
  outcomes: [],
  topicByGender: [],
  ...(similar ? { similar } : {}),
});
const email = (f: BriefFigures) =>
  renderBriefEmail({
    version: {
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      topics: ['detainees'],
      intro: { ar: 'مقدمة', en: 'Introduction' },
      figures: f,
      version: 1,
    },
    briefUrl: 'https://mashura.example/staff/briefs/AbCdEfGh12/versions/1',
  });

describe('the brief email', () => {
  it('says, in both languages, that near-identical messages were counted once, and names each campaign', () => {
    const { text, html } = email(
      figures({
        messages: count(43),
        groups: [
          { messages: count(40), campaign: true },
          { messages: { kind: 'fewer', than: 5 }, campaign: false },
        ],
      }),
    );
    for (const language of STAFF_LANGUAGES) {
      const t = translator(language);
      const campaign = t('briefs.campaign', { messages: formatNumber(language, 40) });
      expect(text).toContain(campaign);
      expect(html).toContain(campaign);
      expect(text).toContain(
        t('briefs.duplicatesCounted', {
          groups: formatNumber(language, 2),
          messages: formatNumber(language, 43),
        }),
      );
    }
  });

  it('says when none were found, and when the brief was saved before they were counted', () => {
    expect(email(figures({ messages: count(0), groups: [] })).text).toContain(
      translator('en')('briefs.duplicatesNone'),
    );
    expect(email(figures()).text).toContain(translator('ar')('briefs.duplicatesNotCounted'));
  });
});
