/**
 * `npm test`: every check, in order, with one closing line `N passed, N failed` that CI reads.
 *
 * Type checks and lint count as one test each; vitest and Playwright report their own counts through their JSON
 * reporters. The browser suite runs when Chromium is installed; without it the run says so, and fails instead when
 * VETA_REQUIRE_BROWSER=1 (as CI sets it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPORTS = path.join(ROOT, 'reports');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const env = { ...process.env, TZ: 'UTC', FORCE_COLOR: process.env.FORCE_COLOR ?? '1' };

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];

function step(title: string): void {
  process.stdout.write(`\n── ${title} ──\n`);
}

function run(command: string, args: string[], cwd = ROOT): boolean {
  const bin = path.join(ROOT, 'node_modules', '.bin', command);
  return spawnSync(bin, args, { cwd, env, stdio: 'inherit' }).status === 0;
}

function check(title: string, ok: boolean): void {
  if (ok) tally.passed += 1;
  else tally.failed += 1;
  lines.push(`${ok ? 'ok  ' : 'FAIL'}  ${title}`);
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

step('type check: tsc (command line, ingest, warehouse, tests)');
check('tsc', run('tsc', ['-p', 'tsconfig.json']));

step('type check: svelte-check (portal)');
check('svelte-check', run('svelte-kit', ['sync'], path.join(ROOT, 'portal')) &&
  run('svelte-check', ['--tsconfig', './tsconfig.json', '--fail-on-warnings'], path.join(ROOT, 'portal')));

step('lint: eslint, zero warnings');
check('eslint', run('eslint', ['--max-warnings=0', '.']));

step('unit and integration tests: vitest');
const vitestOk = run('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/vitest.json`]);
const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
  `${REPORTS}/vitest.json`,
);
if (vitest) {
  tally.passed += vitest.numPassedTests;
  tally.failed += vitest.numFailedTests;
  tally.skipped += vitest.numPendingTests + vitest.numTodoTests;
  lines.push(`${vitestOk ? 'ok  ' : 'FAIL'}  vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
}
if (!vitestOk && (!vitest || vitest.numFailedTests === 0)) check('vitest (did not finish)', false);

step('browser end-to-end tests: Playwright with Chromium');
if (!existsSync(CHROMIUM)) {
  const message = `browser tests skipped: no Chromium at ${CHROMIUM} (install it: apt-get install -y chromium)`;
  if (process.env.VETA_REQUIRE_BROWSER === '1') check(`${message}, but VETA_REQUIRE_BROWSER=1`, false);
  else lines.push(`skip  ${message}`);
  process.stdout.write(`${message}\n`);
} else {
  const ok = run('playwright', ['test', '-c', 'tests/e2e/playwright.config.ts']);
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    `${REPORTS}/playwright.json`,
  );
  if (report) {
    const { expected, unexpected, flaky, skipped } = report.stats;
    tally.passed += expected;
    tally.failed += unexpected + flaky;
    tally.skipped += skipped;
    lines.push(`${ok ? 'ok  ' : 'FAIL'}  playwright: ${expected} passed, ${unexpected + flaky} failed`);
  }
  if (!ok && (!report || report.stats.unexpected + report.stats.flaky === 0)) check('playwright (did not finish)', false);
}

const closing = `${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ''}`;
writeFileSync(path.join(REPORTS, 'summary.txt'), `${closing}\n`);
process.stdout.write(`\n── summary ──\n${lines.join('\n')}\n${closing}\n`);
process.exitCode = tally.failed === 0 ? 0 : 1;
