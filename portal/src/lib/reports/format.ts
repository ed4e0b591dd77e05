/**
 * How the report and open-data pages write figures, in the page's language: numbers by their catalogue unit,
 * changes from one year to the next, dates, and the `{name}` placeholders of their messages.
 */
import { metricFormatter } from '../charts/metric-format.ts';
import type { Locale } from '../i18n/locales.ts';

export { fill } from '../i18n/fill.ts';

const DASH = '—';

/** Grams from this many up read better as kilograms. */
const GRAMS_AS_KG = 10_000;

/** A figure in its catalogue unit (persons, kg, g, USD, share (0 to 1), ha …); a missing figure is a dash. */
export function formatValue(value: number | null | undefined, unit: string, locale: Locale): string {
  if (value === null || value === undefined) return DASH;
  if (unit === 'g' && value >= GRAMS_AS_KG) return metricFormatter('kg', locale)(value / 1000);
  if (unit === 'ha') return new Intl.NumberFormat(locale, { style: 'unit', unit: 'hectare', maximumFractionDigits: 1 }).format(value);
  return metricFormatter(unit, locale)(value);
}

/**
 * The change from `previous` to `value`: in percentage points for shares, else relative (+3.2 %); a dash when either
 * is missing or the previous figure is zero.
 */
export function formatChange(value: number | null, previous: number | null, unit: string, locale: Locale): string {
  if (value === null || previous === null) return DASH;
  if (unit === 'share (0 to 1)') {
    const points = (value - previous) * 100;
    return `${new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(points)} pp`;
  }
  if (previous === 0) return DASH;
  return new Intl.NumberFormat(locale, { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(
    (value - previous) / previous,
  );
}

/** A day (`2026-09-29` or an ISO timestamp) written out in the page's language, read in UTC. */
export function formatDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return DASH;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(value));
}

/** A file size: 23 kB, 1.4 MB. */
export function formatBytes(bytes: number | null | undefined, locale: Locale): string {
  if (bytes === null || bytes === undefined) return DASH;
  const [unit, size] = bytes >= 1e6 ? ['megabyte', bytes / 1e6] : bytes >= 1e3 ? ['kilobyte', bytes / 1e3] : ['byte', bytes];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(size);
}
