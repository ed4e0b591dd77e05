/**
 * Addresses of the region pages, readable and stable enough to cite: `/regions/CO/CO-NAR/gold` for an admin-1 unit,
 * `/regions/CO/all` for a whole country, `/regions/compare?a=CO/CO-NAR/gold&b=PE/gold`, each under the page's language
 * prefix. The mineral is part of the path, not the query, so that the language links (which keep the path) keep it.
 * The path after `/regions/` is also the key that names a profile in a comparison.
 */
import { localizedPath, type Locale } from '../i18n/locales.ts';

export interface ProfileKey {
  country: string;
  admin1: string | null;
  mineral: string;
}

const COUNTRY = /^[A-Z]{2}$/;
const ADMIN1 = /^[A-Z]{2}-[A-Z0-9~]{1,8}$/;
const MINERAL = /^[a-z0-9_]{1,40}$/;

/** `CO/CO-NAR/gold`, or `CO/gold` for the whole country. */
export function profileKey({ country, admin1, mineral }: ProfileKey): string {
  return [country, admin1, mineral].filter(Boolean).join('/');
}

/**
 * The profile a key names (`CO/CO-NAR/gold`, `CO/gold`), or undefined when it is not one. A key that names no mineral
 * (`CO/CO-NAR`, `CO`) takes `mineral`.
 */
export function parseProfileKey(key: string, mineral = 'all'): ProfileKey | undefined {
  const parts = key.trim().split('/').filter(Boolean);
  if (parts.length > 1 && MINERAL.test(parts.at(-1)!)) mineral = parts.pop()!;
  const [country, admin1 = null, ...rest] = parts.map((p) => p.toUpperCase());
  if (rest.length || !COUNTRY.test(country ?? '') || (admin1 !== null && (!ADMIN1.test(admin1) || !admin1.startsWith(`${country}-`)))) {
    return undefined;
  }
  return { country, admin1, mineral };
}

/** The profile page's address in a language. */
export function profileHref(key: ProfileKey, locale: Locale): string {
  return localizedPath(`/regions/${[key.country, key.admin1, encodeURIComponent(key.mineral)].filter(Boolean).join('/')}`, locale);
}

/** The API's query for a profile: `country=CO&admin1=CO-NAR&mineral=gold`. */
export function profileQuery({ country, admin1, mineral }: ProfileKey): string {
  const query = new URLSearchParams({ country });
  if (admin1) query.set('admin1', admin1);
  query.set('mineral', mineral);
  return query.toString();
}

export function compareHref(a: ProfileKey, b: ProfileKey | null, locale: Locale): string {
  const query = new URLSearchParams({ a: profileKey(a) });
  if (b) query.set('b', profileKey(b));
  // Slashes are readable in a query and need no escaping there.
  return `${localizedPath('/regions/compare', locale)}?${query.toString().replaceAll('%2F', '/')}`;
}

/** The address of the PDF of a page: the generic renderer serves `/pdf/<the page's path and query>`. */
export function pdfHref(pageHref: string): string {
  return `/pdf${pageHref}`;
}

/** The key of a profile the API answered with. */
export function keyOfPlace(place: { country_code: string; admin1_code: string | null; mineral: string }): ProfileKey {
  return { country: place.country_code, admin1: place.admin1_code, mineral: place.mineral };
}
