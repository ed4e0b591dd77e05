/**
 * A region's risk profile as a CSV file a buyer attaches to a due-diligence file: one figure per line (tidy, so a
 * spreadsheet can filter it), each line naming the snapshot it comes from. The profile's row as the tier sees it,
 * then the trend year by year; labels in the language asked for, values as the API gives them.
 */
import Papa from 'papaparse';
import type { Locale } from '../../../i18n/locales.ts';
import type { RegionProfile } from '../../../regions/types.ts';

export const PROFILE_CSV_FIELDS = ['snapshot_id', 'built_at', 'country_code', 'admin1_code', 'mineral', 'section', 'measure', 'year', 'value', 'label'] as const;

type CsvValue = string | number | boolean | null;

/** The label of a profile column's value: the place's names, the status a share is of, a risk's requirement. */
function labelOf(profile: RegionProfile, column: string, locale: Locale): string {
  const { place } = profile;
  if (column === 'country_code') return place.country_name[locale];
  if (column === 'admin1_code') return place.admin1_name?.[locale] ?? '';
  if (column === 'mineral') return place.mineral_name?.[locale] ?? '';
  const status = profile.statuses.find((s) => column === `${s.craft_status}_share`);
  if (status) return status.title[locale];
  const risk = /^top_risk_(\d)_/.exec(column);
  if (risk) return profile.top_risks.find((r) => r.rank === Number(risk[1]))?.title[locale] ?? '';
  return '';
}

export function profileCsvFileName(profile: RegionProfile): string {
  const { country_code, admin1_code, mineral } = profile.place;
  return `veta-region-${[country_code, admin1_code, mineral].filter(Boolean).join('-')}-${profile.snapshot_id}.csv`;
}

/** The CSV text, with a byte-order mark so that spreadsheet programs read the names' accents right. */
export function profileCsv(profile: RegionProfile, locale: Locale): string {
  const { place } = profile;
  const line = (section: string, measure: string, year: number | null, value: CsvValue, label = ''): CsvValue[] => [
    profile.snapshot_id,
    profile.built_at,
    place.country_code,
    place.admin1_code,
    place.mineral,
    section,
    measure,
    year,
    value,
    label,
  ];
  const rows = Object.entries(profile.profile).map(([column, value]) => line('profile', column, null, value, labelOf(profile, column, locale)));
  for (const year of profile.trend) {
    rows.push(line('trend', 'sites', year.year, year.sites), line('trend', 'suppressed', year.year, year.suppressed));
    for (const status of profile.statuses) {
      rows.push(line('trend', `${status.craft_status}_share`, year.year, year.shares?.[status.craft_status] ?? null, status.title[locale]));
    }
  }
  // A cell that starts like a formula is written as text, so opening the file cannot run it.
  return `\uFEFF${Papa.unparse({ fields: [...PROFILE_CSV_FIELDS], data: rows }, { escapeFormulae: true })}\r\n`;
}
