/**
 * The CRAFT status rules, scenario by scenario: a KoboToolbox workbook of Veta's form with one site per case (the
 * demo's first submission as the template, every requirement conformant unless the case says otherwise), landed
 * and built through the CLI like any export; then each site's status now and at each assessment, and the evidence
 * behind it down to the question and the workbook row. The rules are in warehouse/catalogue/README.md.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';
import { runCli } from '../helpers/demo-home.ts';

interface Visit {
  site: string;
  date: string;
  version?: 'craft-2.0' | 'craft-2.1';
  statuses?: Record<string, string>;
  formalisation?: string;
  /** Improvement actions the assessment lists: requirement key, status, due date. */
  actions?: [string, string, string][];
}

const VISITS: Visit[] = [
  { site: 'A-DISENGAGE', date: '2025-08-01', statuses: { M3_3: 'risk_identified' } },
  { site: 'B-MITIGATE', date: '2025-07-01', statuses: { M4_2: 'risk_identified' }, actions: [['M4_2', 'in_progress', '2025-12-31']] },
  { site: 'C-PLAN-LAPSED', date: '2024-12-01', statuses: { M4_2: 'risk_identified' }, actions: [['M4_2', 'in_progress', '2025-05-31']] },
  { site: 'C-PLAN-LAPSED', date: '2025-09-01', statuses: { M4_2: 'risk_identified' }, actions: [['M4_2', 'in_progress', '2025-05-31']] },
  { site: 'D-NO-PLAN', date: '2025-08-15', statuses: { M4_1: 'risk_identified' } },
  { site: 'E-ON-ROUTE', date: '2025-08-01', statuses: { M1_2: 'non_conformant' }, formalisation: 'in_process' },
  { site: 'F-NO-ROUTE', date: '2025-08-01', statuses: { M1_2: 'non_conformant' }, formalisation: 'formalised' },
  { site: 'G-CLEAN', date: '2025-08-20' },
  { site: 'H-STALE', date: '2024-06-01' },
  { site: 'I-TWO-VERSIONS', date: '2023-05-01', version: 'craft-2.0', statuses: { M3_1: 'risk_identified' } },
  { site: 'I-TWO-VERSIONS', date: '2025-06-01' },
  { site: 'K-IMPROVED', date: '2024-10-01', statuses: { M4_3: 'risk_identified' }, actions: [['M4_3', 'in_progress', '2025-03-31']] },
  { site: 'K-IMPROVED', date: '2025-05-01', statuses: { M5_2: 'non_conformant' }, actions: [['M4_3', 'completed', '2025-03-31']] },
];

/** Requirements CRAFT 2.0 does not have: a 2.0 assessment leaves them unanswered. */
const ONLY_IN_2_1 = ['M1_5', 'M1_6', 'M4_5'];

