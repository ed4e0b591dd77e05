// Two regions side by side: `/regions/compare?a=CO/CO-NAR/gold&b=PE/PE-MDD/gold`, both profiles read from the API in
// one request each; a key that names no profile comes back to the form with the reason instead of an error page.
import { redirect } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locales.ts';
import { REGIONS_MESSAGES } from '$lib/i18n/regions-messages.ts';
import { fetchApi } from '$lib/regions/api.ts';
import { formatsFor } from '$lib/regions/format.ts';
import { compareHref, keyOfPlace, parseProfileKey, profileKey, profileQuery } from '$lib/regions/paths.ts';
import { profileOptions, sitesLabel } from '$lib/regions/places.ts';
import type { RegionProfile, RegionsIndex } from '$lib/regions/types.ts';
import type { PageServerLoad } from './$types';

// Plain GET forms and links only: the page ships no scripts.
export const csr = false;

interface Side {
  asked: string;
  profile: RegionProfile | null;
}

async function side(fetch: typeof globalThis.fetch, asked: string | null): Promise<Side | null> {
  if (!asked) return null;
  const key = parseProfileKey(asked);
  if (!key) return { asked, profile: null };
  const response = await fetch(`/api/v1/regions/profile?${profileQuery(key)}`);
  return { asked, profile: response.ok ? ((await response.json()) as RegionProfile) : null };
}

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  const index = await fetchApi<RegionsIndex>(fetch, '/api/v1/regions');
  if (!index) return { index: null };
  const [a, b] = await Promise.all([side(fetch, url.searchParams.get('a')), side(fetch, url.searchParams.get('b'))]);
  // A form sends `a=CO%2FCO-NAR%2Fgold`: the address to cite spells the keys as they read.
  const href = a?.profile && b?.profile ? compareHref(keyOfPlace(a.profile.place), keyOfPlace(b.profile.place), locale) : null;
  if (href && `${url.pathname}${url.search}` !== href) redirect(303, href);
  const m = REGIONS_MESSAGES[locale];
  const selected = (s: Side | null) => (s?.profile ? profileKey(keyOfPlace(s.profile.place)) : '');
  return {
    index: { snapshot_id: index.snapshot_id, as_of_date: index.as_of_date },
    a,
    b,
    href,
    selectedA: selected(a),
    selectedB: selected(b),
    options: profileOptions(index, locale, m, sitesLabel(m, formatsFor(locale), index.min_sites)),
  };
};
