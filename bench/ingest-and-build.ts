/**
 * `npm run bench`: Veta at 10,000, 100,000 and 1,000,000 submissions of demo data, against a floor and a peer on the
 * same files in the same run, printed as figures beside the issue's targets (none is asserted). Per scale: the
 * demo exports; DuckDB's own read_csv of the Kobo CSV (the floor); papaparse streaming it into DuckDB's appender (a
 * naive peer); `veta ingest` of it; the other exports; `veta build`; `veta export --lake`, read back by DuckDB.
 * Then, at one scale, the API under load. Every step runs in a child process (bench-step.ts), which reports its
 * time, CPU time and peak memory.
 *
 *   npm run bench                                   # all three scales, then the load test at 100,000
 *   npm run bench -- --quick                        # 10,000 only, a short load test: a fast check
 *   npm run bench -- --scales 10000,100000 --skip-load
 *   npm run bench -- --memory-limit 4GB             # DuckDB's cap in every step (VETA_MEMORY_LIMIT), 8GB by default
 *   npm run bench -- --data DIR                     # keep the exports in DIR/<scale>/ and reuse them next time
 *
 * Writes bench/results/<date>.json and .md (a partial run adds -quick or -partial to the name). The per-format
 * figures (each export format landing alone) are `npm run bench:formats`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Database, MEMORY_LIMIT_VARIABLE } from '../warehouse/gateway/duckdb.ts';
import { loadTest } from './load-test.ts';
import { resultsMarkdown, TARGETS, type BenchResults, type ScaleResult } from './results-table.ts';

const DEFAULT_SCALES = [10_000, 100_000, 1_000_000];
const LOAD_SCALE = 100_000;

const { values } = parseArgs({
  options: {
    scales: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'skip-load': { type: 'boolean', default: false },
    port: { type: 'string', default: '4392' },
    // The exports of a million submissions take half an hour to write on a busy machine, and the same seed always
    // writes the same bytes: a kept set is reused, with the figures of the run that wrote it.
    data: { type: 'string' },
    // The machine is shared: without a cap, DuckDB may take 80 % of its memory in one step.
    'memory-limit': { type: 'string', default: process.env[MEMORY_LIMIT_VARIABLE] ?? '8GB' },
  },
});
const memoryLimit = values['memory-limit'];
const scales = values.quick ? [10_000] : (values.scales?.split(',').map(Number) ?? DEFAULT_SCALES);
if (scales.some((scale) => !Number.isInteger(scale) || scale < 1)) throw new Error(`--scales expects whole numbers, e.g. 10000,100000; got "${values.scales}"`);
const loadScale = values['skip-load'] ? null : scales.includes(LOAD_SCALE) ? LOAD_SCALE : Math.max(...scales);
const full = !values.quick && !values['skip-load'] && scales.join() === DEFAULT_SCALES.join();

const root = fileURLToPath(new URL('..', import.meta.url));
const STEP = fileURLToPath(new URL('bench-step.ts', import.meta.url));
const date = new Date().toISOString().slice(0, 10);
const name = `${date}${values.quick ? '-quick' : full ? '' : '-partial'}`;
const resultsDir = path.join(root, 'bench', 'results');
const work = await mkdtemp(path.join(tmpdir(), 'veta-bench-'));

/** Runs one step in a child process and returns what it reported. */
async function step<T>(name: string, input: Record<string, unknown>): Promise<T> {
  const output = path.join(work, `${name}.json`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', STEP, name, JSON.stringify(input), output], {
      stdio: ['ignore', 'inherit', 'pipe'],
      env: { ...process.env, [MEMORY_LIMIT_VARIABLE]: memoryLimit },
    });
    // What it said last is why it failed, if it did.
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      said = (said + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else {
        const why = /^\w*Error: .*$/m.exec(said)?.[0] ?? said.trim().split('\n').at(-1) ?? '';
        reject(new Error(`bench step ${name} exited with ${code ?? signal}${why ? `: ${why}` : ''}`));
      }
    });
  });
  return JSON.parse(await readFile(output, 'utf8')) as T;
}