const uuidOf = (index: number) => `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;

/** Writes the scenario workbook from the demo's, keeping its columns; returns its path. */
async function scenarioWorkbook(dir: string): Promise<string> {
  const demo = await writeDemoData(path.join(dir, 'demo'), { producers: 1, maxSubmissions: 3 });
  const template = new ExcelJS.Workbook();
  await template.xlsx.readFile(demo.files.kobo_xlsx!);
  const [main, repeat] = template.worksheets;
  const header = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const mainHeader = header(main);
  const actionHeader = header(repeat);
  const first = (main.getRow(2).values as ExcelJS.CellValue[]).slice(1);

  const workbook = new ExcelJS.Workbook();
  const out = workbook.addWorksheet(main.name);
  const actions = workbook.addWorksheet('improvement_actions');
  out.addRow(mainHeader);
  actions.addRow(actionHeader);
  VISITS.forEach((visit, index) => {
    const uuid = uuidOf(index);
    const cells = new Map<string, ExcelJS.CellValue>(mainHeader.map((column, i) => [column, first[i] ?? null]));
    for (const column of mainHeader) {
      const key = /\/r_([A-Z0-9_]+)$/.exec(column)?.[1];
      if (key) cells.set(column, visit.version === 'craft-2.0' && ONLY_IN_2_1.includes(key) ? null : (visit.statuses?.[key] ?? 'conformant'));
      if (/\/r_[A-Z0-9_]+_evidence$/.test(column)) cells.set(column, null);
    }
    for (const [key, status] of Object.entries(visit.statuses ?? {})) {
      const evidence = mainHeader.find((c) => c.endsWith(`/r_${key}_evidence`))!;
      cells.set(evidence, `Scenario ${visit.site}: ${status}`);
    }
    const set = (column: string, value: string) => {
      if (!cells.has(column)) throw new Error(`the template has no column ${column}`);
      cells.set(column, value);
    };
    set('_uuid', uuid);
    set('meta/instanceID', `uuid:${uuid}`);
    set('_submission_time', `${visit.date}T12:00:00`);
    set('_index', String(index + 1));
    set('framework_version', visit.version ?? 'craft-2.1');
    set('site/site_code', visit.site);
    set('site/producer_code', `P-${visit.site}`);
    set('identification/assessment_date', visit.date);
    set('organisation/formalisation_stage', visit.formalisation ?? 'formalised');
    out.addRow(mainHeader.map((column) => cells.get(column) ?? null));
    visit.actions?.forEach(([key, status, due], n) => {
      const action: Record<string, string> = {
        action_requirement: `r_${key}`,
        action_target_status: 'conformant',
        action_description: 'Plan agreed with the cooperative',
        action_responsible: 'Comité',
        action_due_date: due,
        action_status: status,
        _index: String(n + 1),
        _parent_table_name: main.name,
        _parent_index: String(index + 1),
        _submission__uuid: uuid,
        _submission__id: String(index + 1),
      };
      actions.addRow(actionHeader.map((column) => action[column] ?? null));
    });
  });
  const file = path.join(dir, 'craft_scenarios.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

let home: VetaHome;
let workbook: string;

async function query<T>(sql: string): Promise<T[]> {
  const db = await Database.open(home.published, { readOnly: true });
  try {
    return await db.query<T>(sql);
  } finally {
    db.close();
  }
}

// One build for the whole file, so its folder outlives each test (tempDir's are removed after every test).
let dir: string;
afterAll(() => rm(dir, { recursive: true, force: true }));

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'veta-craft-'));
  workbook = await scenarioWorkbook(dir);
  home = resolveHome(path.join(dir, 'home'));
  for (const argv of [['ingest', '--home', home.root, workbook], ['build', '--home', home.root, '--json']]) {
    const result = await runCli(argv);
    if (result.code !== 0) throw new Error(`veta ${argv[0]} failed:\n${result.err.join('\n')}`);
  }
}, 120_000);

describe('the CRAFT status of a site, now', () => {
  it('follows the rules for each scenario, as of the day of the latest submission', async () => {
    const rows = await query<{ site_id: string; framework_version_id: string; craft_status: string; status_rule: number; is_stale: boolean; as_of_date: string }>(
      'select site_id, framework_version_id, craft_status, status_rule, is_stale, as_of_date from marts.fct_craft_site_status order by all',
    );
    expect(new Set(rows.map((r) => r.as_of_date))).toEqual(new Set(['2025-09-01']));
    expect(rows.map(({ site_id, framework_version_id, craft_status, status_rule, is_stale }) => [site_id, framework_version_id, craft_status, status_rule, is_stale])).toEqual([
      ['A-DISENGAGE', 'craft-2.1', 'disengage', 1, false],
      ['B-MITIGATE', 'craft-2.1', 'mitigate', 3, false],
      ['C-PLAN-LAPSED', 'craft-2.1', 'suspend', 2, false],
      ['D-NO-PLAN', 'craft-2.1', 'suspend', 2, false],
      ['E-ON-ROUTE', 'craft-2.1', 'engage', 5, false],
      ['F-NO-ROUTE', 'craft-2.1', 'not_eligible', 4, false],
      ['G-CLEAN', 'craft-2.1', 'engage', 5, false],
      ['H-STALE', 'craft-2.1', 'engage', 5, true],
      // Each CRAFT version keeps its own status.
      ['I-TWO-VERSIONS', 'craft-2.0', 'disengage', 1, true],
      ['I-TWO-VERSIONS', 'craft-2.1', 'engage', 5, false],
      ['K-IMPROVED', 'craft-2.1', 'engage', 5, false],
    ]);
  });

  it('reports module 5 and the open and overdue actions beside the status, without changing it', async () => {
    const rows = await query<{ site_id: string; module5_score: number; open_actions: number; overdue_actions: number }>(
      `select site_id, module5_score, open_actions, overdue_actions from marts.fct_craft_site_status
       where site_id in ('B-MITIGATE', 'C-PLAN-LAPSED', 'K-IMPROVED') order by site_id`,
    );
    expect(rows).toEqual([
      { site_id: 'B-MITIGATE', module5_score: 1, open_actions: 1, overdue_actions: 0 },
      { site_id: 'C-PLAN-LAPSED', module5_score: 1, open_actions: 1, overdue_actions: 1 },
      // One of six module 5 requirements non-conformant: 5/6, and the site is still engaged.
      { site_id: 'K-IMPROVED', module5_score: 0.8333, open_actions: 0, overdue_actions: 0 },
    ]);
  });
});

describe('the trajectory of a site', () => {
  it('gives every assessment its status as of its own day, with the one before', async () => {
    const rows = await query<{ site_id: string; assessment_date: string; craft_status: string; previous_craft_status: string | null }>(
      `select site_id, assessment_date, craft_status, previous_craft_status from marts.fct_craft_status_history
       where site_id in ('C-PLAN-LAPSED', 'K-IMPROVED') order by site_id, assessment_date`,
    );
    expect(rows).toEqual([
      // The plan was inside its six months at the first visit, and had lapsed with the risk still there at the second.
      { site_id: 'C-PLAN-LAPSED', assessment_date: '2024-12-01', craft_status: 'mitigate', previous_craft_status: null },
      { site_id: 'C-PLAN-LAPSED', assessment_date: '2025-09-01', craft_status: 'suspend', previous_craft_status: 'mitigate' },
      { site_id: 'K-IMPROVED', assessment_date: '2024-10-01', craft_status: 'mitigate', previous_craft_status: null },
      { site_id: 'K-IMPROVED', assessment_date: '2025-05-01', craft_status: 'engage', previous_craft_status: 'mitigate' },
    ]);
  });
});

describe('the evidence behind a status', () => {
  it('names the requirement, the question, the submission and the workbook row it came from', async () => {
    const hash = createHash('sha256').update(await readFile(workbook)).digest('hex');
    const rows = await query(
      `select site_id, craft_status, requirement_id, status_code, question_name, assessment_id, source_file_hash, source_row,
              plan_started_on, plan_review_due
       from marts.fct_craft_status_evidence where judged_as = 'current' order by all`,
    );
    const at = (site: string) => VISITS.findLastIndex((v) => v.site === site);
    const evidence = (site: string, status: string, key: string, code: string, plan: [string, string] | [null, null] = [null, null]) => ({
      site_id: site,
      craft_status: status,
      requirement_id: `${VISITS[at(site)].version ?? 'craft-2.1'}.${key}`,
      status_code: code,
      question_name: `r_${key.replace('-', '_')}`,
      assessment_id: uuidOf(at(site)),
      source_file_hash: hash,
      // The header is row 1 of the sheet; visit n is row n + 2.
      source_row: at(site) + 2,
      plan_started_on: plan[0],
      plan_review_due: plan[1],
    });
    expect(rows).toEqual([
      evidence('A-DISENGAGE', 'disengage', 'M3-3', 'risk_identified'),
      evidence('B-MITIGATE', 'mitigate', 'M4-2', 'risk_identified', ['2025-07-01', '2026-01-01']),
      evidence('C-PLAN-LAPSED', 'suspend', 'M4-2', 'risk_identified', ['2024-12-01', '2025-06-01']),
      evidence('D-NO-PLAN', 'suspend', 'M4-1', 'risk_identified'),
      evidence('F-NO-ROUTE', 'not_eligible', 'M1-2', 'non_conformant'),
      { ...evidence('I-TWO-VERSIONS', 'disengage', 'M3-1', 'risk_identified'), requirement_id: 'craft-2.0.M3-1', assessment_id: uuidOf(9), source_row: 11 },
    ]);
  });

  it('has no rows for an engaged site', async () => {
    const [{ n }] = await query<{ n: number }>(
      `select count(*)::integer as n from marts.fct_craft_status_evidence where site_id in ('E-ON-ROUTE', 'G-CLEAN', 'H-STALE', 'K-IMPROVED') and judged_as = 'current'`,
    );
    expect(n).toBe(0);
  });
});

describe('improvement plans', () => {
  it('follows a plan from its first recording until a visit closes it: on time, late or overdue', async () => {
    const rows = await query(
      `select site_id, requirement_id, plan_started_on, due_date, closed_on, outcome, is_overdue, is_closed_on_time,
              days_to_close::integer as days_to_close, recordings
       from marts.fct_improvement_plans where site_id in ('B-MITIGATE', 'C-PLAN-LAPSED', 'K-IMPROVED') order by site_id`,
    );
    expect(rows).toEqual([
      { site_id: 'B-MITIGATE', requirement_id: 'craft-2.1.M4-2', plan_started_on: '2025-07-01', due_date: '2025-12-31', closed_on: null, outcome: 'open', is_overdue: false, is_closed_on_time: null, days_to_close: null, recordings: 1 },
      // Listed again at the second visit, still open, four months past its due date.
      { site_id: 'C-PLAN-LAPSED', requirement_id: 'craft-2.1.M4-2', plan_started_on: '2024-12-01', due_date: '2025-05-31', closed_on: null, outcome: 'open', is_overdue: true, is_closed_on_time: null, days_to_close: null, recordings: 2 },
      // Recorded completed at the visit of 2025-05-01, after its due date of 2025-03-31: late, 212 days after it began.
      { site_id: 'K-IMPROVED', requirement_id: 'craft-2.1.M4-3', plan_started_on: '2024-10-01', due_date: '2025-03-31', closed_on: '2025-05-01', outcome: 'completed', is_overdue: false, is_closed_on_time: false, days_to_close: 212, recordings: 2 },
    ]);
  });
});

