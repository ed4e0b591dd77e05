/**
 * The demo data set as a field team's files: byte-identical for a seed, the KoboToolbox CSV dialect and columns of
 * the CRAFT 2.1 form, cells that agree with the form's choices and with each other, and an XLSX that links every
 * improvement action to its submission.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateForm } from '../../warehouse/forms/generate-form.ts';
import { koboExportColumns, type ExportColumn } from '../kobo/kobo-export-columns.ts';
import { DEMO_PLACES } from './demo-places.ts';
import { parseCsv } from '../../tests/helpers/parse-csv.ts';
import { ACTION_COLUMNS, ACTION_LINK_COLUMNS, IMPROVEMENT_ACTIONS_SHEET, writeDemoData, type DemoDataManifest } from './write-demo-data.ts';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veta-demo-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

let manifest: DemoDataManifest;
let columns: ExportColumn[];
let choices: Map<string, string[]>;
let admin1Country: Map<string, string>;
let semicolonText: string;
let rows: string[][];
let header: string[];
const cell = (row: string[], name: string) => row[header.indexOf(name)];

beforeAll(async () => {
  manifest = await writeDemoData(await freshDir());
  const form = await generateForm('craft-2.1');
  columns = koboExportColumns(form);
  choices = new Map();
  admin1Country = new Map();
  for (const c of form.choices) {
    choices.set(c.list_name, [...(choices.get(c.list_name) ?? []), c.name]);
    if (c.list_name === 'admin1') admin1Country.set(c.name, c.country);
  }
  semicolonText = await readFile(manifest.files.kobo_csv, 'utf8');
  [header, ...rows] = parseCsv(semicolonText, ';');
});

describe('writeDemoData', () => {
  it('writes the same bytes for the same seed, and other bytes for another seed', async () => {
    const again = await writeDemoData(await freshDir());
    const other = await writeDemoData(await freshDir(), { seed: 7 });
    const digest = async (file: string | null) => createHash('sha256').update(await readFile(file!)).digest('hex');
    for (const key of Object.keys(manifest.files) as (keyof DemoDataManifest['files'])[]) {
      const expected = await digest(manifest.files[key]);
      expect(await digest(again.files[key]), key).toBe(expected);
      expect(await digest(other.files[key]), key).not.toBe(expected);
    }
    expect({ ...again, files: null }).toEqual({ ...manifest, files: null });
  });

  it('writes the KoboToolbox dialect: every field quoted, CRLF, the form export columns in order', () => {
    const lines = semicolonText.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(semicolonText.split('\n')).toHaveLength(lines.length);
    expect(lines[0]).toBe(columns.map((c) => `"${c.header}"`).join(';'));
    expect(header).toEqual(columns.map((c) => c.header));
    for (const line of lines.slice(1, -1)) expect(line.startsWith('"') && line.endsWith('"')).toBe(true);
    for (const row of rows) expect(row).toHaveLength(columns.length);
    expect(rows).toHaveLength(manifest.submissions);
  });

  it('writes the same cells comma-separated in the second file', async () => {
    const commaText = await readFile(manifest.files.kobo_csv_comma, 'utf8');
    expect(commaText.split('\r\n')[0]).toBe(columns.map((c) => `"${c.header}"`).join(','));
    expect(parseCsv(commaText, ',')).toEqual([header, ...rows]);
  });

  it('answers every requirement with a status choice, with evidence exactly when assessed', () => {
    const statuses = choices.get('status')!;
    const statusColumns = columns.filter((c) => /^r_M\d_\d+$/.test(c.question.split('/').pop()!));
    expect(statusColumns).toHaveLength(27);
    for (const row of rows) {
      for (const column of statusColumns) {
        const status = cell(row, column.header);
        expect(statuses).toContain(status);
        const evidence = cell(row, `${column.header}_evidence`);
        expect(evidence === '', `${column.header} ${status}: "${evidence}"`).toBe(status === '' || status === 'not_assessed');
      }
    }
    expect(manifest.requirement_statuses).toBe(rows.length * statusColumns.length);
  });

  it('files every site under an admin-1 unit of its country, near a demo place, at one location', () => {
    const locations = new Map<string, string>();
    for (const row of rows) {
      const admin1 = cell(row, 'site/admin1');
      expect(choices.get('country')).toContain(cell(row, 'site/country'));
      expect(admin1Country.get(admin1)).toBe(cell(row, 'site/country'));
      const [lat, lon] = [Number(cell(row, 'site/_gps_latitude')), Number(cell(row, 'site/_gps_longitude'))];
      const place = DEMO_PLACES.find((p) => p.admin1 === admin1)!;
      expect(place.points.some(([x, y]) => Math.abs(x - lon) <= 0.0100001 && Math.abs(y - lat) <= 0.0100001)).toBe(true);
      const site = cell(row, 'site/site_code');
      expect(locations.get(site) ?? `${lat} ${lon}`).toBe(`${lat} ${lon}`);
      locations.set(site, `${lat} ${lon}`);
    }
    expect(locations.size).toBe(manifest.sites);
  });

  it('keeps split columns in step with the summary columns they come from', () => {
    const parts = ['latitude', 'longitude', 'altitude', 'precision'];
    for (const row of rows) {
      columns.forEach((column, i) => {
        const source = row[columns.findIndex((c) => c.question === column.question && c.part === 'value')];
        if (column.part === 'choice') expect(row[i]).toBe(source === '' ? '' : source.split(' ').includes(column.choice!) ? '1' : '0');
        if (parts.includes(column.part)) expect(row[i]).toBe(source.split(' ')[parts.indexOf(column.part)]);
      });
      expect(cell(row, 'gps').split(' ')).toHaveLength(4);
      expect(cell(row, 'site/minerals').split(' ').every((m) => choices.get('mineral')!.includes(m))).toBe(true);
    }
  });

  it('writes Kobo metadata: indices, increasing ids, v4 uuids, UTC submission times in order, two form versions', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    let previousId = 0;
    let previousTime = '';
    rows.forEach((row, i) => {
      expect(cell(row, '_index')).toBe(String(i + 1));
      expect(Number(cell(row, '_id'))).toBeGreaterThan(previousId);
      previousId = Number(cell(row, '_id'));
      expect(cell(row, '_uuid')).toMatch(uuid);
      expect(cell(row, 'meta/instanceID')).toBe(`uuid:${cell(row, '_uuid')}`);
      const submitted = cell(row, '_submission_time');
      expect(submitted).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      expect(submitted >= previousTime).toBe(true);
      previousTime = submitted;
      expect(cell(row, '_status')).toBe('submitted_via_web');
      expect(cell(row, 'framework_version')).toBe('craft-2.1');
      expect(cell(row, '__version__')).toMatch(/^v[2-9A-HJ-NP-Za-km-z]{21}$/);
      expect(['validation_status_approved', 'validation_status_on_hold', 'validation_status_not_approved', '']).toContain(
        cell(row, '_validation_status'),
      );
    });
    expect(new Set(rows.map((r) => cell(r, '_uuid'))).size).toBe(rows.length);
    expect(new Set(rows.map((r) => cell(r, '__version__'))).size).toBe(2);
    const approved = rows.filter((r) => cell(r, '_validation_status') === 'validation_status_approved').length;
    expect(approved / rows.length).toBeGreaterThan(0.7);
  });

  it('records local start and end times with the offset, before the UTC submission time', () => {
    const offsets: Record<string, string> = { CO: '-05:00', PE: '-05:00', EC: '-05:00', BO: '-04:00', BF: '+00:00', GH: '+00:00', CD: '+02:00', TZ: '+03:00', MN: '+08:00' };
    for (const row of rows) {
      const [start, end] = [cell(row, 'start'), cell(row, 'end')];
      expect(start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
      expect(start.slice(-6)).toBe(offsets[cell(row, 'site/country')]);
      expect(Date.parse(start)).toBeLessThan(Date.parse(end));
      expect(Date.parse(end)).toBeLessThan(Date.parse(`${cell(row, '_submission_time')}Z`));
      expect(cell(row, 'today')).toBe(start.slice(0, 10));
      expect(cell(row, 'identification/assessment_date')).toBe(start.slice(0, 10));
      expect(cell(row, 'identification/assessment_date') <= '2026-09-30').toBe(true);
    }
    expect(manifest.first_assessment_date! >= '2019-01-01').toBe(true);
    expect(manifest.latest_assessment_date! <= '2026-09-30').toBe(true);
  });

  it('reads back as XLSX: the main table, and improvement actions linked to their submissions', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(manifest.files.kobo_xlsx!);
    const [main, actions] = workbook.worksheets;
    const values = (sheet: ExcelJS.Worksheet) => {
      const out: string[][] = [];
      // row.values is sparse, 1-based, and ends at the last non-empty cell.
      sheet.eachRow((row) => {
        const cells = row.values as unknown[];
        out.push(Array.from({ length: cells.length - 1 }, (_, i) => (cells[i + 1] == null ? '' : String(cells[i + 1]))));
      });
      return out;
    };
    const mainRows = values(main);
    expect(mainRows).toHaveLength(rows.length + 1);
    expect(mainRows[0]).toEqual(header);
    // Numbers come back as numbers: 321.0 reads as 321.
    const asText = (row: string[], i: number) =>
      row.map((v, j) => (v !== '' && rows[i][j] !== v && Number(v) === Number(rows[i][j]) ? rows[i][j] : v));
    expect(mainRows.slice(1).map((r, i) => asText(r.concat(Array(header.length - r.length).fill('')), i))).toEqual(rows);
    expect(actions.name).toBe(IMPROVEMENT_ACTIONS_SHEET);
    const [actionHeader, ...actionRows] = values(actions);
    expect(actionHeader).toEqual([...ACTION_COLUMNS, ...ACTION_LINK_COLUMNS]);
    expect(actionRows).toHaveLength(manifest.improvement_actions);
    const indexOfUuid = new Map(rows.map((r) => [cell(r, '_uuid'), cell(r, '_index')]));
    const col = (name: string) => actionHeader.indexOf(name);
    actionRows.forEach((action, i) => {
      expect(indexOfUuid.get(action[col('_submission__uuid')])).toBe(action[col('_parent_index')]);
      expect(action[col('_index')]).toBe(String(i + 1));
      expect(action[col('_parent_table_name')]).toBe(main.name);
      expect(choices.get('requirement')).toContain(action[col('action_requirement')]);
      expect(choices.get('action_status')).toContain(action[col('action_status')]);
      expect(action[col('action_due_date')]).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(action[col('action_description')]).not.toBe('');
    });
  });
});
