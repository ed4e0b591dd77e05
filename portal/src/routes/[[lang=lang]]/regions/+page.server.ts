// The regions index: pickers and every profile of the snapshot. The pickers' plain GET form lands here too
// (`?country=CO&admin1=CO-NAR&mineral=gold`): a choice that names a profile is sent on to the profile's own address,
// one that does not comes back with the reason.
import { redirect } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locales.ts';
import { fetchApi } from '$lib/regions/api.ts';
import { profileHref } from '$lib/regions/paths.ts';
import { findPlace, mineralsOf, type FormProblem } from '$lib/regions/places.ts';
import type { RegionsIndex } from '$lib/regions/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  const index = await fetchApi<RegionsIndex>(fetch, '/api/v1/regions');
  const asked = url.searchParams.has('country');
  const choice = {
    country: (url.searchParams.get('country') ?? '').toUpperCase(),
    admin1: (url.searchParams.get('admin1') ?? '').toUpperCase(),
    mineral: url.searchParams.get('mineral') || 'all',
  };
  let problem: FormProblem | null = null;
  if (index && asked) {
    const { country, unit } = findPlace(index, choice.country, choice.admin1 || null);
    if (!country) problem = { problem: 'countryRequired' };
    else if (unit === undefined) problem = { problem: 'admin1NotInCountry', admin1: choice.admin1, country: choice.country };
    else if (!mineralsOf(country, unit).some((m) => m.mineral === choice.mineral)) {
      problem = { problem: 'noSuchProfile', country: choice.country, admin1: choice.admin1 || null, mineral: choice.mineral };
    } else {
      redirect(303, profileHref({ country: choice.country, admin1: choice.admin1 || null, mineral: choice.mineral }, locale));
    }
  }
  return { index, choice, problem };
};
