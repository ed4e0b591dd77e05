/**
 * The contract every ingest adapter keeps, checked the same way for each (issue 4). Each adapter is one entry of
 * CASES: how to write a small export, how to read it in plain JS (apart from ingest's own readers) and how to write
 * an edited re-export of it. Each entry then gets the five contracts, one `it` each:
 *
 * 1. accounting: rows_read = rows_loaded + rows_rejected + rows_duplicate, rows_read is the number of data rows in
 *    the file, and meta.ingest_batches holds one row with those counts;
 * 2. idempotency: the same file again loads nothing, counts every row a duplicate and changes no raw table, nor the
 *    rejects;
 * 3. lineage: every landed row names its batch, the sha256 of the file and the row of the file (sheet, zip member)
 *    whose key cell is its key; the file is archived, byte for byte, under `<archive>/<sha256>/<name>`;
 * 4. supersede: an edited re-export lands exactly the edited records, as new versions, and keeps the earlier ones;
 * 5. order: an older export landed after a newer one does not make the older version current (`_is_current`).
 *
 * A new adapter is one more entry. Inputs are small (six demo submissions, a few hand-written rows), and every `it`
 * has its own warehouse.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { KOBO_COMMA, KOBO_SEMICOLON, PLAIN_CSV, type CsvDialect } from '../../ingest/demo/csv-line.ts';
import { writeDemoData, type DemoDataFiles, type DemoDataManifest } from '../../ingest/demo/write-demo-data.ts';
import type { Format } from '../../ingest/detect-format.ts';
import { quoteIdentifier, type Database } from '../../warehouse/gateway/duckdb.ts';
import { cellOf, gridText, parseGrid, readGrid, readWorkbook, readZipMembers, setCell, sha256File, writeZip, type Grid } from '../helpers/export-files.ts';
import { landingWarehouse } from '../helpers/landing.ts';

/** One raw table a file lands in, as read in plain JS: `keys[i]` is the record key on data row `i + 2`. */
interface LandingTable {
  table: string;
  grid: Grid;
  keys: string[];
}

interface Export {
  file: string;
  tables: LandingTable[];
}

interface Edited {
  file: string;
  /** By raw table, the keys of the records the re-export changed. */
  editedKeys: Record<string, string[]>;
}

interface AdapterCase {
  name: string;
  /** The format detection must report. */
  format: Format;
  /** The raw tables it lands in, in the order the summary names them. */
  tables: string[];
  /**
   * What in a re-export tells a newer version from an older one whatever order files land in, or why nothing does
   * (then the order contract can only ask for one current version per record, both versions kept).
   */
  versionOrder: { column: string } | { none: string };
  /** Why the case cannot run here. */
  skip?: string;
  make(dir: string): Promise<Export>;
  /** Reads an export of this kind in plain JS: the tables it lands in, with every data row's key. */
  read(file: string): Promise<LandingTable[]>;
  edit(dir: string, original: Export): Promise<Edited>;
}

const ASSESSMENTS = 'kobo__veta_site_assessments';
const ACTIONS = 'kobo__veta_improvement_actions';
const strip = (key: string) => (key.trim().startsWith('uuid:') ? key.trim().slice('uuid:'.length) : key.trim());

/** The demo, written once for the whole file: the cases only read it. */
let demoDir: string | undefined;
let demoWritten: Promise<DemoDataManifest> | undefined;
function demo(): Promise<DemoDataManifest> {
  demoWritten ??= (async () => {
    demoDir = await mkdtemp(path.join(tmpdir(), 'veta-contract-demo-'));
    return writeDemoData(demoDir, { producers: 2, maxSubmissions: 6 });
  })();
  return demoWritten;
}
afterAll(async () => {
  if (demoDir) await rm(demoDir, { recursive: true, force: true });
});
const demoFile = (name: keyof DemoDataFiles) => async () => (await demo()).files[name]!;

/** The project's shared data sets, beside the clone; a clone without them cannot run those cases. */
const SHARED = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const FLORA_ROOT = path.join(SHARED, 'odk-central-flora-quadrat', 'build_Flora-Quadrat-0-4_1564384341.csv');
const IPIS_SAMPLE = path.join(SHARED, 'ipis-drc-sample', 'ipis-drc-sample.csv');
const missing = (file: string) => (existsSync(file) ? undefined : `${path.relative(SHARED, file)} is not in ../shared/data beside this clone`);

