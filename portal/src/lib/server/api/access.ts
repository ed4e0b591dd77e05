/**
 * Access tiers of the API and what each may read. A request's tier is set once, by the access middleware of the app,
 * and every route reads it from the context: public (no login), partner (buyers, donors), implementer, admin. Tiers
 * other than public see the restricted view of the data dictionary (everything but personal data).
 */
import type { ViewTier } from '$warehouse/publish/tier-view.ts';

export const ACCESS_TIERS = ['public', 'partner', 'implementer', 'admin'] as const;
export type AccessTier = (typeof ACCESS_TIERS)[number];

/** Variables every route of the API can read with `c.get(…)`. */
export interface ApiEnv {
  Variables: {
    tier: AccessTier;
    /** Who the token belongs to; null for the public. */
    who: string | null;
  };
}

/** The view of the data dictionary a tier reads through. */
export function viewTierOf(tier: AccessTier): ViewTier {
  return tier === 'public' ? 'public' : 'restricted';
}

/** Whether `tier` ranks at least `needed`. */
export function tierAtLeast(tier: AccessTier, needed: AccessTier): boolean {
  return ACCESS_TIERS.indexOf(tier) >= ACCESS_TIERS.indexOf(needed);
}
