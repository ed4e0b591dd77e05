import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../tests/helpers/parse-csv.ts';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import type { Database } from '../../warehouse/gateway/duckdb.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import { detectFormat, type Detected } from '../detect-format.ts';
import { landCsv } from '../land-csv.ts';
import { detectIncidentsJson } from './detect-json-records.ts';

const disposers: Detected[] = [];
const open: Database[] = [];
afterEach(async () => {
  open.splice(0).forEach((db) => db.close());
  await Promise.all(disposers.splice(0).map((detected) => detected.dispose()));
});

async function detected(file: string): Promise<Detected> {
  const result = await detectIncidentsJson(file);
  disposers.push(result);
  return result;
}

async function csvOf(file: string): Promise<string> {
  const { parts } = await detected(file);
  return readFile(parts[0].file, 'utf8');
}

async function written(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(await tempDir(), name);
  await writeFile(file, content);
  return file;
}

/** What an implementer's case-management system exports: fields in its own order, some nested, some missing. */
const INCIDENTS = [
  {
    incident_id: 'INC-00041',
    site_code: 'CO-P007-S2',
    reported_on: '2024-03-02',
    annex_ii_group: 'serious-abuses',
    severity: 'critical',
    status: 'open',
    source: 'implementer',
    summary: 'Menores de 15 años cargando material, "según" el líder; se pidió un plan',
    location: { lat: 6.2518, lon: -75.5636 },
  },
  {
    incident_id: 'INC-00042',
    site_code: 'CD-P003-S1',
    reported_on: '2024-03-09',
    annex_ii_group: 'security-forces',
    severity: 'low',
    status: null,
    source: 'ipis',
    summary: 'Barrière sur la route du site.\nPéage levé par des militaires.',
    tags: ['road', 'checkpoint'],
    verified: true,
    people_affected: 12,
  },
  {
    site_code: 'PE-P012-S1',
    incident_id: 'INC-00043',
    reported_on: '2024-04-17',
    annex_ii_group: 'bribery-fraud',
    severity: 'medium',
    status: 'closed',
    source: 'partner',
    summary: 'Recibos de compra sin origen',
    location: { lat: -13.0712, lon: -70.3541, precision_m: 25 },
  },
];

const HEADER =
  'incident_id,site_code,reported_on,annex_ii_group,severity,status,source,summary,location/lat,location/lon,tags,verified,' +
  'people_affected,location/precision_m';
const ROWS = [
  'INC-00041,CO-P007-S2,2024-03-02,serious-abuses,critical,open,implementer,' +
    '"Menores de 15 años cargando material, ""según"" el líder; se pidió un plan",6.2518,-75.5636,,,,',
  'INC-00042,CD-P003-S1,2024-03-09,security-forces,low,,ipis,"Barrière sur la route du site.\nPéage levé par des militaires.",,,' +
    '"[""road"",""checkpoint""]",true,12,',
  'INC-00043,PE-P012-S1,2024-04-17,bribery-fraud,medium,closed,partner,Recibos de compra sin origen,-13.0712,-70.3541,,,,25',
];
const CSV = `${[HEADER, ...ROWS].join('\n')}\n`;

const EXPECTED =
  'expected an incident log: a JSON array of incident records, an object holding them in one array ({"incidents": […]}), ' +
  'or one JSON object per line';

