/**
 * How the region pages write figures in a language: counts, shares, hectares and days, each with Intl, and a dash
 * where a figure is missing. The raw value goes beside it in the page (`data-value`), so tests compare what the API
 * gave, not a rounding of it.
 */
import type { Locale } from '../i18n/locales.ts';

export interface Formats {
  count: (n: number | null | undefined) => string;
  share: (share: number | null | undefined) => string;
  hectares: (n: number | null | undefined) => string;
  date: (day: string | null | undefined) => string;
}

const DASH = '—';

export function formatsFor(locale: Locale): Formats {
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const share = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const hectares = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  // Days are calendar days (DATE columns): read and written in UTC, so no zone shifts them.
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const missing = (v: unknown): v is null | undefined => v === null || v === undefined;
  return {
    count: (n) => (missing(n) ? DASH : count.format(n)),
    share: (s) => (missing(s) ? DASH : share.format(s)),
    hectares: (n) => (missing(n) ? DASH : hectares.format(n)),
    date: (day) => (missing(day) ? DASH : date.format(new Date(day))),
  };
}
