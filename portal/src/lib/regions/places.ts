/**
 * The places of the regions index as the pages list them: countries and their admin-1 units sorted by name in the
 * page's language, and what a place offers (its minerals) or lacks (a unit that is not in the country asked).
 */
import type { Locale } from '../i18n/locales.ts';
import { fill, plural, type RegionsMessages } from '../i18n/regions-messages.ts';
import type { Formats } from './format.ts';
import { profileKey } from './paths.ts';
import type { RegionAdmin1, RegionCountry, RegionMineral, RegionsIndex } from './types.ts';

/** Why a choice of the pickers names no profile. */
export type FormProblem =
  | { problem: 'countryRequired' }
  | { problem: 'admin1NotInCountry'; admin1: string; country: string }
  | { problem: 'noSuchProfile'; country: string; admin1: string | null; mineral: string };

export function sortedCountries(index: RegionsIndex, locale: Locale): RegionCountry[] {
  const collator = new Intl.Collator(locale);
  return [...index.countries]
    .sort((a, b) => collator.compare(a.name[locale], b.name[locale]))
    .map((c) => ({ ...c, admin1_units: [...c.admin1_units].sort((a, b) => collator.compare(a.name[locale], b.name[locale])) }));
}

/** The country and unit a choice names; `unit` undefined when the country has no such unit. */
export function findPlace(index: RegionsIndex, country: string, admin1: string | null): { country?: RegionCountry; unit?: RegionAdmin1 | null } {
  const found = index.countries.find((c) => c.country_code === country);
  if (!found) return {};
  if (!admin1) return { country: found, unit: null };
  return { country: found, unit: found.admin1_units.find((u) => u.admin1_code === admin1) };
}

/** The minerals a place has profiles for. */
export function mineralsOf(country: RegionCountry, unit: RegionAdmin1 | null): RegionMineral[] {
  return unit ? unit.minerals : country.minerals;
}

/** A mineral's name in a language; `all` takes the page's own words. */
export function mineralName(index: RegionsIndex, code: string, locale: Locale, allMinerals: string): string {
  if (code === 'all') return allMinerals;
  return index.minerals.find((m) => m.code === code)?.name[locale] ?? code;
}

/** "Nariño, Colombia", or "Colombia (whole country)". */
export function placeTitle(m: RegionsMessages, country: string, unit: string | null): string {
  return unit ? fill(m.placeInCountry, { place: unit, country }) : fill(m.wholeCountryOf, { country });
}

export interface ProfileOption {
  key: string;
  label: string;
}

/** Every profile as an option of a select, grouped by country: "Nariño, Colombia · Gold (11 sites)". */
export function profileOptions(index: RegionsIndex, locale: Locale, m: RegionsMessages, sites: (n: number | null) => string) {
  return sortedCountries(index, locale).map((country) => ({
    label: country.name[locale],
    options: [
      ...country.minerals.map((x) => ({ unit: null as RegionAdmin1 | null, x })),
      ...country.admin1_units.flatMap((unit) => unit.minerals.map((x) => ({ unit, x }))),
    ].map(({ unit, x }): ProfileOption => ({
      key: profileKey({ country: country.country_code, admin1: unit?.admin1_code ?? null, mineral: x.mineral }),
      label: `${placeTitle(m, country.name[locale], unit?.name[locale] ?? null)} · ${mineralName(index, x.mineral, locale, m.allMinerals)} (${sites(x.sites_known)})`,
    })),
  }));
}

/** "11 sites", or "fewer than 5 sites" where the count is withheld. */
export function sitesLabel(m: RegionsMessages, f: Formats, minSites: number | null): (n: number | null) => string {
  return (n) => (n === null ? fill(m.fewSites, { n: minSites ?? 0 }) : fill(plural(n, m.sitesCountOne, m.sitesCount), { n: f.count(n) }));
}
