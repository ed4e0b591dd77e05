/** A temp home holding the published demo snapshot, made through the same `veta demo` the quick start runs. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../cli/main.ts';
import { writeDemoData, type DemoDataManifest } from '../../ingest/demo/write-demo-data.ts';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';
import { parseCsv } from './parse-csv.ts';
import { tempDir, tempHome } from './temp-home.ts';

export interface Captured {
  out: string[];
  err: string[];
}

/** Runs the CLI in-process and keeps what it printed. */
export async function runCli(argv: string[]): Promise<Captured & { code: number }> {
  const captured: Captured = { out: [], err: [] };
  const code = await main(argv, { out: (l) => captured.out.push(l), err: (l) => captured.err.push(l) });
  return { code, ...captured };
}

/** A small demo, so the suite stays quick; the figures are checked against the same files. */
export const TEST_PRODUCERS = 12;

export async function publishedDemo(): Promise<VetaHome> {
  const home = await tempHome();
  const result = await runCli(['demo', '--home', home.root, '--producers', String(TEST_PRODUCERS)]);
  if (result.code !== 0) throw new Error(`veta demo failed:\n${result.err.join('\n')}`);
  return home;
}

/**
 * A published demo for a whole test file (beforeAll): unlike publishedDemo, its home outlives each test, and the
 * returned `remove` deletes it (afterAll).
 */
export async function publishedDemoForSuite(): Promise<{ home: VetaHome; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'veta-suite-'));
  const home = resolveHome(root);
  const result = await runCli(['demo', '--home', root, '--producers', String(TEST_PRODUCERS)]);
  if (result.code !== 0) throw new Error(`veta demo failed:\n${result.err.join('\n')}`);
  return { home, remove: () => rm(root, { recursive: true, force: true }) };
}

export interface DemoExport {
  manifest: DemoDataManifest;
  file: string;
  header: string[];
  rows: string[][];
  /** A cell of a row by its header. */
  cell: (row: string[], column: string) => string;
}

/** The demo's `;` KoboToolbox export, written to a temp folder and parsed in plain JS, to check SQL against. */
export async function demoExport(producers = TEST_PRODUCERS, dir?: string): Promise<DemoExport> {
  const manifest = await writeDemoData(dir ?? (await tempDir()), { producers, xlsx: false });
  const [header, ...rows] = parseCsv(await readFile(manifest.files.kobo_csv, 'utf8'), ';');
  return { manifest, file: manifest.files.kobo_csv, header, rows, cell: (row, column) => row[header.indexOf(column)] };
}

/** The demo's headline figures computed in plain JS from its export. */
export async function demoFacts(producers = TEST_PRODUCERS) {
  const { rows, cell } = await demoExport(producers);
  return {
    sites: new Set(rows.map((r) => cell(r, 'site/site_code'))).size,
    producers: new Set(rows.map((r) => cell(r, 'site/producer_code'))).size,
    countries: new Set(rows.map((r) => cell(r, 'site/country'))).size,
    latest_assessment_date: rows.map((r) => cell(r, 'identification/assessment_date')).sort().at(-1),
  };
}
