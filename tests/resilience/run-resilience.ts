/**
 * `npm run test:resilience`: every suite in tests/resilience at the scale its guarantees are stated at
 * (VETA_RESILIENCE=full: 20 kill trials per command, thousands of parser cases, several publishes under load), then
 * the figures each suite recorded as one table, and a closing line `N passed, N failed`.
 *
 * The figures of a run replace those of the one before: reports/resilience/ is emptied first, so the table shows only
 * what ran now.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURES_DIR } from './figures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS = path.join(ROOT, 'reports', 'resilience-vitest.json');
/** A kill trial at full scale runs two builds; on two busy cores a suite of them takes many minutes. */
const TIMEOUT_MS = String(60 * 60 * 1000);

rmSync(FIGURES_DIR, { recursive: true, force: true });
mkdirSync(FIGURES_DIR, { recursive: true });
rmSync(RESULTS, { force: true });

const started = Date.now();
const vitest = spawnSync(
  path.join(ROOT, 'node_modules', '.bin', 'vitest'),
  ['run', 'tests/resilience', `--testTimeout=${TIMEOUT_MS}`, `--hookTimeout=${TIMEOUT_MS}`, '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS}`],
  { cwd: ROOT, env: { ...process.env, VETA_RESILIENCE: 'full', TZ: 'UTC' }, stdio: 'inherit' },
);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

type Figures = Record<string, number | string>;
const figures: Figures[] = readdirSync(FIGURES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(path.join(FIGURES_DIR, name), 'utf8')) as Figures);

/** The figures every reader looks for, as columns (`·` where a suite has none); the rest follow per suite. */
const COLUMNS = ['suite', 'scale', 'trials', 'cases', 'survived', 'rows_lost', 'rows_duplicated', 'requests', 'failed_requests', 'snapshot_switches', 'seconds'];

function table(rows: Figures[]): string {
  const columns = COLUMNS.filter((c) => rows.some((row) => c in row));
  const cells = rows.map((row) => columns.map((c) => (c in row ? String(row[c]) : '·')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  const others = rows
    .map((row) => [row.suite, Object.entries(row).filter(([key]) => !COLUMNS.includes(key))] as const)
    .filter(([, rest]) => rest.length)
    .map(([suite, rest]) => `  ${suite}: ${rest.map(([key, value]) => `${key} ${value}`).join(', ')}`);
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), '', ...others].join('\n');
}

const results = existsSync(RESULTS)
  ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number })
  : undefined;
const passed = results?.numPassedTests ?? 0;
// A run that ended badly without a failed test to show for it (a suite that did not load) counts as one failure.
const failed = Math.max(results?.numFailedTests ?? 0, vitest.status === 0 ? 0 : 1);

process.stdout.write(`\n── resilience figures (${figures.length} suites, ${minutes} min) ──\n`);
process.stdout.write(figures.length ? `${table(figures)}\n` : 'no suite recorded figures\n');
const skipped = results?.numPendingTests ? `, ${results.numPendingTests} skipped` : '';
process.stdout.write(`${passed} passed, ${failed} failed${skipped}\n`);
process.exitCode = failed === 0 ? 0 : 1;