/** A fresh instance id for the n-th edited submission. */
const newInstance = (n: number) => `uuid:0e0e0e0e-${String(n).padStart(4, '0')}-4000-8000-${'c'.repeat(12)}`;
const otherStatus = (status: string) => (status === 'conformant' ? 'in_progress' : 'conformant');
const otherActionStatus = (status: string) => (status === 'completed' ? 'in_progress' : 'completed');

interface Revision {
  /** The column naming this version (`meta/instanceID`, ODK's `meta-instanceID`): a new id at every edit. */
  instance: string;
  /** KoboToolbox writes the replaced instance id in `meta/deprecatedID`. */
  deprecated?: string;
  /** ODK Central counts a submission's edits in `Edits`. */
  edits?: string;
  /** The answer the edit changes, and how. */
  answer: string;
  change: (value: string) => string;
}

/** Edits the submissions on the given rows as the survey tool would: a new instance id and a changed answer. */
function revise(grid: Grid, rows: number[], revision: Revision): void {
  rows.forEach((index, n) => {
    const row = grid.rows[index];
    const previous = cellOf(grid, row, revision.instance);
    setCell(grid, row, revision.instance, newInstance(n + 1));
    if (revision.deprecated) setCell(grid, row, revision.deprecated, previous, revision.instance);
    if (revision.edits) setCell(grid, row, revision.edits, String(Number(cellOf(grid, row, revision.edits) || '0') + 1));
    setCell(grid, row, revision.answer, revision.change(cellOf(grid, row, revision.answer)));
  });
}

/** An adapter of one delimited file landing in one table. */
function delimitedCase(spec: {
  name: string;
  format: Format;
  table: string;
  key: string;
  dialect: CsvDialect;
  eol?: string;
  versionOrder: AdapterCase['versionOrder'];
  skip?: string;
  write: (dir: string) => Promise<string>;
  /** The re-export's file name (default: the original's). */
  editedName?: string;
  /** Changes the grid as the re-export would; returns the rows it changed. */
  change: (grid: Grid) => number[];
}): AdapterCase {
  const read = async (file: string): Promise<LandingTable[]> => {
    const grid = await readGrid(file, spec.dialect.delimiter);
    return [{ table: spec.table, grid, keys: grid.rows.map((row) => strip(cellOf(grid, row, spec.key))) }];
  };
  return {
    name: spec.name,
    format: spec.format,
    tables: [spec.table],
    versionOrder: spec.versionOrder,
    skip: spec.skip,
    read,
    async make(dir) {
      const file = await spec.write(dir);
      return { file, tables: await read(file) };
    },
    async edit(dir, original) {
      const [{ grid, keys }] = await read(original.file);
      const changed = spec.change(grid);
      const file = path.join(dir, 'edited', spec.editedName ?? path.basename(original.file));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, gridText(grid, spec.dialect, spec.eol));
      return { file, editedKeys: { [spec.table]: changed.map((i) => keys[i]) } };
    },
  };
}

/**
 * A feed sent as JSON records (an incident log, a GeoJSON site registry): read in plain JS as a grid whose row n + 2
 * is record n, which is how ingest numbers a record's row.
 */
function jsonCase(spec: {
  name: string;
  format: Format;
  table: string;
  key: string;
  versionOrder: AdapterCase['versionOrder'];
  fileName: string;
  records: Record<string, string>[];
  /** The file's text for these records. */
  toText: (records: Record<string, string>[]) => string;
  /** The records of a file's text. */
  fromText: (text: string) => Record<string, string>[];
  /** Changes the records as a re-sent file would; returns the records it changed. */
  change: (records: Record<string, string>[]) => number[];
}): AdapterCase {
  const grid = (records: Record<string, string>[]): Grid => {
    const header = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return { header, rows: records.map((r) => header.map((h) => r[h] ?? '')) };
  };
  const read = async (file: string): Promise<LandingTable[]> => {
    const records = spec.fromText(await readFile(file, 'utf8'));
    return [{ table: spec.table, grid: grid(records), keys: records.map((r) => r[spec.key]) }];
  };
  return {
    name: spec.name,
    format: spec.format,
    tables: [spec.table],
    versionOrder: spec.versionOrder,
    read,
    async make(dir) {
      const file = path.join(dir, spec.fileName);
      await writeFile(file, spec.toText(spec.records));
      return { file, tables: await read(file) };
    },
    async edit(dir, original) {
      const records = spec.fromText(await readFile(original.file, 'utf8'));
      const changed = spec.change(records);
      const file = path.join(dir, 'edited', spec.fileName);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, spec.toText(records));
      return { file, editedKeys: { [spec.table]: changed.map((i) => records[i][spec.key]) } };
    },
  };
}