async function duckdbVersion(): Promise<string> {
  const db = await Database.open(':memory:');
  try {
    return (await db.query<{ v: string }>('select version() as v'))[0].v;
  } finally {
    db.close();
  }
}

function commit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

type Generated = ScaleResult['generate'] & {
  producers: number;
  manifest: { files: Record<string, string | null> };
  bytes: Record<string, number>;
  dir: string;
  reused?: boolean;
};

/** The demo exports of one scale: written now, or kept under --data by an earlier run (then its figures are those). */
async function demoExports(submissions: number, scratch: string): Promise<Generated> {
  const dir = values.data ? path.resolve(values.data, String(submissions)) : path.join(scratch, 'demo');
  const record = path.join(dir, 'generate.json');
  if (values.data) {
    const kept = await readFile(record, 'utf8').then((text) => JSON.parse(text) as Generated, () => null);
    const files = kept && Object.values(kept.manifest.files).filter((f): f is string => f !== null);
    if (kept && files && (await Promise.all(files.map((f) => access(path.join(dir, path.basename(f))).then(() => true, () => false)))).every(Boolean)) {
      // Named by where they are now: the folder may have been moved since.
      for (const [key, file] of Object.entries(kept.manifest.files)) kept.manifest.files[key] = file && path.join(dir, path.basename(file));
      return { ...kept, dir, reused: true };
    }
  }
  const generated = await step<Generated>('generate', { dir, submissions });
  if (values.data) await writeFile(record, JSON.stringify(generated));
  return { ...generated, dir };
}

const say = (line: string) => console.log(line);
const figures = (f: { seconds: number; cpu_seconds: number; max_rss_mb: number }) =>
  `${f.seconds.toFixed(2)} s (CPU ${f.cpu_seconds.toFixed(1)} s), peak ${f.max_rss_mb} MB`;

const results: BenchResults = {
  date,
  commit: commit(),
  machine: {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model.trim() ?? 'unknown',
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    duckdb: await duckdbVersion(),
    load_average: loadavg(),
    duckdb_memory_limit: memoryLimit,
  },
  scales: [],
  load: null,
};

async function saveResults(): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  await writeFile(path.join(resultsDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(resultsDir, `${name}.md`), resultsMarkdown(results));
}

say(`DuckDB memory limit in every step: ${memoryLimit} (${MEMORY_LIMIT_VARIABLE})`);
say(`scales: ${scales.map((s) => s.toLocaleString('en-GB')).join(', ')} submissions; load test: ${loadScale ? `at ${loadScale.toLocaleString('en-GB')}` : 'skipped'}`);
say(`targets: ingest ≤ ${TARGETS.ingestToFloor}× the floor and ≤ ${TARGETS.ingestPeakMb} MB; 1,000,000 built in ≤ ${TARGETS.buildSeconds.seconds} s; ` +
  `API p99 ≤ ${TARGETS.p99Ms} ms and ≥ ${TARGETS.ratioToStatic}× the static file's throughput\n`);
