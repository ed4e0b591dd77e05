// The portal's pages the browser suites walk through, with the ids of a region and a report year taken from the API
// so that the walk follows the published snapshot.
import type { APIRequestContext } from '@playwright/test';

export const LOCALES = ['en', 'es', 'fr'] as const;

/** The address of `path` in `locale` (English has no prefix). */
export function inLocale(locale: (typeof LOCALES)[number], path: string): string {
  const prefix = locale === 'en' ? '' : `/${locale}`;
  return `${prefix}${path === '/' && prefix ? '' : path}`;
}

/** Every page, as paths without a language; `/sites` and `/quality` ask the public to sign in. */
export async function pagesToVisit(request: APIRequestContext): Promise<string[]> {
  const reports = (await (await request.get('/api/v1/reports')).json()) as { years: { year: number }[] };
  const regions = (await (await request.get('/api/v1/regions')).json()) as { countries: { country_code: string }[] };
  return [
    '/',
    '/map',
    '/regions',
    `/regions/${regions.countries[0].country_code}/all`,
    '/trends',
    '/reports',
    `/reports/${reports.years[0].year}`,
    '/data',
    '/developers',
    '/signin',
    '/sites',
    '/quality',
  ];
}