const SITES = [
  { site_code: 'CO-P001-S1', name: 'La Esperanza', country_code: 'CO', mineral: 'gold', lon: -75.56, lat: 6.25 },
  { site_code: 'PE-P002-S1', name: 'Santa Filomena', country_code: 'PE', mineral: 'gold', lon: -74.39, lat: -14.73 },
  { site_code: 'CD-P003-S1', name: 'Mungwe', country_code: 'CD', mineral: 'tin', lon: 28.86, lat: -2.84 },
];

/**
 * An edited KoboToolbox submission as ingest models it: the same `_uuid`, a new `meta/instanceID`, the replaced one
 * in `meta/deprecatedID`. (KoboToolbox itself also gives the edit a new `_uuid`; newer servers keep the first one in
 * `meta/rootUuid`.)
 */
const KOBO_REVISION = {
  instance: 'meta/instanceID',
  deprecated: 'meta/deprecatedID',
  answer: 'm5/r_M5_1',
  change: otherStatus,
} satisfies Revision;

/** Of the six demo submissions, the second and the fifth are edited. */
const EDITED_SUBMISSIONS = [1, 4];

const vetaKoboCsv = (delimiter: ';' | ','): AdapterCase =>
  delimitedCase({
    name: `KoboToolbox CSV of Veta's form (${delimiter})`,
    format: 'kobo-csv',
    table: ASSESSMENTS,
    key: '_uuid',
    dialect: delimiter === ';' ? KOBO_SEMICOLON : KOBO_COMMA,
    eol: '\r\n',
    versionOrder: { column: 'meta/deprecatedID' },
    write: demoFile(delimiter === ';' ? 'kobo_csv' : 'kobo_csv_comma'),
    change(grid) {
      revise(grid, EDITED_SUBMISSIONS, KOBO_REVISION);
      return EDITED_SUBMISSIONS;
    },
  });

/** KoboToolbox's XLSX: the main sheet, then one sheet per repeat linked by `_submission__uuid`. */
const vetaKoboXlsx: AdapterCase = (() => {
  const read = async (file: string): Promise<LandingTable[]> => {
    const [main, ...repeats] = await readWorkbook(file);
    return [
      { table: ASSESSMENTS, grid: main, keys: main.rows.map((row) => strip(cellOf(main, row, '_uuid'))) },
      ...repeats.map((sheet) => {
        // A repeat row's key is its submission and its place among that submission's rows (ingest's `_repeat_key`).
        const seen = new Map<string, number>();
        const keys = sheet.rows.map((row) => {
          const uuid = cellOf(sheet, row, '_submission__uuid');
          seen.set(uuid, (seen.get(uuid) ?? 0) + 1);
          return `${uuid}/${sheet.sheet}[${seen.get(uuid)}]`;
        });
        return { table: `kobo__veta_${sheet.sheet}`, grid: sheet, keys };
      }),
    ];
  };
  return {
    name: "KoboToolbox XLSX of Veta's form (main sheet + improvement_actions)",
    format: 'kobo-xlsx',
    tables: [ASSESSMENTS, ACTIONS],
    versionOrder: { column: 'meta/deprecatedID' },
    read,
    async make() {
      const file = await demoFile('kobo_xlsx')();
      return { file, tables: await read(file) };
    },
    async edit(dir, original) {
      const [main, actions] = original.tables;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(original.file);
      const [mainSheet, actionSheet] = workbook.worksheets;
      const column = (grid: Grid, name: string) => grid.header.indexOf(name) + 1;
      const deprecatedAt = main.grid.header.length + 1;
      mainSheet.getRow(1).getCell(deprecatedAt).value = KOBO_REVISION.deprecated;
      const uuids = new Set<string>();
      EDITED_SUBMISSIONS.forEach((index, n) => {
        const row = mainSheet.getRow(index + 2);
        const cells = main.grid.rows[index];
        row.getCell(deprecatedAt).value = cellOf(main.grid, cells, KOBO_REVISION.instance);
        row.getCell(column(main.grid, KOBO_REVISION.instance)).value = newInstance(n + 1);
        row.getCell(column(main.grid, KOBO_REVISION.answer)).value = otherStatus(cellOf(main.grid, cells, KOBO_REVISION.answer));
        uuids.add(main.keys[index]);
      });
      // The edit also moves on every improvement action of the edited submissions.
      const editedActions: string[] = [];
      actions.grid.rows.forEach((cells, index) => {
        if (!uuids.has(cellOf(actions.grid, cells, '_submission__uuid'))) return;
        const status = actionSheet.getRow(index + 2).getCell(column(actions.grid, 'action_status'));
        status.value = otherActionStatus(cellOf(actions.grid, cells, 'action_status'));
        editedActions.push(actions.keys[index]);
      });
      const file = path.join(dir, 'edited', path.basename(original.file));
      await mkdir(path.dirname(file), { recursive: true });
      await workbook.xlsx.writeFile(file);
      return { file, editedKeys: { [ASSESSMENTS]: EDITED_SUBMISSIONS.map((i) => main.keys[i]), [ACTIONS]: editedActions } };
    },
  };
})();

