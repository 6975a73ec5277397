import * as z from 'zod/mini';

/** Campaign: a group that grew by at least `size` submissions within `hours` (issue 15). */
export interface CampaignRule {
  size: number;
  hours: number;
}
export const DEFAULT_CAMPAIGN: CampaignRule = { size: 20, hours: 24 };

/**
 * The campaign rule's two settings, read by every function that groups submissions: the
 * workflow (which records a group as a campaign when it indexes the submission that makes it
 * one), the sweeps that re-index, and the staff function (which flags campaigns in the
 * queue). One schema for all of them, so the statistics and the queue apply the same rule.
 */
export const CAMPAIGN_SETTINGS = {
  /** A near-duplicate group that grows by this many within the window is flagged a campaign. */
  MASHURA_CAMPAIGN_SIZE: z._default(z.coerce.number().check(z.multipleOf(1), z.gte(2)), DEFAULT_CAMPAIGN.size),
  MASHURA_CAMPAIGN_HOURS: z._default(z.coerce.number().check(z.positive(), z.lte(24 * 30)), DEFAULT_CAMPAIGN.hours),
};

export const campaignRuleOf = (e: { MASHURA_CAMPAIGN_SIZE: number; MASHURA_CAMPAIGN_HOURS: number }): CampaignRule => ({
  size: e.MASHURA_CAMPAIGN_SIZE,
  hours: e.MASHURA_CAMPAIGN_HOURS,
});
