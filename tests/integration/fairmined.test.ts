/**
 * The Fairmined rules on a hand-made case: a producer certified on 2022-06-01, judged as of 2025-09-01 (three whole
 * years), assessed against Fairmined 2.0, with a ledger of Fairmined sales. The project's catalogue does not know
 * from which year most Fairmined requirements apply (it says so rather than guess), so the test copies it and says
 * that LAB-1 applies from year 3 and LAB-2 from year 4: one is due and unmet, the other not due yet.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/ingest-file.ts';
import { buildSnapshot } from '../../warehouse/builder/build-snapshot.ts';
import { generateForm } from '../../warehouse/forms/generate-form.ts';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import { CATALOGUE_DIR } from '../../warehouse/project-paths.ts';
import { demoExport } from '../helpers/demo-home.ts';

let dir: string;
let home: VetaHome;
afterAll(() => rm(dir, { recursive: true, force: true }));

const quoted = (cells: readonly string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(';');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'veta-fairmined-'));
  home = resolveHome(path.join(dir, 'home'));
  // A catalogue that knows from which year LAB-1 and LAB-2 apply (a test fixture, not a claim about the Standard).
  const catalogue = path.join(dir, 'catalogue');
  await cp(CATALOGUE_DIR, catalogue, { recursive: true });
  const requirements = path.join(catalogue, 'requirements.csv');
  const lines = (await readFile(requirements, 'utf8')).split('\n');
  const header = lines[0].split(',');
  const yearAt = header.indexOf('applies_from_year');
  for (const [id, year] of [['fairmined-2.0.LAB-1', '3'], ['fairmined-2.0.LAB-2', '4']] as const) {
    const index = lines.findIndex((line) => line.startsWith(`${id},`));
    // The year column comes before any quoted text with commas in these rows' tails? Rebuild the row from its cells.
    const cells = lines[index].match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    cells[yearAt] = year;
    lines[index] = cells.slice(0, header.length).join(',');
  }
  await writeFile(requirements, lines.join('\n'));

  // One Fairmined 2.0 assessment of the producer's site, made from a demo row: the CRAFT questions swapped for
  // Fairmined's, every requirement conformant but LAB-1.
  const demo = await demoExport(1, dir);
  const form = await generateForm('fairmined-2.0', catalogue);
  const groups: string[] = [];
  const fairminedColumns: string[] = [];
  for (const row of form.survey) {
    if (row.type === 'begin_group') groups.push(row.name);
    if (row.type === 'end_group') groups.pop();
    if (/^r_[A-Z0-9_]+$/.test(row.name)) fairminedColumns.push([...groups, row.name].join('/'));
  }
  const keep = demo.header.map((h, i) => [h, i] as const).filter(([h]) => !/\/r_[A-Z0-9_]+(_evidence)?$/.test(h));
  const first = demo.rows[0];
  const cell = (column: string, value: string) => (column === 'framework_version' ? 'fairmined-2.0' : value);
  const row = [
    ...keep.map(([h, i]) =>
      ({ 'site/producer_code': 'CO-FM1', 'site/site_code': 'CO-FM1-S1', 'identification/assessment_date': '2025-08-01', _submission_time: '2025-09-01T10:00:00' })[h] ??
      cell(h, first[i]),
    ),
    ...fairminedColumns.map((c) => (c.endsWith('/r_LAB_1') ? 'non_conformant' : 'conformant')),
  ];
  const assessment = path.join(dir, 'fairmined_assessment.csv');
  await writeFile(assessment, [quoted([...keep.map(([h]) => h), ...fairminedColumns]), quoted(row)].join('\n'));
  const register = path.join(dir, 'fairmined_register.csv');
  await writeFile(register, 'producer_code,organisation_name,country_code,certified_on,is_ecological_gold,status\nCO-FM1,Cooperativa Fairmined,CO,2022-06-01,true,certified\n');
  const ledger = path.join(dir, 'ledger.csv');
  await writeFile(
    ledger,
    'sale_id,producer_code,sale_date,period,gold_grams,fineness,fine_gold_grams,buyer,fairmined_model,is_ecological_gold,premium_usd\n' +
      'F-1,CO-FM1,2025-03-10,2025-03,1000,0.9,900,Refinery A,labelled,true,5400\n' +
      'F-2,CO-FM1,2025-07-10,2025-07,500,0.8,400,Refinery B,incorporated,true,2000\n' +
      'F-3,CO-FM1,2024-03-10,2024-03,800,0.9,720,Refinery A,labelled,true,4320\n',
  );
  const landing = await openLanding(home.warehouse);
  try {
    for (const file of [assessment, register, ledger]) await ingestFile(landing, file, { archiveDir: home.archive });
  } finally {
    landing.close();
  }
  const report = await buildSnapshot({ home, catalogueDir: catalogue });
  if (!report.published) {
    const failures = [...report.models.filter((m) => m.status === 'failed'), ...report.tests.filter((t) => !t.passed)];
    throw new Error(`the build failed: ${JSON.stringify(failures.slice(0, 3))}`);
  }
}, 120_000);

async function query<T>(sql: string): Promise<T[]> {
  const db = await Database.open(home.published, { readOnly: true });
  try {
    return await db.query<T>(sql);
  } finally {
    db.close();
  }
}

describe('Fairmined requirements due by years since certification', () => {
  it('calls due what applies from year 3 after three whole years, not what applies from year 4, never what has no year', async () => {
    const rows = await query<{ requirement_id: string; applies_from_year: number | null; due_from_date: string | null; is_due: boolean; is_unmet: boolean }>(
      `select requirement_id, applies_from_year, due_from_date, is_due, is_unmet from marts.fct_fairmined_requirement_dues
       where requirement_id in ('fairmined-2.0.ORG-1', 'fairmined-2.0.LAB-1', 'fairmined-2.0.LAB-2', 'fairmined-2.0.ENV-1') order by 1`,
    );
    expect(rows).toEqual([
      { requirement_id: 'fairmined-2.0.ENV-1', applies_from_year: null, due_from_date: null, is_due: false, is_unmet: false },
      { requirement_id: 'fairmined-2.0.LAB-1', applies_from_year: 3, due_from_date: '2025-06-01', is_due: true, is_unmet: true },
      { requirement_id: 'fairmined-2.0.LAB-2', applies_from_year: 4, due_from_date: '2026-06-01', is_due: false, is_unmet: false },
      { requirement_id: 'fairmined-2.0.ORG-1', applies_from_year: 0, due_from_date: '2022-06-01', is_due: true, is_unmet: false },
    ]);
  });
});

describe('a Fairmined producer', () => {
  it('is year-0 ready, has one due requirement unmet, and its premium reconciles for the last 12 months', async () => {
    const [producer] = await query(
      `select years_certified::integer as years, is_year0_ready, requirements_due_unmet, fine_gold_grams_12_months,
              labelled_grams_12_months, incorporated_grams_12_months, premium_reported_usd_12_months::double as reported,
              premium_expected_usd_12_months::double as expected, as_of_date
       from marts.fct_fairmined_producers where producer_id = 'CO-FM1'`,
    );
    // As of 2025-09-01 the last 12 months hold F-1 and F-2 (F-3 is older). Ecological gold: USD 6,000 per kg of fine gold.
    expect(producer).toEqual({
      years: 3,
      is_year0_ready: true,
      requirements_due_unmet: 1,
      fine_gold_grams_12_months: 1300,
      labelled_grams_12_months: 900,
      incorporated_grams_12_months: 400,
      reported: 7400,
      expected: 7800,
      as_of_date: '2025-09-01',
    });
  });
});