/** ODK Central's CSV zip: `<form id>.csv` (the root, `KEY` = `uuid:…`) and `<form id>-<repeat>.csv` (`PARENT_KEY`). */
const vetaOdkZip: AdapterCase = (() => {
  const read = async (file: string): Promise<LandingTable[]> => {
    const members = (await readZipMembers(file)).map(({ member, text }) => ({ member, grid: parseGrid(text, ',') }));
    const root = members.find(({ grid }) => grid.header.includes('SubmissionDate'))!;
    const repeats = members.filter(({ grid }) => grid.header.includes('PARENT_KEY'));
    const keyed = (table: string, grid: Grid) => ({ table, grid, keys: grid.rows.map((row) => strip(cellOf(grid, row, 'KEY'))) });
    return [
      keyed(ASSESSMENTS, root.grid),
      ...repeats.map(({ member, grid }) => keyed(`kobo__veta_${/-([A-Za-z0-9_]+)\.csv$/.exec(member)![1]}`, grid)),
    ];
  };
  return {
    name: "ODK Central CSV zip of Veta's form (root + improvement_actions)",
    format: 'odk-central-zip',
    tables: [ASSESSMENTS, ACTIONS],
    versionOrder: { column: 'Edits' },
    read,
    async make() {
      const file = await demoFile('odk_zip')();
      return { file, tables: await read(file) };
    },
    async edit(dir, original) {
      const members = await readZipMembers(original.file);
      const edited: Record<string, string[]> = { [ASSESSMENTS]: [], [ACTIONS]: [] };
      const grids = members.map(({ member, text }) => ({ member, grid: parseGrid(text, ',') }));
      const root = grids.find(({ grid }) => grid.header.includes('SubmissionDate'))!.grid;
      // Central keeps KEY (the submission's first instance id) and gives the edit a new meta-instanceID.
      revise(root, EDITED_SUBMISSIONS, { instance: 'meta-instanceID', edits: 'Edits', answer: 'm5-r_M5_1', change: otherStatus });
      const parents = new Set(EDITED_SUBMISSIONS.map((i) => cellOf(root, root.rows[i], 'KEY')));
      edited[ASSESSMENTS] = EDITED_SUBMISSIONS.map((i) => strip(cellOf(root, root.rows[i], 'KEY')));
      for (const { grid } of grids.filter(({ grid }) => grid.header.includes('PARENT_KEY'))) {
        for (const row of grid.rows) {
          if (!parents.has(cellOf(grid, row, 'PARENT_KEY'))) continue;
          setCell(grid, row, 'action_status', otherActionStatus(cellOf(grid, row, 'action_status')));
          edited[ACTIONS].push(strip(cellOf(grid, row, 'KEY')));
        }
      }
      const file = path.join(dir, 'edited', path.basename(original.file));
      await mkdir(path.dirname(file), { recursive: true });
      await writeZip(file, grids.map(({ member, grid }) => ({ member, text: gridText(grid, PLAIN_CSV) })), new Date('2024-06-01T09:00:00Z'));
      return { file, editedKeys: edited };
    },
  };
})();

