import type { BriefVersion } from './briefs.ts';
import { formatNumber, type Translate } from './i18n/index.ts';
import type { Language } from './languages.ts';
import type { ShownCount } from './stats.ts';

/** A count as people read it: the number, "fewer than 5", or "not shown". */
export const shownCountText = (t: Translate, language: Language, shown: ShownCount) =>
  shown.kind === 'count'
    ? formatNumber(language, shown.value)
    : shown.kind === 'fewer'
      ? t('staff.stats.fewer', { n: shown.than })
      : t('staff.stats.hidden');

/**
 * Near-duplicate groups and campaigns, each counted once in a brief's figures (issue 16), as
 * text: the sentence (or, when there is nothing counted, a hint: none found, or a brief saved
 * before groups were counted), then a line per campaign. The brief's page, its .docx and its
 * email all say it from here.
 */
export function similarNote(
  t: Translate,
  language: Language,
  version: Pick<BriefVersion, 'figures'>,
): { sentence: string; counted: boolean; campaigns: string[] } {
  const similar = version.figures.similar;
  if (!similar) return { sentence: t('briefs.duplicatesNotCounted'), counted: false, campaigns: [] };
  if (similar.groups.length === 0) return { sentence: t('briefs.duplicatesNone'), counted: false, campaigns: [] };
  return {
    sentence: t('briefs.duplicatesCounted', {
      groups: formatNumber(language, similar.groups.length),
      messages: shownCountText(t, language, similar.messages),
    }),
    counted: true,
    campaigns: similar.groups
      .filter((group) => group.campaign)
      .map((group) => t('briefs.campaign', { messages: shownCountText(t, language, group.messages) })),
  };
}
