import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { writeDemoData } from './demo/write-demo-data.ts';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoExport } from '../tests/helpers/demo-home.ts';
import { parseCsv as parseCsvText } from '../tests/helpers/parse-csv.ts';
import { landingWarehouse } from '../tests/helpers/landing.ts';
import type { Database } from '../warehouse/gateway/duckdb.ts';
import { IngestError } from './errors.ts';
import type { Format } from './detect-format.ts';
import { ingestFile, type IngestSummary } from './ingest-file.ts';

const setup = landingWarehouse;

const quoted = (cells: readonly string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(';');

function expectAccounted(summary: IngestSummary) {
  expect(summary.rows_read).toBe(summary.rows_loaded + summary.rows_rejected + summary.rows_duplicate);
}

describe("ingestFile on a KoboToolbox CSV export of Veta's form", () => {
  it('lands every row with its lineage: batch, file hash, file row and submission uuid', async () => {
    const { dir, db, land } = await setup();
    const demo = await demoExport(6);
    const summary = await land(demo.file);
    expect(summary).toMatchObject({
      format: 'kobo-csv',
      target_table: 'raw.kobo__veta_site_assessments',
      rows_read: demo.rows.length,
      rows_loaded: demo.rows.length,
      rows_rejected: 0,
      rows_duplicate: 0,
    });
    const landed = await db.query<{ _source_row: number; _submission_uuid: string; _batch_id: string; _file_hash: string; status: string }>(
      `select _source_row, _submission_uuid, _batch_id, _file_hash, "m3/r_M3_6" as status
       from raw.kobo__veta_site_assessments order by _source_row`,
    );
    // Row n of the file (header = row 1) is the (n-1)-th record, cell for cell.
    expect(landed.map((r) => r._source_row)).toEqual(demo.rows.map((_, i) => i + 2));
    expect(landed.map((r) => r._submission_uuid)).toEqual(demo.rows.map((r) => demo.cell(r, '_uuid')));
    expect(landed.map((r) => r.status)).toEqual(demo.rows.map((r) => demo.cell(r, 'm3/r_M3_6')));
    expect(new Set(landed.map((r) => r._batch_id))).toEqual(new Set([summary.batch_id]));
    const [archived] = await readdir(path.join(dir, 'archive'));
    expect(new Set(landed.map((r) => r._file_hash))).toEqual(new Set([archived]));
    expect(await readFile(path.join(dir, 'archive', archived, path.basename(demo.file)))).toEqual(await readFile(demo.file));
  });

  it('changes nothing when the same submissions come again, in the same file or re-exported with commas', async () => {
    const { db, land } = await setup();
    const demo = await demoExport(6);
    await land(demo.file);
    const again = await land(demo.file);
    const comma = await land(demo.manifest.files.kobo_csv_comma);
    for (const summary of [again, comma]) {
      expect(summary).toMatchObject({ rows_read: demo.rows.length, rows_loaded: 0, rows_duplicate: demo.rows.length });
    }
    expect(await db.query('select count(*)::integer as n from raw.kobo__veta_site_assessments')).toEqual([{ n: demo.rows.length }]);
    const batches = await db.query('select rows_loaded, rows_duplicate from meta.ingest_batches order by ingested_at, rows_loaded desc');
    expect(batches).toEqual([
      { rows_loaded: demo.rows.length, rows_duplicate: 0 },
      { rows_loaded: 0, rows_duplicate: demo.rows.length },
      { rows_loaded: 0, rows_duplicate: demo.rows.length },
    ]);
  });

  it('rejects malformed rows with their line and a reason, and loads the rest at their true row numbers', async () => {
    const { dir, db, land } = await setup();
    const demo = await demoExport(3);
    const rows = demo.rows.slice(0, 6).map((r) => [...r]);
    rows[3][demo.header.indexOf('_uuid')] = ''; // file row 5: no uuid
    const lines = [quoted(demo.header), ...rows.map(quoted)];
    lines[2] = quoted(rows[1].slice(0, -1)); // file row 3: one field short, as ODK and Excel sometimes write
    lines.push(quoted(rows[0])); // file row 8: the first submission again
    const file = path.join(dir, 'messy.csv');
    await writeFile(file, lines.join('\n') + '\n');

    const summary = await land(file);
    expect(summary).toMatchObject({ rows_read: 7, rows_loaded: 4, rows_rejected: 2, rows_duplicate: 1 });
    expectAccounted(summary);
    const rejects = await db.query('select file_name, line, column_name, reason from meta.ingest_rejects order by line');
    expect(rejects).toEqual([
      {
        file_name: 'messy.csv',
        line: 3,
        column_name: '_index',
        reason: `DuckDB could not read this row: Expected Number of Columns: ${demo.header.length} Found: ${demo.header.length - 1}`,
      },
      { file_name: 'messy.csv', line: 5, column_name: '_uuid', reason: 'no submission uuid: the _uuid cell is empty' },
    ]);
    const landed = await db.query<{ _source_row: number }>('select _source_row from raw.kobo__veta_site_assessments order by 1');
    expect(landed.map((r) => r._source_row)).toEqual([2, 4, 6, 7]);
  });

  it.each([
    ['another group separator', (h: string) => h.replaceAll('/', '.')],
    ['no groups in the headers', (h: string) => (h.split('/').length >= 3 && !h.startsWith('site/_') ? h.split('/').slice(-2).join('/') : h.split('/').at(-1)!)],
  ])('reads an export with %s as the same form, with its paths put back', async (_name, rename) => {
    const { dir, db, land } = await setup();
    const demo = await demoExport(3);
    const file = path.join(dir, 'renamed.csv');
    await writeFile(file, [quoted(demo.header.map(rename)), ...demo.rows.map(quoted)].join('\n'));
    expect(await land(file)).toMatchObject({ target_table: 'raw.kobo__veta_site_assessments', mapped: true, rows_loaded: demo.rows.length });
    const [row] = await db.query<{ site: string; status: string }>(
      'select "site/site_code" as site, "m3/r_M3_6" as status from raw.kobo__veta_site_assessments where _source_row = 2',
    );
    expect(row).toEqual({ site: demo.cell(demo.rows[0], 'site/site_code'), status: demo.cell(demo.rows[0], 'm3/r_M3_6') });
  });

  it("reads SurveyCTO's export of Veta's form (KEY, SubmissionDate, formdef_version, no groups) as the same form", async () => {
    const { dir, db, land } = await setup();
    const demo = await demoExport(3);
    const SURVEYCTO: Record<string, string> = { _uuid: 'KEY', _submission_time: 'SubmissionDate', __version__: 'formdef_version', 'meta/instanceID': 'instanceID' };
    const keep = demo.header.map((h, i) => [h, i] as const).filter(([h]) => SURVEYCTO[h] || !h.startsWith('_'));
    const header = keep.map(([h]) => SURVEYCTO[h] ?? (h.split('/').length >= 3 && !h.startsWith('site/_') ? h.split('/').slice(-2).join('/') : h.split('/').at(-1)!));
    const rows = demo.rows.map((r) => keep.map(([h, i]) => (h === '_uuid' ? `uuid:${r[i]}` : r[i])));
    const file = path.join(dir, 'veta_site_assessment_WIDE.csv');
    await writeFile(file, [header, ...rows].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n'));
    expect(await land(file)).toMatchObject({ format: 'surveycto-csv', mapped: true, target_table: 'raw.kobo__veta_site_assessments', rows_loaded: demo.rows.length });
    const [row] = await db.query<{ uuid: string; site: string; status: string }>(
      'select _submission_uuid as uuid, "site/site_code" as site, "m3/r_M3_6" as status from raw.kobo__veta_site_assessments where _source_row = 2',
    );
    expect(row).toEqual({ uuid: demo.cell(demo.rows[0], '_uuid'), site: demo.cell(demo.rows[0], 'site/site_code'), status: demo.cell(demo.rows[0], 'm3/r_M3_6') });
    // A correction made in SurveyCTO's review keeps the key and the instance id: it is a new version by its cells.
    rows[1][header.indexOf('site_name')] = 'Corrected in review';
    await writeFile(file, [header, ...rows].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join('\n'));
    expect(await land(file)).toMatchObject({ rows_loaded: 1, rows_superseding: 1, rows_duplicate: demo.rows.length - 1 });
  });

  it("lands another form's SurveyCTO export in its own raw table, unmapped", async () => {
    const { dir, db } = await setup();
    const file = path.join(dir, 'household_survey.csv');
    await writeFile(file, 'SubmissionDate,formdef_version,hh_size,KEY\n"Jan 5, 2024 10:12:00 AM",2401051012,5,uuid:aa11\n');
    const forced = (format: Format) => ingestFile(db, file, { archiveDir: path.join(dir, 'archive'), format });
    expect(await forced('surveycto-csv')).toMatchObject({ format: 'surveycto-csv', mapped: false, target_table: 'raw.surveycto__household_survey', rows_loaded: 1 });
    await expect(forced('odk-central-csv')).rejects.toThrow(/household_survey\.csv: is not a odk-central-csv export: it reads as surveycto-csv/);
    await expect(forced('odk-central-folder')).rejects.toThrow(/--format odk-central-folder reads a folder, and this is a file/);
    expect(await db.query('select _submission_uuid, hh_size from raw.surveycto__household_survey')).toEqual([{ _submission_uuid: 'aa11', hh_size: '5' }]);
  });

  it('adds the columns a newer form version brings, keeping earlier rows', async () => {
    const { dir, db, land } = await setup();
    const { header, rows } = await demoExport(3);
    const first = path.join(dir, 'v1.csv');
    await writeFile(first, [quoted(header), ...rows.slice(0, 3).map(quoted)].join('\n'));
    const second = path.join(dir, 'v2.csv');
    await writeFile(second, [quoted([...header, 'practices/water_treated']), ...rows.slice(3, 5).map((r) => quoted([...r, 'no']))].join('\n'));
    await land(first);
    expect(await land(second)).toMatchObject({ rows_loaded: 2 });
    const treated = await db.query(
      'select "practices/water_treated" as c, count(*)::integer as n from raw.kobo__veta_site_assessments group by 1 order by 1',
    );
    expect(treated).toEqual([
      { c: 'no', n: 2 },
      { c: null, n: 3 },
    ]);
  });

  it('leaves the warehouse as it was when a file fails half-way', async () => {
    const { db, land } = await setup();
    const demo = await demoExport(3);
    // A constraint the 10th row violates makes the insert fail after the rejects were already written.
    const tenth = demo.cell(demo.rows[9], '_uuid');
    await db.run(
      `create table raw.kobo__veta_site_assessments (_batch_id varchar, _file_hash varchar, _source_row integer,
         _submission_uuid varchar check (_submission_uuid <> '${tenth}'))`,
    );
    await expect(land(demo.file)).rejects.toThrow(IngestError);
    const counts = await db.query(
      `select (select count(*) from raw.kobo__veta_site_assessments)::integer as rows,
              (select count(*) from meta.ingest_batches)::integer as batches,
              (select count(*) from meta.ingest_rejects)::integer as rejects`,
    );
    expect(counts).toEqual([{ rows: 0, batches: 0, rejects: 0 }]);
  });

  it('names the file and says what it expected when a file is not a known export', async () => {
    const { dir, land } = await setup();
    const file = path.join(dir, 'notes.csv');
    await writeFile(file, 'date,grams,buyer\n2024-01-01,12.5,Refinery\n');
    await expect(land(file)).rejects.toThrow(
      `${file}: line 1: not a file Veta knows. It is not an export of Veta's site-assessment form: the header lacks ` +
        '_uuid, framework_version, site/site_code, identification/assessment_date, requirement status columns ' +
        '(m1/r_M1_1 …); nor a production and sales ledger: the header lacks sale_id, producer_code, sale_date, ' +
        'gold_grams, fineness; nor an incident log: the header lacks incident_id, site_code, reported_on, ' +
        'annex_ii_group, severity; nor an IPIS mine-site visits export: the header lacks vid, pcode, visit_date, ' +
        'longitude, latitude, qualification; nor an Amazon Mining Watch export of new mining area by admin unit: the header ' +
        'lacks id, admin_country_code, admin_id_field, admin_year, intersected_area_ha; nor a Fairmined register of ' +
        'certified organisations: the header lacks ' +
        'producer_code, organisation_name, certified_on, status',
    );
    const pdf = path.join(dir, 'report.pdf');
    await writeFile(pdf, '%PDF-1.7');
    await expect(land(pdf)).rejects.toThrow(/report\.pdf: cannot tell the format of a "\.pdf" file: expected a \.csv, \.xlsx or \.zip export, a \.json/);
  });
});

describe('ingestFile on files that are not what they seem', () => {
  it.each([
    ['empty.csv', Buffer.alloc(0), 'the file is empty: nothing to ingest'],
    ['report.csv', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'is a PDF document, not the .csv file its name says'],
    ['export.csv', Buffer.from('PK\u0003\u0004\u0014\u0000'), 'is a zip archive (an XLSX workbook or an ODK Central export?), not the .csv file its name says'],
    ['old.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]), 'is an old Excel .xls workbook (save it as .xlsx or CSV), not the .xlsx file its name says'],
  ])('%s gets a message saying what it is', async (name, bytes, message) => {
    const { dir, db, land } = await setup();
    const file = path.join(dir, name);
    await writeFile(file, bytes);
    await expect(land(file)).rejects.toThrow(`${file}: ${message}`);
    expect(await db.query('select count(*)::integer as n from meta.ingest_batches')).toEqual([{ n: 0 }]);
  });

  it('with strict, refuses the whole file at its first rejected row, naming line and column', async () => {
    const { dir, db } = await setup();
    const demo = await demoExport(3);
    const lines = [quoted(demo.header), ...demo.rows.slice(0, 4).map(quoted)];
    lines[3] = quoted(demo.rows[2].slice(0, -2)); // file row 4: two fields short
    const file = path.join(dir, 'short.csv');
    await writeFile(file, lines.join('\n'));
    await expect(ingestFile(db, file, { archiveDir: path.join(dir, 'archive'), strict: true })).rejects.toThrow(
      `${file}: line 4, column _tags: DuckDB could not read this row: Expected Number of Columns: ${demo.header.length} ` +
        `Found: ${demo.header.length - 2} (--strict: the file was not landed)`,
    );
    const counts = await db.query(
      `select (select count(*) from meta.ingest_batches)::integer as batches, (select count(*) from meta.ingest_rejects)::integer as rejects`,
    );
    expect(counts).toEqual([{ batches: 0, rejects: 0 }]);
  });
});

describe('ingestFile on a KoboToolbox XLSX export', () => {
  it('lands the main sheet and the improvement actions, keyed by submission uuid and order, at their sheet rows', async () => {
    const { dir, db, land } = await setup();
    const manifest = await writeDemoData(path.join(dir, 'demo'), { producers: 6 });
    const csv = await land(manifest.files.kobo_csv);
    const xlsx = await land(manifest.files.kobo_xlsx!);
    expect(xlsx).toMatchObject({
      format: 'kobo-xlsx',
      target_table: 'raw.kobo__veta_site_assessments, raw.kobo__veta_improvement_actions',
      rows_read: csv.rows_read + manifest.improvement_actions,
      rows_loaded: manifest.improvement_actions,
      rows_duplicate: csv.rows_read,
      rows_rejected: 0,
    });
    // Check three actions against the workbook itself, cell by cell.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(manifest.files.kobo_xlsx!);
    const sheet = workbook.getWorksheet('improvement_actions')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    for (const rowNumber of [2, 3, sheet.rowCount]) {
      const cells = (sheet.getRow(rowNumber).values as unknown[]).slice(1).map(String);
      const uuid = cells[header.indexOf('_submission__uuid')];
      const [landed] = await db.query<{ _record_key: string; action_requirement: string }>(
        `select _record_key, action_requirement from raw.kobo__veta_improvement_actions where _source_row = ${rowNumber}`,
      );
      expect(landed.action_requirement).toBe(cells[header.indexOf('action_requirement')]);
      expect(landed._record_key).toMatch(new RegExp(`^${uuid}/improvement_actions\\[\\d+\\]$`));
    }
  });

  it('reads a workbook exported with another group separator as the same form, and another form untouched', async () => {
    const { dir, db, land } = await setup();
    const manifest = await writeDemoData(path.join(dir, 'demo'), { producers: 2, maxSubmissions: 6 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(manifest.files.kobo_xlsx!);
    const header = workbook.worksheets[0].getRow(1);
    header.eachCell((cell) => {
      cell.value = String(cell.value).replaceAll('/', '.');
    });
    const dotted = path.join(dir, 'dotted.xlsx');
    await workbook.xlsx.writeFile(dotted);
    expect(await land(dotted)).toMatchObject({ mapped: true, target_table: 'raw.kobo__veta_site_assessments, raw.kobo__veta_improvement_actions', rows_rejected: 0 });
    expect(await land(manifest.files.kobo_csv)).toMatchObject({ rows_loaded: 0, rows_duplicate: manifest.submissions });

    const other = new ExcelJS.Workbook();
    other.addWorksheet('Household survey').addRows([['_uuid', '_submission_time', 'village'], ['h-1', '2024-01-05T10:00:00', 'Kalehe']]);
    other.addWorksheet('members').addRows([['name', '_submission__uuid'], ['A', 'h-1'], ['B', 'h-1']]);
    const file = path.join(dir, 'household_survey.xlsx');
    await other.xlsx.writeFile(file);
    expect(await land(file)).toMatchObject({ mapped: false, target_table: 'raw.kobo__household_survey, raw.kobo__household_survey__members', rows_loaded: 3 });
    expect(await db.query('select _record_key, name from raw.kobo__household_survey__members order by 1')).toEqual([
      { _record_key: 'h-1/members[1]', name: 'A' },
      { _record_key: 'h-1/members[2]', name: 'B' },
    ]);
  });

  it('rejects a row with a cell right of the header, naming its sheet, row and column, as a CSV row with too many cells', async () => {
    const { dir, db, land } = await setup();
    const workbook = new ExcelJS.Workbook();
    const main = workbook.addWorksheet('Household survey');
    main.addRows([['_uuid', '_submission_time', 'village'], ['h-1', '2024-01-05T10:00:00', 'Kalehe'], ['h-2', '2024-01-06T09:00:00', 'Nyabibwe']]);
    main.getRow(3).getCell(5).value = 'a note typed beside the table';
    main.addRow(['h-3', '2024-01-07T08:00:00', 'Kalehe']);
    const members = workbook.addWorksheet('members');
    members.addRows([['name', '_submission__uuid'], ['A', 'h-1'], ['B', 'h-1', 'stray']]);
    const file = path.join(dir, 'household_survey.xlsx');
    await workbook.xlsx.writeFile(file);
    const summary = await land(file);
    expect(summary).toMatchObject({ rows_read: 5, rows_loaded: 3, rows_rejected: 2, rows_duplicate: 0 });
    expectAccounted(summary);
    expect(await db.query('select file_name, line, column_name, raw_line, reason from meta.ingest_rejects order by file_name')).toEqual([
      {
        file_name: 'household_survey.xlsx [Household survey]',
        line: 3,
        column_name: 'E',
        raw_line: '"h-2";"2024-01-06T09:00:00";"Nyabibwe";"";"a note typed beside the table"',
        reason: "a cell right of the header's last column (C): Expected Number of Columns: 3 Found: 5",
      },
      {
        file_name: 'household_survey.xlsx [members]',
        line: 3,
        column_name: 'C',
        raw_line: '"B";"h-1";"stray"',
        reason: "a cell right of the header's last column (B): Expected Number of Columns: 2 Found: 3",
      },
    ]);
    // The rows after it keep their sheet row.
    expect(await db.query('select _submission_uuid, _source_row from raw.kobo__household_survey order by 2')).toEqual([
      { _submission_uuid: 'h-1', _source_row: 2 },
      { _submission_uuid: 'h-3', _source_row: 4 },
    ]);
    await expect(land(file, { strict: true })).rejects.toThrow(
      "Household survey, line 3, column E: a cell right of the header's last column (C): Expected Number of Columns: 3 Found: 5 (--strict: the file was not landed)",
    );
  });

  it('names the sheet and row when the workbook is not an export of the form', async () => {
    const { dir, land } = await setup();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Ventas').addRow(['fecha', 'gramos']);
    const file = path.join(dir, 'ventas.xlsx');
    await workbook.xlsx.writeFile(file);
    await expect(land(file)).rejects.toThrow(`${file}: sheet Ventas, row 1: not an export of Veta's site-assessment form: the header lacks _uuid`);
    await writeFile(path.join(dir, 'broken.xlsx'), 'not a zip');
    await expect(land(path.join(dir, 'broken.xlsx'))).rejects.toThrow(/broken\.xlsx: is a text file \(a CSV export\?\), not the \.xlsx file its name says/);
  });
});

describe('ingestFile on an ODK Central CSV zip', () => {
  it('lands submissions and repeats that meet the same ones from KoboToolbox as duplicates', async () => {
    const { dir, db, land } = await setup();
    const manifest = await writeDemoData(path.join(dir, 'demo'), { producers: 6 });
    const odk = await land(manifest.files.odk_zip!);
    expect(odk).toMatchObject({
      format: 'odk-central-zip',
      target_table: 'raw.kobo__veta_site_assessments, raw.kobo__veta_improvement_actions',
      rows_read: manifest.submissions + manifest.improvement_actions,
      rows_loaded: manifest.submissions + manifest.improvement_actions,
      rows_rejected: 0,
    });
    // Keys lose ODK's `uuid:` prefix, so the KoboToolbox workbook of the same submissions adds nothing.
    expect(await land(manifest.files.kobo_xlsx!)).toMatchObject({ rows_loaded: 0, rows_duplicate: odk.rows_read });
    const [{ sample }] = await db.query<{ sample: string }>('select min(_record_key) as sample from raw.kobo__veta_improvement_actions');
    expect(sample).toMatch(/^[0-9a-f-]{36}\/improvement_actions\[\d+\]$/);
    const [{ renamed }] = await db.query<{ renamed: string }>(`select count("site/_gps_latitude")::integer as renamed from raw.kobo__veta_site_assessments`);
    expect(renamed).toBe(manifest.submissions);
  });

  it('lands the same export unzipped into a folder, or its root table alone, as the zip', async () => {
    const { dir, db, land } = await setup();
    const manifest = await writeDemoData(path.join(dir, 'demo'), { producers: 3, xlsx: false });
    const folder = path.join(dir, 'unzipped');
    const zip = await JSZip.loadAsync(await readFile(manifest.files.odk_zip!));
    for (const member of Object.values(zip.files).filter((m) => !m.dir)) {
      await mkdir(path.dirname(path.join(folder, member.name)), { recursive: true });
      await writeFile(path.join(folder, member.name), await member.async('nodebuffer'));
    }
    const unzipped = await land(folder);
    expect(unzipped).toMatchObject({
      format: 'odk-central-folder',
      mapped: true,
      rows_loaded: manifest.submissions + manifest.improvement_actions,
      rows_rejected: 0,
    });
    expect(await land(manifest.files.odk_zip!)).toMatchObject({ rows_loaded: 0, rows_duplicate: unzipped.rows_read });
    const root = (await readdir(folder)).find((name) => name.endsWith('.csv') && !name.includes('-'))!;
    expect(await land(path.join(folder, root))).toMatchObject({ format: 'odk-central-csv', mapped: true, rows_duplicate: manifest.submissions });
    // The folder is archived as its files, under a hash of their names and hashes, with a manifest line per ingest.
    const [{ hash }] = await db.query<{ hash: string }>(`select file_hash as hash from meta.ingest_batches where format = 'odk-central-folder'`);
    const archived = path.join(dir, 'archive', hash);
    expect((await readdir(path.join(archived, 'unzipped'))).sort()).toEqual((await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort());
    const lines = (await readFile(path.join(archived, 'manifest.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ name: 'unzipped', sha256: hash, format: 'odk-central-folder', batch_id: unzipped.batch_id })]);
  });

  it('refuses a zip bomb from its declared sizes, before inflating it', async () => {
    const { dir, db, land } = await setup();
    const zip = new JSZip();
    zip.file('survey.csv', 'SubmissionDate,name,KEY\n2024-01-01T00:00:00Z,x,uuid:1\n');
    zip.file('survey-padding.csv', Buffer.alloc(64 * 1024 * 1024, 0x30));
    const file = path.join(dir, 'bomb.zip');
    await writeFile(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));
    await expect(land(file)).rejects.toThrow(/bomb\.zip: member survey-padding\.csv would unpack to 64 MB from 0\.1 MB \(\d+:1\): too large/);
    expect(await db.query('select count(*)::integer as n from meta.ingest_batches')).toEqual([{ n: 0 }]);
  });

  it('refuses a workbook whose member unpacks to more than its central directory declares', async () => {
    const { dir, db, land } = await setup();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['_uuid']);
    const honest = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
    const padded = (await honest.file('xl/worksheets/sheet1.xml')!.async('string')).replace('<sheetData>', `<sheetData>${' '.repeat(20 * 1024 * 1024)}`);
    honest.file('xl/worksheets/sheet1.xml', padded);
    const bytes = Buffer.from(await honest.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    // Forge the central directory: the sheet says it unpacks to 1 MB.
    for (let at = bytes.indexOf('PK\u0001\u0002'); at >= 0; at = bytes.indexOf('PK\u0001\u0002', at + 4)) {
      const name = bytes.subarray(at + 46, at + 46 + bytes.readUInt16LE(at + 28)).toString();
      if (name === 'xl/worksheets/sheet1.xml') bytes.writeUInt32LE(1_000_000, at + 24);
    }
    const file = path.join(dir, 'lying.xlsx');
    await writeFile(file, bytes);
    await expect(land(file)).rejects.toThrow(/lying\.xlsx: member xl\/worksheets\/sheet1\.xml unpacks to more than the 1\.0 MB it declares/);
    expect(await db.query('select count(*)::integer as n from meta.ingest_batches')).toEqual([{ n: 0 }]);
  });

  it('lands a zip of another form unmapped, and refuses a zip with a member that points outside it', async () => {
    const { dir, db, land } = await setup();
    const zip = new JSZip();
    zip.file('survey.csv', 'SubmissionDate,name,KEY\n2024-01-01T00:00:00Z,x,uuid:1\n');
    const file = path.join(dir, 'other.zip');
    await writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
    expect(await land(file)).toMatchObject({ mapped: false, target_table: 'raw.odk__survey', rows_loaded: 1 });
    zip.file('../escape.csv', 'SubmissionDate,name,KEY\n2024-01-01T00:00:00Z,y,uuid:2\n');
    const hostile = path.join(dir, 'hostile.zip');
    await writeFile(hostile, await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(land(hostile)).rejects.toThrow(/hostile\.zip: member \.\.\/\S* points outside the archive: refused/);
    await expect(readFile(path.join(dir, '..', 'escape.csv'))).rejects.toThrow(/ENOENT/);
    expect(await db.query('select count(*)::integer as n from raw.odk__survey')).toEqual([{ n: 1 }]);
    await writeFile(path.join(dir, 'broken.zip'), 'PK not really');
    await expect(land(path.join(dir, 'broken.zip'))).rejects.toThrow(/broken\.zip: is a text file \(a CSV export\?\), not the \.zip file its name says/);
  });
});

describe('ingestFile on exports of other forms', () => {
  // The real ODK Central export in the project's shared data (Flora Quadrat 0.4, two repeats); a clone without that
  // folder beside it has nothing to read here.
  const SAMPLE = fileURLToPath(new URL('../../shared/data/odk-central-flora-quadrat', import.meta.url));
  it.skipIf(!existsSync(SAMPLE))('lands a real ODK Central export untouched, every table, and says it is not mapped', async () => {
    const { dir, db, land } = await setup();
    const zip = new JSZip();
    for (const name of await readdir(SAMPLE)) {
      if (name.endsWith('.csv')) zip.file(name, await readFile(path.join(SAMPLE, name)));
    }
    const file = path.join(dir, 'build_Flora-Quadrat-0-4_1564384341.zip');
    await writeFile(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const summary = await land(file);
    expect(summary).toMatchObject({
      format: 'odk-central-zip',
      mapped: false,
      target_table:
        'raw.odk__build_flora_quadrat_0_4_1564384341, raw.odk__build_flora_quadrat_0_4_1564384341__taxon_encounter, ' +
        'raw.odk__build_flora_quadrat_0_4_1564384341__vegetation_stratum',
      rows_read: 2 + 7 + 7,
      rows_loaded: 16,
      rows_rejected: 0,
    });
    // Both main rows are one field short (Central leaves out the empty trailing Status): padded, not rejected.
    const [root] = await db.query<{ n: number; area: string; status: number }>(
      `select count(*)::integer as n, min("location-area_name") as area, count("Status")::integer as status
       from raw.odk__build_flora_quadrat_0_4_1564384341`,
    );
    expect(root).toEqual({ n: 2, area: 'Kensington Carpark 01', status: 0 });
    const keys = await db.query<{ k: string }>(
      'select _record_key as k from raw.odk__build_flora_quadrat_0_4_1564384341__taxon_encounter order by _source_row limit 1',
    );
    expect(keys[0].k).toMatch(/^[0-9a-f-]{36}\/taxon_encounter\[1\]$/);
  });

  it("never lands another form in the tables of Veta's own, and takes a second download as the same form", async () => {
    const { dir, land } = await setup();
    const other = await readFile(fileURLToPath(new URL('../tests/fixtures/other-forms/visita_mina_2023.csv', import.meta.url)));
    await writeFile(path.join(dir, 'veta_site_assessments.csv'), other);
    await writeFile(path.join(dir, 'visita_mina_2023 (1).csv'), other);
    expect(await land(path.join(dir, 'veta_site_assessments.csv'))).toMatchObject({ mapped: false, target_table: 'raw.kobo__form_veta_site_assessments' });
    expect(await land(path.join(dir, 'visita_mina_2023 (1).csv'))).toMatchObject({ target_table: 'raw.kobo__visita_mina_2023' });
  });

  it('lands a KoboToolbox export of another form in its own raw table, unmapped', async () => {
    const { dir, db, land } = await setup();
    const file = path.join(dir, 'Water_point_survey_-_all_versions_-_False_-_2024-05-01-10-00-00.csv');
    await writeFile(file, '"pump_ok";"_uuid";"_submission_time"\n"yes";"u-1";"2024-05-01T09:00:00"\n"no";"u-2";"2024-05-01T10:00:00"\n');
    expect(await land(file)).toMatchObject({ format: 'kobo-csv', mapped: false, target_table: 'raw.kobo__water_point_survey', rows_loaded: 2 });
    expect(await db.query('select pump_ok from raw.kobo__water_point_survey order by _source_row')).toEqual([{ pump_ok: 'yes' }, { pump_ok: 'no' }]);
  });
});

describe('ingestFile on re-exports with edited records', () => {
  /** The demo export with one submission edited: new instance id, one answer changed, its predecessor named or not. */
  async function editedExport(dir: string, namePredecessor: boolean) {
    const demo = await demoExport(6, dir);
    const header = namePredecessor ? [...demo.header, 'meta/deprecatedID'] : demo.header;
    const original = demo.rows.map((r) => (namePredecessor ? [...r, ''] : [...r]));
    const edited = original.map((r) => [...r]);
    const target = edited[2];
    target[header.indexOf('site/site_name')] = 'Renamed after review';
    if (namePredecessor) target[header.indexOf('meta/deprecatedID')] = target[header.indexOf('meta/instanceID')];
    target[header.indexOf('meta/instanceID')] = 'uuid:0f0f0f0f-1111-4222-8333-444444444444';
    const write = async (name: string, rows: string[][]) => {
      const file = path.join(dir, name);
      await writeFile(file, [header, ...rows].map(quoted).join('\n'));
      return file;
    };
    return { uuid: demo.cell(demo.rows[2], '_uuid'), rows: demo.rows.length, older: await write('older.csv', original), newer: await write('newer.csv', edited) };
  }

  const current = (db: Database, uuid: string) =>
    db.query<{ name: string; current: boolean }>(
      `select "site/site_name" as name, _is_current as current from raw.kobo__veta_site_assessments
       where _submission_uuid = $uuid order by _landed_at`,
      { uuid },
    );

  it('keeps an edit current when the older export is ingested after it, because the edit names its predecessor', async () => {
    const { dir, db, land } = await setup();
    const { uuid, older, newer } = await editedExport(dir, true);
    expect(await land(newer)).toMatchObject({ rows_superseding: 0 });
    expect(await land(older)).toMatchObject({ rows_loaded: 1, rows_superseding: 1 });
    const versions = await current(db, uuid);
    expect(versions).toEqual([
      { name: 'Renamed after review', current: true },
      { name: expect.not.stringMatching('Renamed'), current: false },
    ]);
    const [{ keys, currents }] = await db.query<{ keys: number; currents: number }>(
      'select count(distinct _submission_uuid)::integer as keys, count(*) filter (_is_current)::integer as currents from raw.kobo__veta_site_assessments',
    );
    expect(currents).toBe(keys);
  });

  it('lets the version landed last be current when no version names its predecessor', async () => {
    const { dir, db, land } = await setup();
    const { uuid, rows, older, newer } = await editedExport(dir, false);
    await land(older);
    expect(await land(newer)).toMatchObject({ rows_loaded: 1, rows_superseding: 1, rows_duplicate: rows - 1 });
    expect((await current(db, uuid)).map((v) => v.current)).toEqual([false, true]);
  });

  it('versions feed rows by their cells: the same row again is a duplicate, a changed one supersedes and keeps history', async () => {
    const { dir, db, land } = await setup();
    const header = 'sale_id,producer_code,sale_date,period,gold_grams,fineness';
    const write = async (name: string, ...rows: string[]) => {
      const file = path.join(dir, name);
      await writeFile(file, [header, ...rows].join('\n') + '\n');
      return file;
    };
    await land(await write('jan.csv', 'S-1,CO-P001,2024-01-05,2024-01,10.5,0.9', 'S-2,CO-P001,2024-01-20,2024-01,4,0.9'));
    // Re-sent with S-2 corrected and an empty column added: S-1 is the same sale, S-2 a new version.
    const resent = await write(
      'jan-corrected.csv',
      'S-1,CO-P001,2024-01-05,2024-01,10.5,0.9,',
      'S-2,CO-P001,2024-01-20,2024-01,4.4,0.9,',
    );
    await writeFile(resent, (await readFile(resent, 'utf8')).replace(header, `${header},buyer`));
    expect(await land(resent)).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_duplicate: 1, rows_superseding: 1 });
    // The correction reverted: the older cells again are a duplicate of a version no longer current, and said so.
    expect(await land(await write('jan-again.csv', 'S-2,CO-P001,2024-01-20,2024-01,4,0.9'))).toMatchObject({
      rows_duplicate: 1,
      rows_older_version: 1,
    });
    expect(await db.query('select sale_id, gold_grams, _is_current from raw.feeds__sales_ledger order by _landed_at, sale_id')).toEqual([
      { sale_id: 'S-1', gold_grams: '10.5', _is_current: true },
      { sale_id: 'S-2', gold_grams: '4', _is_current: false },
      { sale_id: 'S-2', gold_grams: '4.4', _is_current: true },
    ]);
  });
});

describe('ingestFile on partner feeds and ledgers', () => {
  it.each([
    ['sales_ledger', 'sales-ledger-csv', 'feeds__sales_ledger', 'sale_id'],
    ['incidents', 'incidents-csv', 'feeds__incidents', 'incident_id'],
    ['fairmined_register', 'fairmined-register-csv', 'feeds__fairmined_register', 'producer_code'],
  ] as const)('lands the demo %s with its record key, once', async (file, format, table, key) => {
    const { db, land } = await setup();
    const { manifest } = await demoExport(40);
    const text = await readFile(manifest.files[file], 'utf8');
    const lines = text.trim().split('\n').length - 1;
    expect(lines).toBeGreaterThan(0);
    const first = await land(manifest.files[file]);
    expect(first).toMatchObject({ format, target_table: `raw.${table}`, rows_read: lines, rows_loaded: lines, rows_rejected: 0 });
    expect(await land(manifest.files[file])).toMatchObject({ rows_loaded: 0, rows_duplicate: lines });
    const [{ same }] = await db.query<{ same: boolean }>(
      `select bool_and(_record_key = "${key}") and count(*) = ${lines} as same from raw.${table}`,
    );
    expect(same).toBe(true);
  });

  // The real IPIS open-data sample in the project's shared data; a clone without that folder has nothing to read.
  const IPIS = fileURLToPath(new URL('../../shared/data/ipis-drc-sample/ipis-drc-sample.csv', import.meta.url));
  it.skipIf(!existsSync(IPIS))('lands the real IPIS mine-site visits sample, one row per visit, keyed by visit id', async () => {
    const { db, land } = await setup();
    expect(await land(IPIS)).toMatchObject({ format: 'ipis-csv', target_table: 'raw.feeds__ipis_site_visits', rows_read: 40, rows_loaded: 40, rows_rejected: 0 });
    const [visit] = await db.query(
      `select "pcode", "mineral1", "qualification" from raw.feeds__ipis_site_visits where _record_key = '308'`,
    );
    expect(visit).toMatchObject({ pcode: 'codmine01426', mineral1: expect.stringMatching(/^Cassit/) });
  });

  // The real Amazon Mining Watch figures in the project's shared data (CC BY 4.0, see its SOURCE.md).
  const AMW = fileURLToPath(
    new URL('../../shared/data/amazon-mining-watch/mining_by_subnational_admin_amazon_basin_2018-2025Q3_all_differences.csv', import.meta.url),
  );
  it.skipIf(!existsSync(AMW))('lands the real Amazon Mining Watch figures, one record per unit, period and illegality class', async () => {
    const { db, land } = await setup();
    expect(await land(AMW)).toMatchObject({ format: 'amazon-mining-watch-csv', rows_read: 3069, rows_loaded: 3069, rows_rejected: 0 });
    expect(await land(AMW)).toMatchObject({ rows_loaded: 0, rows_duplicate: 3069 });
    const [caqueta] = await db.query(
      `select admin_name_field, intersected_area_ha from raw.feeds__amazon_mining_watch where _record_key = 'CO_18|18|202000|3.0'`,
    );
    expect(caqueta).toEqual({ admin_name_field: 'Caquetá', intersected_area_ha: '12.779999732971191' });
    // Every row is its own record: Bolivian municipalities that share an admin-1 code stay apart.
    expect(await db.query('select count(*)::integer as n from raw.feeds__amazon_mining_watch where _is_current')).toEqual([{ n: 3069 }]);
  });

  it('reads a ledger saved by Excel in Windows-1252, keeping its accents and typographic quotes', async () => {
    const { dir, db, land } = await setup();
    const text = 'sale_id,producer_code,sale_date,period,gold_grams,fineness,buyer\nS-1,BF-P001,2024-01-05,2024-01,10.5,0.9,Société d’achat d’or du Faso\n';
    const bytes = Buffer.from([...text].map((c) => (c === '’' ? 0x92 : c.charCodeAt(0))));
    const file = path.join(dir, 'ventes.csv');
    await writeFile(file, bytes);
    expect(await land(file)).toMatchObject({ encoding: 'windows-1252', rows_loaded: 1, rows_rejected: 0 });
    expect(await db.query('select buyer from raw.feeds__sales_ledger')).toEqual([{ buyer: 'Société d’achat d’or du Faso' }]);
    const [{ hash }] = await db.query<{ hash: string }>('select file_hash as hash from meta.ingest_batches');
    expect(hash).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('gives rows their true line when the file has blank lines, as rejects do', async () => {
    const { dir, db, land } = await setup();
    const file = path.join(dir, 'ledger.csv');
    const header = 'sale_id,producer_code,sale_date,gold_grams,fineness';
    await writeFile(file, `${header}\nS1,P,2024-01-01,1,0.9\n\nS2,P,2024-01-02,2,0.9\r\nS3,P,2024-01-03,3,0.9,extra\nS4,P,2024-01-04,4,0.9\n\n`);
    expect(await land(file)).toMatchObject({ rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
    expect(await db.query('select sale_id, _source_row from raw.feeds__sales_ledger order by 2')).toEqual([
      { sale_id: 'S1', _source_row: 2 },
      { sale_id: 'S2', _source_row: 4 },
      { sale_id: 'S4', _source_row: 6 },
    ]);
    // The cell past the header's last has no name: its column is named as a spreadsheet shows it.
    expect(await db.query('select line, column_name from meta.ingest_rejects')).toEqual([{ line: 5, column_name: 'F' }]);
    await writeFile(file, `\n${header}\nS9,P,2024-01-01,1,0.9\n`);
    await expect(land(file)).rejects.toThrow(/ledger\.csv: line 1 is empty: a header is expected on the first line/);
  });

  it('rejects a ledger row without its key and says which cell was empty', async () => {
    const { dir, db, land } = await setup();
    const file = path.join(dir, 'ledger.csv');
    await writeFile(
      file,
      'sale_id,producer_code,sale_date,period,gold_grams,fineness\nS-1,CO-P001,2024-01-05,2024-01,10.5,0.9\n,CO-P001,2024-02-05,2024-02,8,0.9\n',
    );
    expect(await land(file)).toMatchObject({ rows_read: 2, rows_loaded: 1, rows_rejected: 1 });
    expect(await db.query('select line, column_name, raw_line, reason from meta.ingest_rejects')).toEqual([
      { line: 3, column_name: 'sale_id', raw_line: ',"CO-P001","2024-02-05","2024-02","8","0.9"', reason: 'no record key: the sale_id cell is empty' },
    ]);
  });
});

describe('ingestFile on exports as people re-save them', () => {
  /** The demo's ODK Central zip with its tables re-saved by Excel in a Spanish locale: `;` and Windows-1252. */
  async function resavedOdkZip(dir: string, transform: (text: string) => Buffer) {
    const manifest = await writeDemoData(path.join(dir, 'demo'), { producers: 2, xlsx: false });
    const zip = await JSZip.loadAsync(await readFile(manifest.files.odk_zip!));
    const out = new JSZip();
    for (const member of Object.values(zip.files).filter((m) => !m.dir)) {
      const text = await member.async('string');
      out.file(`export/${member.name}`, member.name.endsWith('.csv') ? transform(text) : text);
    }
    const file = path.join(dir, 'resaved.zip');
    await writeFile(file, await out.generateAsync({ type: 'nodebuffer' }));
    return { manifest, file };
  }

  it('reads an ODK zip whose tables were re-saved with ";" in Windows-1252, zipped inside a folder', async () => {
    const { dir, db, land } = await setup();
    const { manifest, file } = await resavedOdkZip(dir, (text) => {
      // Every cell quoted, as Excel does on re-saving; accents in Windows-1252.
      const rows = parseCsvText(text).map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(';'));
      return Buffer.from([...`${rows.join('\r\n')}\r\n`].map((c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)));
    });
    expect(await land(file)).toMatchObject({
      format: 'odk-central-zip',
      encoding: 'windows-1252',
      rows_loaded: manifest.submissions + manifest.improvement_actions,
      rows_rejected: 0,
    });
    const [{ orphans }] = await db.query<{ orphans: number }>(
      'select count(*)::integer as orphans from raw.kobo__veta_improvement_actions where _parent_key is null',
    );
    expect(orphans).toBe(0);
  });

  it('refuses a file with a column named like a lineage column, saying so', async () => {
    const { dir, land } = await setup();
    const file = path.join(dir, 'ledger-from-veta.csv');
    await writeFile(file, 'sale_id,producer_code,sale_date,gold_grams,fineness,_is_current\nS-1,CO-P001,2024-01-05,10,0.9,true\n');
    await expect(land(file)).rejects.toThrow(/line 1: the header has a column "_is_current", a name Veta keeps for a row's lineage/);
  });

  it('takes a column that differs only in case from one landed before as the same column', async () => {
    const { dir, db, land } = await setup();
    const header = 'sale_id,producer_code,sale_date,gold_grams,fineness';
    await writeFile(path.join(dir, 'a.csv'), `${header},Buyer\nS-1,CO-P001,2024-01-05,10,0.9,Alpha\n`);
    await writeFile(path.join(dir, 'b.csv'), `${header},buyer\nS-2,CO-P001,2024-02-05,11,0.9,Beta\n`);
    await land(path.join(dir, 'a.csv'));
    expect(await land(path.join(dir, 'b.csv'))).toMatchObject({ rows_loaded: 1 });
    expect(await db.query('select sale_id, "Buyer" as buyer from raw.feeds__sales_ledger order by 1')).toEqual([
      { sale_id: 'S-1', buyer: 'Alpha' },
      { sale_id: 'S-2', buyer: 'Beta' },
    ]);
  });

  it('keeps an empty part of a composite key in its place, so two records never share a key', async () => {
    const { dir, db, land } = await setup();
    const file = path.join(dir, 'amw.csv');
    await writeFile(
      file,
      'id,admin_country_code,admin_id_field,admin_year,admin_illegality_max,intersected_area_ha\n' +
        'PE_01,PE,0101,202400,,1.5\nPE_01,PE,0101,,202400,2.5\n',
    );
    expect(await land(file)).toMatchObject({ rows_loaded: 2, rows_duplicate: 0 });
    expect(await db.query('select _record_key from raw.feeds__amazon_mining_watch where _is_current order by 1')).toEqual([
      { _record_key: 'PE_01|0101|202400|' },
      { _record_key: 'PE_01|0101||202400' },
    ]);
  });
});

describe('ingestFile on repeat groups across edits', () => {
  it('makes no action current for a submission whose edit removed all of its actions', async () => {
    const { dir, db, land } = await setup();
    const manifest = await writeDemoData(path.join(dir, 'demo'), { producers: 2, maxSubmissions: 6 });
    await land(manifest.files.kobo_xlsx!);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(manifest.files.kobo_xlsx!);
    const [main, actions] = workbook.worksheets;
    const column = (sheet: ExcelJS.Worksheet, name: string) => (sheet.getRow(1).values as string[]).indexOf(name);
    const uuidAt = column(actions, '_submission__uuid');
    const withActions = String(actions.getRow(2).getCell(uuidAt).value);
    // The edit: a new instance id naming the one it replaces, and every action of it gone from the repeat sheet.
    main.eachRow((row, n) => {
      if (n === 1 || String(row.getCell(column(main, '_uuid')).value) !== withActions) return;
      const instance = row.getCell(column(main, 'meta/instanceID'));
      main.getRow(1).getCell(main.columnCount + 1).value = 'meta/deprecatedID';
      row.getCell(main.columnCount).value = String(instance.value);
      instance.value = 'uuid:0f0f0f0f-2222-4333-8444-555555555555';
    });
    const kept = (actions.getSheetValues() as ExcelJS.CellValue[][]).slice(2).filter((values) => values && String(values[uuidAt]) !== withActions);
    const edited = new ExcelJS.Workbook();
    const editedMain = edited.addWorksheet(main.name);
    main.eachRow((row) => editedMain.addRow((row.values as ExcelJS.CellValue[]).slice(1)));
    const editedActions = edited.addWorksheet(actions.name);
    editedActions.addRow((actions.getRow(1).values as ExcelJS.CellValue[]).slice(1));
    for (const values of kept) editedActions.addRow(values.slice(1));
    const file = path.join(dir, 'edited.xlsx');
    await edited.xlsx.writeFile(file);
    await land(file);
    const [counts] = await db.query<{ current: number; others: number }>(
      `select count(*) filter (_parent_key = $uuid and _is_current)::integer as current,
              count(*) filter (_parent_key <> $uuid and _is_current)::integer as others
       from raw.kobo__veta_improvement_actions`,
      { uuid: withActions },
    );
    expect(counts).toEqual({ current: 0, others: kept.length });
  });
});

describe('ingestFile on files read once, beside their archive copy', () => {
  const LEDGER = 'sale_id,producer_code,sale_date,gold_grams,fineness,buyer';
  /** Ledger rows past the first 256 KiB that detection looks at, so only the archive pass sees what comes after. */
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `F-${i},CO-P001,2024-01-05,${i},0.9,Refinería de Medellín`);

  it('converts a Windows-1252 file whose first 256 KiB are plain ASCII, and keeps the hash of the bytes received', async () => {
    const { dir, db, land } = await setup();
    const lines = [LEDGER, ...filler(6_000).map((l) => l.replace('í', 'i')), 'S-1,BF-P001,2024-01-05,10.5,0.9,Société d’achat d’or'];
    const bytes = Buffer.from([...lines.join('\n')].map((c) => (c === '’' ? 0x92 : c.charCodeAt(0))));
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    const file = path.join(dir, 'ventes.csv');
    await writeFile(file, bytes);
    expect(await land(file)).toMatchObject({ encoding: 'windows-1252', rows_read: 6_001, rows_loaded: 6_001, rows_rejected: 0 });
    expect(await db.query(`select buyer, _source_row, _file_hash from raw.feeds__sales_ledger where sale_id = 'S-1'`)).toEqual([
      { buyer: 'Société d’achat d’or', _source_row: 6_002, _file_hash: createHash('sha256').update(bytes).digest('hex') },
    ]);
    const [hash] = (await readdir(path.join(dir, 'archive'))).filter((name) => !name.startsWith('.'));
    expect(await readFile(path.join(dir, 'archive', hash, 'ventes.csv'))).toEqual(bytes);
  });

  it('converts a file whose line endings change past its first 256 KiB, and gives rows after empty lines their true line', async () => {
    const { dir, db, land } = await setup();
    const rows = filler(6_000);
    // CRLF first, LF from row 4,000 on; empty lines at file lines 3,002, 5,003 and at the end.
    const text = [LEDGER, ...rows.slice(0, 3_000), '', ...rows.slice(3_000, 5_000), '', ...rows.slice(5_000), '']
      .map((line, i) => `${line}${i < 4_000 ? '\r\n' : '\n'}`)
      .join('');
    const file = path.join(dir, 'ledger.csv');
    await writeFile(file, text);
    expect(await land(file)).toMatchObject({ encoding: 'utf-8', rows_read: 6_000, rows_loaded: 6_000, rows_rejected: 0 });
    const landed = await db.query<{ sale_id: string; _source_row: number; buyer: string }>(
      `select sale_id, _source_row, buyer from raw.feeds__sales_ledger where sale_id in ('F-2999', 'F-3000', 'F-4999', 'F-5000', 'F-5999') order by _source_row`,
    );
    expect(landed).toEqual([
      { sale_id: 'F-2999', _source_row: 3_001, buyer: 'Refinería de Medellín' },
      { sale_id: 'F-3000', _source_row: 3_003, buyer: 'Refinería de Medellín' },
      { sale_id: 'F-4999', _source_row: 5_002, buyer: 'Refinería de Medellín' },
      { sale_id: 'F-5000', _source_row: 5_004, buyer: 'Refinería de Medellín' },
      { sale_id: 'F-5999', _source_row: 6_003, buyer: 'Refinería de Medellín' },
    ]);
  });

  it('gives every row its line among many empty lines and rejects, as a spreadsheet numbers them', async () => {
    const { dir, db, land } = await setup();
    const lines = [LEDGER];
    const expected: { sale_id: string; _source_row: number }[] = [];
    for (let i = 0; lines.length < 20_000; i++) {
      if (i % 7 === 3) lines.push('');
      else if (i % 11 === 5) lines.push(`R-${i},CO-P001,2024-01-05,1,0.9,x,one too many`);
      else {
        lines.push(`S-${i},CO-P001,2024-01-05,${i},0.9,"a buyer\nover two lines"`);
        expected.push({ sale_id: `S-${i}`, _source_row: lines.length });
      }
    }
    const file = path.join(dir, 'ledger.csv');
    await writeFile(file, `${lines.join('\n')}\n`);
    const summary = await land(file);
    expect(summary).toMatchObject({ rows_loaded: expected.length, rows_rejected: lines.filter((l) => l.startsWith('R-')).length });
    expectAccounted(summary);
    expect(await db.query('select sale_id, _source_row from raw.feeds__sales_ledger order by _source_row')).toEqual(expected);
    const rejects = await db.query<{ line: number; raw_line: string }>('select line, raw_line from meta.ingest_rejects order by line');
    expect(rejects.every((r) => lines[r.line - 1].startsWith('R-') && r.raw_line.includes(lines[r.line - 1]))).toBe(true);
  });

  it('leaves no unfinished copy in the archive, keeps a whole copy archived before, and replaces one cut short', async () => {
    const { dir, land } = await setup();
    const file = path.join(dir, 'ledger.csv');
    await writeFile(file, `${LEDGER}\n${filler(3).join('\n')}\n`);
    await land(file);
    expect(await land(file)).toMatchObject({ rows_duplicate: 3 });
    const [hash, ...others] = await readdir(path.join(dir, 'archive'));
    expect(others).toEqual([]);
    expect((await readdir(path.join(dir, 'archive', hash))).sort()).toEqual(['ledger.csv', 'manifest.jsonl']);
    // What a copy made in place and killed half-way (as Veta once copied) leaves: the next ingest makes it whole.
    const copy = path.join(dir, 'archive', hash, 'ledger.csv');
    await writeFile(copy, LEDGER);
    await land(file);
    expect(await readFile(copy)).toEqual(await readFile(file));
  });
});

describe("the archive's manifest", () => {
  it('gets the line of a landing killed between its commit and its manifest line, at the next ingest', async () => {
    const { dir, db, land } = await setup();
    const first = path.join(dir, 'jan.csv');
    const second = path.join(dir, 'feb.csv');
    await writeFile(first, 'sale_id,producer_code,sale_date,gold_grams,fineness\nS-1,CO-P001,2024-01-05,10,0.9\n');
    await writeFile(second, 'sale_id,producer_code,sale_date,gold_grams,fineness\nS-2,CO-P001,2024-02-05,11,0.9\n');
    const landed = await land(first);
    const [{ hash }] = await db.query<{ hash: string }>('select file_hash as hash from meta.ingest_batches');
    const manifest = path.join(dir, 'archive', hash, 'manifest.jsonl');
    const line = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, unknown>;
    // What a kill just after the commit leaves: the batch in the ledger, no line in the manifest.
    await writeFile(manifest, '');
    await land(second);
    expect((await readFile(manifest, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([line]);
    expect(line).toMatchObject({ name: 'jan.csv', sha256: hash, format: 'sales-ledger-csv', batch_id: landed.batch_id });
  });
});
