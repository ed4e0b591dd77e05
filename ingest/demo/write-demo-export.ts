/**
 * Writes a small, deterministic KoboToolbox-style CSV export of Veta's site-assessment form: producers with one to
 * three sites each in real admin-1 regions of Colombia, Peru, Burkina Faso and the DRC, each site assessed one to
 * three times. The same seed always gives the same bytes, so tests can rely on its figures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_REGIONS, type DemoRegion } from './regions.ts';
import { ASSESSOR_ROLES, MINERALS, SITE_ASSESSMENT_EXPORT_COLUMNS } from '../kobo/site-assessment-form.ts';

export interface DemoOptions {
  seed?: number;
  producers?: number;
}

export interface DemoExport {
  file: string;
  submissions: number;
  sites: number;
  producers: number;
  countries: number;
}

export const DEMO_FILE_NAME = 'veta_site_assessment_-_all_versions_-_xml_values.csv';

const FORM_VERSION = 'vHq2X8kR4mTzL3aS9dP6cB';
const HEADER = SITE_ASSESSMENT_EXPORT_COLUMNS;
/** Assessments fall between these dates, so the demo does not move with the clock. */
const FIRST_DAY = Date.UTC(2023, 0, 9);
const LAST_DAY = Date.UTC(2026, 8, 30);
const DAY_MS = 86_400_000;

const UTC_OFFSET: Record<DemoRegion['country'], string> = { BF: '+00:00', CD: '+02:00', CO: '-05:00', PE: '-05:00' };
const PRODUCER_NAMES: Record<DemoRegion['country'], readonly string[]> = {
  CO: ['Asociación de Mineros', 'Cooperativa Minera', 'Barequeras Unidas de', 'Mineros Artesanales de'],
  PE: ['Asociación de Productores Mineros', 'Minera Artesanal', 'Cooperativa Aurífera', 'Pallaqueras de'],
  BF: ['Coopérative des orpailleurs de', 'Groupement minier de', 'Association des artisans miniers de'],
  CD: ['Coopérative minière de', 'Coopérative des exploitants artisanaux de', 'Entité de traitement de'],
};
const SITE_WORDS = ['La Esperanza', 'El Porvenir', 'Santa Rosa', 'Kalimbi', 'Mukungwe', 'Bissa', 'Nyabibwe', 'Gamba'];

