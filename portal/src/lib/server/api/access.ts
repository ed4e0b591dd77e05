/**
 * Access tiers of the API and what each may read. A request's tier is set once, by the access middleware of the app
 * from its token (`Authorization: Bearer …` or the portal's session cookie), and every route reads it from the
 * context: public (no token), partner (buyers, donors), implementer, admin. Tiers other than public see the
 * restricted view of the data dictionary (everything but personal data); a partner's site-level reads are limited to
 * the producers its token names.
 */
import type { Grant } from '$warehouse/access/token-store.ts';
import type { ViewTier } from '$warehouse/publish/tier-view.ts';

export const ACCESS_TIERS = ['public', 'partner', 'implementer', 'admin'] as const;
export type AccessTier = (typeof ACCESS_TIERS)[number];

/** Variables every route of the API can read with `c.get(…)`. */
export interface ApiEnv {
  Variables: {
    tier: AccessTier;
    /** Who the token belongs to; null for the public. */
    who: string | null;
    /** The token's grant (its producers for a partner); null for the public. */
    grant: Grant | null;
    /** Set by a route whose answer reads more than the snapshot, with why: it is then never kept (public-answers.ts). */
    unkept?: string;
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

/** The cookie the portal's sign-in page sets: it holds the token, HttpOnly, for the pages' own API calls. */
export const SESSION_COOKIE = 'veta_session';

/** The producers a request may read at site level: null for every producer, a list for a partner. */
export function producerScope(grant: Grant | null): string[] | null {
  return grant?.tier === 'partner' ? grant.producers ?? [] : null;
}