describe('detectIncidentsJson', () => {
  it('writes an array of records as a CSV part of the incident log: members in first-seen order, nested ones as paths', async () => {
    const file = await written('incidents.json', JSON.stringify(INCIDENTS, null, 2));
    const result = await detected(file);
    expect(result).toMatchObject({ format: 'incidents-json', mapped: true, encoding: 'utf-8' });
    expect(result.parts).toHaveLength(1);
    const [part] = result.parts;
    expect(part).toMatchObject({
      table: 'feeds__incidents',
      key: { column: 'incident_id', lineage: '_record_key' },
      header: { delimiter: ',', columns: HEADER.split(','), hasBom: false },
      names: HEADER.split(','),
    });
    expect(await readFile(part.file, 'utf8')).toBe(CSV);
  });

  it('reads the records of an object that holds them in one array, beside other members', async () => {
    const wrapped = { partner: 'Alianza por la Minería Responsable', generated_at: '2024-05-01T08:00:00Z', count: 3, incidents: INCIDENTS };
    expect(await csvOf(await written('export.json', JSON.stringify(wrapped, null, 2)))).toBe(CSV);
  });

  it('reads one object per line (NDJSON), skipping blank lines, with a .ndjson, .jsonl or .json name', async () => {
    const lines = INCIDENTS.map((record) => JSON.stringify(record));
    const text = `${lines[0]}\n\n${lines[1]}\r\n${lines[2]}\n`;
    for (const name of ['incidents.ndjson', 'incidents.jsonl', 'incidents.json']) {
      expect(await csvOf(await written(name, text))).toBe(CSV);
    }
  });

  it('reads a log saved in Windows-1252 and says so', async () => {
    const text = '[{"incident_id":"INC-1","site_code":"BF-P001-S1","reported_on":"2024-01-05","annex_ii_group":"bribery-fraud","severity":"low","summary":"Reçu d’achat"}]';
    const bytes = Buffer.from([...text].map((c) => (c === '’' ? 0x92 : c.charCodeAt(0))));
    const result = await detected(await written('incidents.json', bytes));
    expect(result.encoding).toBe('windows-1252');
    expect(await readFile(result.parts[0].file, 'utf8')).toBe(
      'incident_id,site_code,reported_on,annex_ii_group,severity,summary\nINC-1,BF-P001-S1,2024-01-05,bribery-fraud,low,Reçu d’achat\n',
    );
  });

  it('keeps a member that is an object in one record and text in another as one column, the object as JSON', async () => {
    const records = [
      { ...INCIDENTS[0], location: undefined, reporter: { role: 'implementer' }, extra: {} },
      { ...INCIDENTS[2], location: undefined, reporter: 'partner' },
    ];
    expect((await csvOf(await written('mixed.json', JSON.stringify(records)))).split('\n').map((line) => line.split(',').slice(-2))).toEqual([
      ['reporter', 'extra'],
      ['"{""role"":""implementer""}"', '{}'],
      ['partner', ''],
      [''],
    ]);
  });

  it('writes members named "" or with a NUL in their name as columns, as a CSV header would name them', async () => {
    const records = [{ ...INCIDENTS[1], '': 'sin nombre', 'nota\u0000interna': 'a' }, { ...INCIDENTS[2], '': 'otra' }];
    const result = await detected(await written('odd-names.json', JSON.stringify({ incidents: records })));
    const [header, ...rows] = parseCsv(await readFile(result.parts[0].file, 'utf8'));
    // The member "" is the 12th seen, after the 11 of the first record before it.
    const unnamed = header.indexOf('column12');
    const nul = header.indexOf('nota\uFFFDinterna');
    expect([unnamed, nul]).toEqual([11, 12]);
    expect(result.parts[0].header.columns).toEqual(header);
    expect(rows.map((row) => [row[unnamed], row[nul]])).toEqual([
      ['sin nombre', 'a'],
      ['otra', ''],
    ]);
  });

  describe('refuses what is not an incident log, saying where and what was expected', () => {
    it.each([
      ['an NDJSON line cut short', 'incidents.ndjson', `${JSON.stringify(INCIDENTS[0])}\n\n\n{"incident_id": "INC-00042", "site_code": "CD-P003-S1"\n${JSON.stringify(INCIDENTS[2])}\n`,
        `line 4: malformed JSON (expected ',' or '}' after property value): ${EXPECTED}`],
      ['an array with a stray comma', 'incidents.json', '[\n  {"incident_id": "INC-1",, "site_code": "CO-P001-S1"}\n]',
        `line 2, column 27: malformed JSON (expected double-quoted property name): ${EXPECTED}`],
      ['a wrapped log with a value missing', 'incidents.json', '{\n  "incidents": [\n    {"incident_id": "INC-1", "severity": }\n  ]\n}',
        `line 3, column 42: malformed JSON (unexpected character): ${EXPECTED}`],
      ['an array whose third record is broken', 'incidents.json', '[{"a": 1}, {"a": 2}, {"a": 3 "b": 4}]',
        `line 1, column 30: malformed JSON (expected ',' or '}' after property value): ${EXPECTED}`],
      ['an array whose second record lacks a value', 'incidents.json', '[{"incident_id": "INC-1"}, {"incident_id": }]',
        `record 2: malformed JSON (unexpected character): ${EXPECTED}`],
      ['a CSV named .json', 'incidents.json', 'incident_id,site_code\nINC-1,CO-P001-S1\n',
        `is not JSON (it starts with "incident_id,site_cod…"): ${EXPECTED}`],
      ['an empty file', 'incidents.json', '  \n', 'the file is empty: nothing to ingest'],
      ['an empty array', 'incidents.json', '[]', `holds no records: ${EXPECTED}`],
      ['an array of arrays', 'incidents.json', '[{"incident_id": "INC-1"}, ["INC-2", "CO-P001-S1"]]',
        `record 2 is an array, not an object: ${EXPECTED}`],
      ['a line that is a string', 'incidents.ndjson', '{"incident_id": "INC-1"}\n"INC-2"\n',
        `record 2 is a string, not an object: ${EXPECTED}`],
      ['an object with two arrays', 'incidents.json', '{"open": [{"incident_id": "INC-1"}], "closed": []}',
        `holds several arrays ("open", "closed") and no record: ${EXPECTED}`],
      ['a site registry', 'sites.json', '{"type": "FeatureCollection", "features": []}',
        `is a GeoJSON FeatureCollection (a site registry?), not ${EXPECTED.replace('expected ', '')}`],
    ])('%s', async (_name, fileName, content, message) => {
      const file = await written(fileName, content);
      await expect(detectIncidentsJson(file)).rejects.toThrow(`${file}: ${message}`);
    });

    it('records without the fields of an incident', async () => {
      const records = [
        { id: 'INC-1', site_code: 'CO-P001-S1', date: '2024-01-05', severity: 'low' },
        { id: 'INC-2', site_code: 'CO-P001-S2', date: '2024-01-06', severity: 'high', notes: null },
      ];
      const file = await written('incidents.json', JSON.stringify(records));
      await expect(detectIncidentsJson(file)).rejects.toThrow(
        `${file}: not an incident log: no record has incident_id, reported_on, annex_ii_group (its records have id, ` +
          'site_code, date, severity, notes; an incident record has incident_id, site_code, reported_on, annex_ii_group, severity)',
      );
    });
  });
});

