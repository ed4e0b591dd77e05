/** A temp home holding the published demo snapshot, made through the same `veta demo` the quick start runs. */
import { main } from '../../cli/main.ts';
import { demoRows } from '../../ingest/demo/write-demo-export.ts';
import { SITE_ASSESSMENT_EXPORT_COLUMNS } from '../../ingest/kobo/site-assessment-form.ts';
import type { VetaHome } from '../../warehouse/home.ts';
import { tempHome } from './temp-home.ts';

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

export async function publishedDemo(): Promise<VetaHome> {
  const home = await tempHome();
  const result = await runCli(['demo', '--home', home.root]);
  if (result.code !== 0) throw new Error(`veta demo failed:\n${result.err.join('\n')}`);
  return home;
}

/** The demo's headline figures computed in plain JS from the generated rows, to check the SQL against. */
export function demoFacts() {
  const rows = demoRows();
  const column = (name: string) => rows.map((r) => r[SITE_ASSESSMENT_EXPORT_COLUMNS.indexOf(name)]);
  return {
    sites: new Set(column('site/site_code')).size,
    producers: new Set(column('site/producer_code')).size,
    countries: new Set(column('site/country')).size,
    latest_assessment_date: column('identification/assessment_date').sort().at(-1),
  };
}