const CASES: AdapterCase[] = [
  vetaKoboCsv(';'),
  vetaKoboCsv(','),
  vetaKoboXlsx,
  vetaOdkZip,
  delimitedCase({
    name: 'ODK Central root CSV of another form (Flora Quadrat 0.4)',
    format: 'odk-central-csv',
    table: 'odk__build_flora_quadrat_0_4_1564384341',
    key: 'KEY',
    dialect: PLAIN_CSV,
    versionOrder: { none: 'a 2019 export, without Edits or meta-deprecatedID columns' },
    skip: missing(FLORA_ROOT),
    write: async () => FLORA_ROOT,
    change(grid) {
      revise(grid, [0], { instance: 'meta-instanceID', answer: 'location-area_name', change: (name) => `${name} (corrected)` });
      return [0];
    },
  }),
  delimitedCase({
    name: 'KoboToolbox CSV of another form (water points)',
    format: 'kobo-csv',
    table: 'kobo__water_point_survey',
    key: '_uuid',
    dialect: KOBO_SEMICOLON,
    eol: '\r\n',
    versionOrder: { column: 'meta/deprecatedID' },
    async write(dir) {
      const file = path.join(dir, 'Water_point_survey_-_all_versions_-_False_-_2024-05-01-10-00-00.csv');
      const grid: Grid = {
        header: ['pump_ok', 'water_source', 'meta/instanceID', '_id', '_uuid', '_submission_time', '_index'],
        rows: [
          ['yes', 'borehole', 'uuid:7b1c6c52-0b0e-4f7e-9a36-0d6a1c1f0001', '101', '7b1c6c52-0b0e-4f7e-9a36-0d6a1c1f0001', '2024-04-29T09:00:00', '1'],
          ['no', 'river; seasonal', 'uuid:7b1c6c52-0b0e-4f7e-9a36-0d6a1c1f0002', '102', '7b1c6c52-0b0e-4f7e-9a36-0d6a1c1f0002', '2024-04-30T10:00:00', '2'],
          ['yes', 'well "new"', 'uuid:7b1c6c52-0b0e-4f7e-9a36-0d6a1c1f0003', '103', '7b1c6c52-0b0e-4f7e-9a36-0d6a1c1f0003', '2024-05-01T08:30:00', '3'],
        ],
      };
      await writeFile(file, gridText(grid, KOBO_SEMICOLON, '\r\n'));
      return file;
    },
    editedName: 'Water_point_survey_-_all_versions_-_False_-_2024-06-01-10-00-00.csv',
    change(grid) {
      revise(grid, [1], { instance: 'meta/instanceID', deprecated: 'meta/deprecatedID', answer: 'pump_ok', change: (ok) => (ok === 'yes' ? 'no' : 'yes') });
      return [1];
    },
  }),
  delimitedCase({
    name: 'sales ledger CSV',
    format: 'sales-ledger-csv',
    table: 'feeds__sales_ledger',
    key: 'sale_id',
    dialect: PLAIN_CSV,
    versionOrder: { none: 'a ledger row carries no version or edit time' },
    write: demoFile('sales_ledger'),
    change(grid) {
      for (const i of [3, 10]) setCell(grid, grid.rows[i], 'gold_grams', (Number(cellOf(grid, grid.rows[i], 'gold_grams')) + 1).toFixed(2));
      return [3, 10];
    },
  }),
  delimitedCase({
    name: 'incidents CSV',
    format: 'incidents-csv',
    table: 'feeds__incidents',
    key: 'incident_id',
    dialect: PLAIN_CSV,
    versionOrder: { none: 'an incident row carries no version or edit time' },
    async write(dir) {
      const file = path.join(dir, 'incidents.csv');
      const grid: Grid = {
        header: ['incident_id', 'site_code', 'reported_on', 'annex_ii_group', 'severity', 'status', 'source', 'summary'],
        rows: [
          ['INC-00001', 'CO-P001-S1', '2024-01-05', 'security-forces', 'high', 'open', 'implementer', 'Cobro en el retén, "peaje" informal'],
          ['INC-00002', 'CD-P002-S2', '2024-02-17', 'child-labour', 'critical', 'open', 'grievance', 'Enfants au tri du minerai, site 2'],
          ['INC-00003', 'PE-P003-S1', '2024-03-01', 'mercury', 'medium', 'closed', 'implementer', 'Quemas de amalgama a cielo abierto'],
          ['INC-00004', 'BF-P004-S1', '2024-03-09', 'security-forces', 'low', 'open', 'partner', 'Contrôle routier\nsans reçu'],
        ],
      };
      await writeFile(file, gridText(grid, PLAIN_CSV));
      return file;
    },
    change(grid) {
      setCell(grid, grid.rows[1], 'status', 'closed');
      return [1];
    },
  }),
  delimitedCase({
    name: 'IPIS site-visits CSV (real sample)',
    format: 'ipis-csv',
    table: 'feeds__ipis_site_visits',
    key: 'vid',
    dialect: PLAIN_CSV,
    versionOrder: { none: 'a visit row carries no version or edit time' },
    skip: missing(IPIS_SAMPLE),
    async write(dir) {
      const file = path.join(dir, path.basename(IPIS_SAMPLE));
      await copyFile(IPIS_SAMPLE, file);
      return file;
    },
    change(grid) {
      for (const i of [0, 20]) setCell(grid, grid.rows[i], 'workers_numb', String(Number(cellOf(grid, grid.rows[i], 'workers_numb') || '0') + 10));
      return [0, 20];
    },
  }),
  delimitedCase({
    name: 'Fairmined register CSV',
    format: 'fairmined-register-csv',
    table: 'feeds__fairmined_register',
    key: 'producer_code',
    dialect: PLAIN_CSV,
    versionOrder: { none: 'a register row carries no version or edit time' },
    async write(dir) {
      const file = path.join(dir, 'fairmined_register.csv');
      const grid: Grid = {
        header: ['producer_code', 'organisation_name', 'country_code', 'certified_on', 'is_ecological_gold', 'status'],
        rows: [
          ['CO-P001', 'Cooperativa Minera La Esperanza', 'CO', '2021-03-01', 'false', 'certified'],
          ['PE-P002', 'Asociación de Mineros Artesanales Santa Filomena, Sotrami', 'PE', '2019-11-15', 'true', 'certified'],
          ['BO-P003', 'Cooperativa Aurífera Illimani', 'BO', '2022-07-20', 'false', 'certified'],
        ],
      };
      await writeFile(file, gridText(grid, PLAIN_CSV));
      return file;
    },
    change(grid) {
      setCell(grid, grid.rows[1], 'status', 'suspended');
      return [1];
    },
  }),
  jsonCase({
    name: 'incidents JSON',
    format: 'incidents-json',
    table: 'feeds__incidents',
    key: 'incident_id',
    versionOrder: { none: 'an incident record carries no version or edit time' },
    fileName: 'incidents.json',
    records: [
      { incident_id: 'INC-00001', site_code: 'CO-P001-S1', reported_on: '2024-01-05', annex_ii_group: 'security-forces', severity: 'high', status: 'open' },
      { incident_id: 'INC-00002', site_code: 'CD-P003-S1', reported_on: '2024-02-17', annex_ii_group: 'child-labour', severity: 'critical', status: 'open' },
      { incident_id: 'INC-00003', site_code: 'PE-P002-S1', reported_on: '2024-03-01', annex_ii_group: 'mercury', severity: 'medium', status: 'closed' },
    ],
    toText: (records) => JSON.stringify({ incidents: records }, null, 2),
    fromText: (text) => (JSON.parse(text) as { incidents: Record<string, string>[] }).incidents,
    change(records) {
      records[1].status = 'closed';
      return [1];
    },
  }),
  jsonCase({
    name: 'site registry GeoJSON',
    format: 'site-registry-geojson',
    table: 'feeds__site_registry',
    key: 'site_code',
    versionOrder: { none: 'a registry feature carries no version or edit time' },
    fileName: 'sites.geojson',
    records: SITES.map(({ lon, lat, ...properties }) => ({ ...properties, lon: String(lon), lat: String(lat) })),
    toText: (records) =>
      JSON.stringify({
        type: 'FeatureCollection',
        features: records.map(({ lon, lat, ...properties }) => ({
          type: 'Feature',
          properties,
          geometry: { type: 'Point', coordinates: [Number(lon), Number(lat)] },
        })),
      }),
    fromText: (text) =>
      (JSON.parse(text) as { features: { properties: Record<string, string>; geometry: { coordinates: number[] } }[] }).features.map(
        (f) => ({ ...f.properties, lon: String(f.geometry.coordinates[0]), lat: String(f.geometry.coordinates[1]) }),
      ),
    change(records) {
      records[2].name = 'Mungwe (Kalehe)';
      return [2];
    },
  }),
];

