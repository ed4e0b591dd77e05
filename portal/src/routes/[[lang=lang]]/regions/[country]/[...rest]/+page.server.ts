// A region's risk profile: `/regions/CO/CO-NAR/gold`, `/regions/CO/all` for the whole country. Other spellings
// (`/regions/co/co-nar?mineral=gold`, a path without its mineral) are sent on to that canonical address, so the one a
// buyer cites is the one anybody else opens. The trend chart is drawn here, on the server.
import { error, redirect } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locales.ts';
import { REGIONS_MESSAGES } from '$lib/i18n/regions-messages.ts';
import { fetchApi } from '$lib/regions/api.ts';
import { formatsFor } from '$lib/regions/format.ts';
import { parseProfileKey, profileHref, profileQuery } from '$lib/regions/paths.ts';
import { profileOptions, sitesLabel } from '$lib/regions/places.ts';
import { trendChartSvg } from '$lib/regions/trend-chart.ts';
import type { RegionProfile, RegionsIndex } from '$lib/regions/types.ts';
import type { PageServerLoad } from './$types';

// Nothing on the page needs scripts: forms are plain GET forms, downloads are links. It ships as HTML and CSS only,
// which also suits printing and the PDF renderer.
export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  const asked = `${params.country}/${params.rest}`;
  const key = parseProfileKey(asked, url.searchParams.get('mineral') || 'all');
  if (!key) error(404, { message: `no such region: ${asked.replace(/\/$/, '')}` });
  const href = profileHref(key, locale);
  if (url.pathname !== href || url.search) redirect(308, href);

  const [profile, index] = await Promise.all([
    fetchApi<RegionProfile>(fetch, `/api/v1/regions/profile?${profileQuery(key)}`),
    fetchApi<RegionsIndex>(fetch, '/api/v1/regions'),
  ]);
  if (!profile || !index) return { key, profile: null };

  const m = REGIONS_MESSAGES[locale];
  const f = formatsFor(locale);
  const country = index.countries.find((c) => c.country_code === key.country);
  return {
    key,
    profile,
    href,
    url: `${url.origin}${href}`,
    trendSvg: trendChartSvg(profile.trend, profile.statuses, {
      title: m.trendChartLabel,
      statusTitle: (s) => s.title[locale],
      share: (s) => f.share(s),
    }),
    otherMinerals: (key.admin1 ? country?.admin1_units.find((u) => u.admin1_code === key.admin1)?.minerals : country?.minerals)?.map((x) => x.mineral),
    mineralNames: Object.fromEntries(index.minerals.map((x) => [x.code, x.name[locale]])),
    compareOptions: profileOptions(index, locale, m, sitesLabel(m, f, index.min_sites)),
  };
};