describe('incidents from JSON, landed', () => {
  async function landing() {
    const dir = await tempDir();
    const db = await openLanding(path.join(dir, 'warehouse.duckdb'));
    open.push(db);
    const land = async (file: string, result: Detected) => {
      const bytes = await readFile(file);
      const [part] = result.parts;
      return landCsv(db, {
        ...part,
        fileName: path.basename(file),
        fileHash: createHash('sha256').update(bytes).digest('hex'),
        batchId: createHash('md5').update(bytes).digest('hex'),
      });
    };
    return { db, land };
  }

  it('lands record n as row n + 1, rejects a record without its id by that row, and counts a repeated one', async () => {
    const { db, land } = await landing();
    const records = [INCIDENTS[0], { ...INCIDENTS[1], incident_id: '' }, INCIDENTS[2], INCIDENTS[0]];
    const file = await written('incidents.ndjson', records.map((record) => JSON.stringify(record)).join('\n'));
    const counts = await land(file, await detected(file));
    expect(counts).toEqual({ rows_read: 4, rows_loaded: 2, rows_rejected: 1, rows_duplicate: 1, rows_superseding: 0, rows_older_version: 0 });
    expect(await db.query('select file_name, line, column_name, reason from meta.ingest_rejects')).toEqual([
      { file_name: 'incidents.ndjson', line: 3, column_name: 'incident_id', reason: 'no record key: the incident_id cell is empty' },
    ]);
    expect(
      await db.query('select _source_row, _record_key, "location/lon", summary from raw.feeds__incidents order by _source_row'),
    ).toEqual([
      { _source_row: 2, _record_key: 'INC-00041', 'location/lon': '-75.5636', summary: INCIDENTS[0].summary },
      { _source_row: 4, _record_key: 'INC-00043', 'location/lon': '-70.3541', summary: INCIDENTS[2].summary },
    ]);
  });

  it('takes the same incidents sent as CSV and then as JSON for one version of each', async () => {
    const { db, land } = await landing();
    const fields = ['incident_id', 'site_code', 'reported_on', 'annex_ii_group', 'severity', 'status', 'source', 'summary'] as const;
    const records = INCIDENTS.map((record) => Object.fromEntries(fields.map((field) => [field, record[field] ?? ''])));
    const quoted = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    const csv = await written('incidents.csv', `${[fields.join(','), ...records.map((r) => fields.map((f) => quoted(r[f])).join(','))].join('\n')}\n`);
    const json = await written('incidents.json', JSON.stringify(records));
    const fromCsv = await detectFormat(csv);
    disposers.push(fromCsv);
    expect(fromCsv.format).toBe('incidents-csv');
    expect(await land(csv, fromCsv)).toMatchObject({ rows_loaded: 3 });
    expect(await land(json, await detected(json))).toMatchObject({ rows_read: 3, rows_loaded: 0, rows_duplicate: 3 });
    expect(await db.query('select count(*)::integer as n from raw.feeds__incidents')).toEqual([{ n: 3 }]);
  });
});