const setup = landingWarehouse;

const rowCount = (input: Export) => input.tables.reduce((sum, t) => sum + t.keys.length, 0);

async function columnsOf(db: Database, schema: string, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    'select column_name from information_schema.columns where table_schema = $schema and table_name = $table order by ordinal_position',
    { schema, table },
  );
  return rows.map((row) => row.column_name);
}

/** Row count and a hash of a table's rows (without the given columns, or only `within` them), in a stable order. */
async function digest(db: Database, schema: string, table: string, without: string[], where = 'true', within?: string[]) {
  const kept = (await columnsOf(db, schema, table))
    .filter((c) => !without.includes(c) && (!within || within.includes(c)))
    .map(quoteIdentifier);
  const rows = await db.query(`select ${kept.join(', ')} from ${schema}.${quoteIdentifier(table)} where ${where} order by all`);
  return { rows: rows.length, hash: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
}

/** Every raw table and the rejects, without what differs by batch. */
async function warehouseState(db: Database) {
  const tables = await db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'raw' order by table_name",
  );
  const state: Record<string, { rows: number; hash: string }> = {};
  for (const { table_name } of tables) state[`raw.${table_name}`] = await digest(db, 'raw', table_name, ['_batch_id', '_landed_at']);
  state['meta.ingest_rejects'] = await digest(db, 'meta', 'ingest_rejects', ['batch_id']);
  return state;
}