try {
  for (const submissions of scales) {
    const dir = path.join(work, String(submissions));
    const home = path.join(dir, 'home');
    await mkdir(dir, { recursive: true });
    say(`${submissions.toLocaleString('en-GB')} submissions`);
    // Filled step by step and saved as it is: a step that fails (out of memory at a million, say) is a finding too.
    const result: ScaleResult = { submissions };
    results.scales.push(result);
    let current = 'generate';
    try {
      const generated = await demoExports(submissions, dir);
      say(`  demo exports (${generated.producers} producers): ${figures(generated)}${generated.reused ? ', kept from an earlier run' : ''}`);
      Object.assign(result, {
        producers: generated.producers,
        csv_bytes: generated.bytes.kobo_csv,
        export_bytes: generated.bytes,
        generate: {
          seconds: generated.seconds,
          cpu_seconds: generated.cpu_seconds,
          max_rss_mb: generated.max_rss_mb,
          ...(generated.reused ? { kept_from_an_earlier_run: true } : {}),
        },
      });
      const files = generated.manifest.files;
      const csv = files.kobo_csv!;
      current = 'floor';
      const floor = (result.floor = await step<NonNullable<ScaleResult['floor']>>('floor', { csv, db: path.join(dir, 'floor.duckdb') }));
      await rm(path.join(dir, 'floor.duckdb'), { force: true });
      say(`  floor, DuckDB read_csv: ${figures(floor)}; ${floor.rows} rows, ${floor.columns} columns`);
      current = 'peer';
      const peer = (result.peer = await step<NonNullable<ScaleResult['peer']>>('peer', { csv, db: path.join(dir, 'peer.duckdb') }));
      await rm(path.join(dir, 'peer.duckdb'), { force: true });
      say(`  peer, papaparse into the appender: ${figures(peer)}; ${peer.rows} rows`);
      current = 'ingest';
      const ingest = (result.ingest = await step<NonNullable<ScaleResult['ingest']>>('ingest', { csv, home }));
      say(`  veta ingest: ${figures(ingest)}; ${ingest.rows} rows; ${(ingest.seconds / floor.seconds).toFixed(1)}× the floor`);
      const rows = [floor.rows, peer.rows, ingest.rows];
      if (rows.some((r) => r !== submissions)) say(`  NOTE: not every reader saw ${submissions} rows: ${rows.join(', ')}`);
      current = 'land-rest';
      const rest = [files.odk_zip, files.sales_ledger, files.incidents, files.fairmined_register].filter((f): f is string => f !== null);
      const landRest = (result.land_rest = await step<NonNullable<ScaleResult['land_rest']>>('land-rest', { home, files: rest }));
      say(`  the other exports: ${figures(landRest)}; ${landRest.rows_read} rows read`);
      // The demo's exports are not needed past this point, and at a million submissions they take gigabytes.
      if (!values.data) await rm(generated.dir, { recursive: true, force: true });
      current = 'build';
      const build = (result.build = await step<NonNullable<ScaleResult['build']>>('build', { home }));
      say(`  veta build: ${figures(build)}; ${build.models_built} models, ${build.tests_passed} tests passed, ${build.tests_failed} failed`);
      if (build.published) {
        current = 'lake';
        const lake = (result.lake = await step<NonNullable<ScaleResult['lake']>>('lake', { home }));
        say(`  veta export --lake: ${figures(lake)}; ${lake.parquet_files} Parquet files, read back in ${lake.read_all.seconds.toFixed(2)} s`);
      }
      if (submissions === loadScale) {
        current = 'load test';
        if (!build.published) throw new Error('the build did not publish a snapshot, so there is nothing to load-test');
        const seconds = values.quick ? 5 : 20;
        say(`  load test: 50 connections, ${seconds} s per URL`);
        const load = await loadTest({ home, port: Number(values.port), connections: 50, seconds, warmupSeconds: values.quick ? 1 : 3 });
        say(`  served: ${load.server}`);
        for (const e of load.endpoints) {
          say(
            `    ${e.name.padEnd(15)} alone ${e.alone_ms} ms; ${Math.round(e.requests_per_second)} req/s, ${e.answers} answers, ` +
              `p50 ${e.p50_ms} ms, p99 ${e.p99_ms} ms, ${e.errors} errors, ${e.ratio_to_static.toFixed(2)}× static`,
          );
        }
        results.load = { ...load, submissions };
      }
    } catch (error) {
      result.failed = { step: current, error: (error as Error).message };
      say(`  FAILED at ${current}: ${(error as Error).message}`);
    }
    await rm(dir, { recursive: true, force: true });
    await saveResults();
  }
  say(`\n${resultsMarkdown(results)}`);
  say(`written: ${path.relative(process.cwd(), path.join(resultsDir, `${name}.json`))} and .md`);
} finally {
  await rm(work, { recursive: true, force: true });
}