/** mulberry32: small, fast, and good enough to make plausible demo data reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(next() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** KoboToolbox quotes every field in its `;`-separated CSV exports. */
function csvLine(values: readonly (string | number)[]): string {
  return values.map((value) => `"${String(value).replaceAll('"', '""')}"`).join(';');
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Local wall-clock time with its offset, as ODK/Kobo record `start` and `end`. */
function localTimestamp(utcMs: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  const local = new Date(utcMs + sign * (hours * 60 + minutes) * 60_000);
  return `${local.toISOString().slice(0, 23)}${offset}`;
}

export function demoRows(options: DemoOptions = {}): string[][] {
  const next = random(options.seed ?? 2021);
  const producerCount = options.producers ?? 24;
  const rows: string[][] = [];
  let submissionId = 187_000_000;
  for (let p = 0; p < producerCount; p += 1) {
    const region = DEMO_REGIONS[p % DEMO_REGIONS.length];
    const producerCode = `${region.country}-P${String(p + 1).padStart(3, '0')}`;
    const producerName = `${pick(next, PRODUCER_NAMES[region.country])} ${region.name}`;
    const siteCount = 1 + Math.floor(next() * 3);
    for (let s = 0; s < siteCount; s += 1) {
      const siteCode = `${producerCode}-S${s + 1}`;
      const siteName = `${pick(next, SITE_WORDS)} ${s + 1}`;
      const [lon, lat] = region.points[(p + s) % region.points.length];
      const minerals = region.country === 'CD' && next() < 0.5 ? ['gold', pick(next, MINERALS.slice(1))] : ['gold'];
      const visits = 1 + Math.floor(next() * 3);
      let day = FIRST_DAY + Math.floor(next() * 300) * DAY_MS;
      for (let v = 0; v < visits && day <= LAST_DAY; v += 1) {
        const startUtc = day + (13 + Math.floor(next() * 6)) * 3_600_000 + Math.floor(next() * 3_600_000);
        const endUtc = startUtc + (20 + Math.floor(next() * 70)) * 60_000;
        const submittedUtc = endUtc + Math.floor(next() * 20) * DAY_MS + Math.floor(next() * DAY_MS);
        const offset = UTC_OFFSET[region.country];
        const workers = 8 + Math.floor(next() * 240);
        const altitude = Math.round(200 + next() * 2800);
        const precision = (3 + next() * 12).toFixed(1);
        const instance = uuid(next);
        submissionId += 1 + Math.floor(next() * 50);
        const answers: Record<string, string | number> = {
          start: localTimestamp(startUtc, offset),
          end: localTimestamp(endUtc, offset),
          today: isoDate(startUtc),
          'identification/assessment_date': isoDate(startUtc),
          'identification/assessor_role': v === 0 ? 'self' : pick(next, ASSESSOR_ROLES),
          'site/site_code': siteCode,
          'site/site_name': siteName,
          'site/producer_code': producerCode,
          'site/producer_name': producerName,
          'site/country': region.country.toLowerCase(),
          'site/admin1': region.code,
          'site/minerals': minerals.join(' '),
          gps: `${lat} ${lon} ${altitude} ${precision}`,
          _gps_latitude: lat,
          _gps_longitude: lon,
          _gps_altitude: altitude,
          _gps_precision: precision,
          'workforce/workers_total': workers,
          'workforce/workers_women': Math.floor(workers * next() * 0.45),
          'workforce/workers_under_18': next() < 0.15 ? 1 + Math.floor(next() * 6) : 0,
          'practices/mercury_used': next() < 0.55 ? 'yes' : 'no',
          'meta/instanceID': `uuid:${instance}`,
          _id: submissionId,
          _uuid: instance,
          _submission_time: new Date(Math.min(submittedUtc, LAST_DAY + DAY_MS)).toISOString().slice(0, 19),
          _validation_status: next() < 0.8 ? 'validation_status_approved' : '',
          _notes: '',
          _status: 'submitted_via_web',
          _submitted_by: '',
          __version__: FORM_VERSION,
          _tags: '',
          _index: 0,
        };
        for (const mineral of MINERALS) answers[`site/minerals/${mineral}`] = minerals.includes(mineral) ? 1 : 0;
        rows.push(HEADER.map((column) => String(answers[column])));
        day += (120 + Math.floor(next() * 330)) * DAY_MS;
      }
    }
  }
  // Exports list submissions in the order the server received them, not by site.
  const submittedAt = HEADER.indexOf('_submission_time');
  rows.sort((a, b) => a[submittedAt].localeCompare(b[submittedAt]));
  const indexColumn = HEADER.indexOf('_index');
  rows.forEach((row, i) => (row[indexColumn] = String(i + 1)));
  return rows;
}

/** Writes the demo export into `dir` and describes what it holds. */
export async function writeDemoExport(dir: string, options: DemoOptions = {}): Promise<DemoExport> {
  const rows = demoRows(options);
  const column = (name: string) => HEADER.indexOf(name);
  const file = path.join(dir, DEMO_FILE_NAME);
  await mkdir(dir, { recursive: true });
  await writeFile(file, [csvLine(HEADER), ...rows.map(csvLine)].join('\r\n') + '\r\n', 'utf8');
  return {
    file,
    submissions: rows.length,
    sites: new Set(rows.map((row) => row[column('site/site_code')])).size,
    producers: new Set(rows.map((row) => row[column('site/producer_code')])).size,
    countries: new Set(rows.map((row) => row[column('site/country')])).size,
  };
}