/** The lineage column that holds a raw table's record key. */
async function keyColumn(db: Database, table: string): Promise<string> {
  const columns = await columnsOf(db, 'raw', table);
  return columns.includes('_submission_uuid') ? '_submission_uuid' : '_record_key';
}

/** By table, the keys whose cells differ between two reads of an export (columns absent on one side count as empty). */
function changedKeys(before: LandingTable[], after: LandingTable[]): Record<string, string[]> {
  const changed: Record<string, string[]> = {};
  for (const old of before) {
    const now = after.find((t) => t.table === old.table)!;
    const columns = [...new Set([...old.grid.header, ...now.grid.header])];
    const record = (t: LandingTable, key: string) => {
      const row = t.grid.rows[t.keys.indexOf(key)];
      return row ? columns.map((c) => cellOf(t.grid, row, c)) : null;
    };
    changed[old.table] = [...new Set([...old.keys, ...now.keys])]
      .filter((key) => JSON.stringify(record(old, key)) !== JSON.stringify(record(now, key)))
      .sort();
  }
  return changed;
}

const sortedKeys = (tables: string[], keys: Record<string, string[]>) =>
  Object.fromEntries(tables.map((t) => [t, [...(keys[t] ?? [])].sort()]));

for (const adapter of CASES) {
  const title = adapter.skip ? `${adapter.name} (skipped: ${adapter.skip})` : adapter.name;
  describe.skipIf(adapter.skip !== undefined)(title, () => {
    it('accounts for every row: read = loaded + rejected + duplicate, read = the rows in the file, one ledger row', async () => {
      const { dir, db, land } = await setup();
      const input = await adapter.make(dir);
      expect(input.tables.map((t) => t.table)).toEqual(adapter.tables);
      const rows = rowCount(input);
      expect(rows).toBeGreaterThan(0);
      const summary = await land(input.file);
      expect(summary).toMatchObject({ format: adapter.format, target_table: adapter.tables.map((t) => `raw.${t}`).join(', ') });
      expect(summary.rows_read).toBe(summary.rows_loaded + summary.rows_rejected + summary.rows_duplicate);
      expect(summary).toMatchObject({ rows_read: rows, rows_loaded: rows, rows_rejected: 0, rows_duplicate: 0 });
      for (const t of input.tables) {
        expect(await db.query(`select count(*)::integer as n from raw.${quoteIdentifier(t.table)}`), t.table).toEqual([{ n: t.keys.length }]);
      }
      expect(
        await db.query(
          'select batch_id, file_hash, format, target_table, rows_read, rows_loaded, rows_rejected, rows_duplicate from meta.ingest_batches',
        ),
      ).toEqual([
        {
          batch_id: summary.batch_id,
          file_hash: await sha256File(input.file),
          format: adapter.format,
          target_table: summary.target_table,
          rows_read: summary.rows_read,
          rows_loaded: summary.rows_loaded,
          rows_rejected: summary.rows_rejected,
          rows_duplicate: summary.rows_duplicate,
        },
      ]);
    });

    it('changes nothing when the same file lands again: every row a duplicate, raw tables and rejects as they were', async () => {
      const { dir, db, land } = await setup();
      const input = await adapter.make(dir);
      const rows = rowCount(input);
      await land(input.file);
      const before = await warehouseState(db);
      const again = await land(input.file);
      expect(again).toMatchObject({ rows_read: rows, rows_loaded: 0, rows_rejected: 0, rows_duplicate: rows, rows_superseding: 0 });
      expect(await warehouseState(db)).toEqual(before);
      expect(await db.query('select rows_loaded, rows_duplicate from meta.ingest_batches order by rows_loaded desc')).toEqual([
        { rows_loaded: rows, rows_duplicate: 0 },
        { rows_loaded: 0, rows_duplicate: rows },
      ]);
    });

    it('keeps the lineage of every row: batch, file hash, the file row holding its key; archives the file as it came', async () => {
      const { dir, db, land, archiveDir } = await setup();
      const input = await adapter.make(dir);
      const summary = await land(input.file);
      const hash = await sha256File(input.file);
      for (const t of input.tables) {
        const key = await keyColumn(db, t.table);
        const landed = await db.query(
          `select _batch_id, _file_hash, _source_row, ${key} as key from raw.${quoteIdentifier(t.table)} order by _source_row`,
        );
        // Row n of the file, sheet or zip member (its header being row 1) holds the key the landed row carries.
        const expected = t.keys.map((k, i) => ({ _batch_id: summary.batch_id, _file_hash: hash, _source_row: i + 2, key: k }));
        expect(landed, t.table).toEqual(expected);
      }
      expect(summary.batch_id).toMatch(/\S/);
      expect(await readFile(path.join(archiveDir, hash, path.basename(input.file)))).toEqual(await readFile(input.file));
    });

    it('lands an edited re-export as new versions of exactly the edited records, keeping the earlier ones', async () => {
      const { dir, db, land } = await setup();
      const original = await adapter.make(dir);
      const edited = await adapter.edit(dir, original);
      const editedKeys = sortedKeys(adapter.tables, edited.editedKeys);
      // The re-export differs from the original in the edited records and nowhere else.
      expect(changedKeys(original.tables, await adapter.read(edited.file))).toEqual(editedKeys);
      const rows = rowCount(original);
      const edits = Object.values(editedKeys).reduce((sum, keys) => sum + keys.length, 0);
      expect(edits).toBeGreaterThan(0);

      const first = await land(original.file);
      // The earlier rows as they landed, on the columns they landed with: a re-export may bring new columns
      // (meta/deprecatedID), and which row is current may change.
      const landedWith = Object.fromEntries(await Promise.all(adapter.tables.map(async (t) => [t, await columnsOf(db, 'raw', t)])));
      const earlier = (table: string) => digest(db, 'raw', table, ['_is_current'], `_batch_id = '${first.batch_id}'`, landedWith[table]);
      const before = Object.fromEntries(await Promise.all(adapter.tables.map(async (t) => [t, await earlier(t)])));
      const second = await land(edited.file);
      for (const t of original.tables) {
        const key = await keyColumn(db, t.table);
        const added = await db.query<{ key: string }>(
          `select ${key} as key from raw.${quoteIdentifier(t.table)} where _batch_id = $batch order by 1`,
          { batch: second.batch_id },
        );
        expect.soft(added.map((r) => r.key), `${t.table}: the records the re-export added`).toEqual(editedKeys[t.table]);
        expect.soft(await earlier(t.table), `${t.table}: the earlier versions, as they landed`).toEqual(before[t.table]);
      }
      expect.soft(second).toMatchObject({
        rows_read: rows,
        rows_loaded: edits,
        rows_superseding: edits,
        rows_duplicate: rows - edits,
        rows_rejected: 0,
      });
    });

    const order = adapter.versionOrder;
    const orderTitle =
      'column' in order
        ? `does not make an older export current when it lands after the newer one (newer known by ${order.column})`
        : `keeps one current version per record when an edit lands before the original (nothing orders versions: ${order.none})`;
    it(orderTitle, async () => {
      const { dir, db, land } = await setup();
      const original = await adapter.make(dir);
      const edited = await adapter.edit(dir, original);
      const editedKeys = sortedKeys(adapter.tables, edited.editedKeys);
      const newer = await land(edited.file);
      await land(original.file);
      for (const t of original.tables) {
        expect(await columnsOf(db, 'raw', t.table), `raw.${t.table} has a _is_current column`).toContain('_is_current');
        const key = await keyColumn(db, t.table);
        const versions = await db.query<{ key: string; versions: number; current: number; current_batch: string | null }>(
          `select ${key} as key, count(*)::integer as versions, count(*) filter (where _is_current)::integer as current,
                  max(_batch_id) filter (where _is_current) as current_batch
           from raw.${quoteIdentifier(t.table)} group by 1 order by 1`,
        );
        expect.soft(versions.filter((v) => v.current !== 1), `${t.table}: records without exactly one current version`).toEqual([]);
        const history = versions.filter((v) => v.versions > 1).map((v) => v.key);
        expect.soft(history, `${t.table}: records with both versions kept`).toEqual(editedKeys[t.table]);
        if ('column' in order) {
          const olderWins = versions.filter((v) => editedKeys[t.table].includes(v.key) && v.current_batch !== newer.batch_id);
          expect.soft(olderWins.map((v) => v.key), `${t.table}: edited records whose current version is the older one`).toEqual([]);
        }
      }
    });
  });
}
