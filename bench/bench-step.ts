/**
 * One step of `npm run bench`, run in a process of its own so that the peak resident memory it reports is that step's
 * alone (tsx and the modules it loads included, some 100 MB that every step pays). The step is timed from inside, so
 * starting Node is not counted; the figures go to a JSON file the parent reads.
 *
 *   tsx bench/bench-step.ts <step> '<input as JSON>' <output.json>
 *
 * Steps: generate (the demo exports), floor (DuckDB's own read_csv into a table), peer (papaparse streaming the
 * same file into DuckDB's appender), ingest (`veta ingest` on that file), land-rest (the other exports, so that a
 * build has everything), build (`veta build`), lake (`veta export --lake`, read back by DuckDB).
 */
import { createReadStream } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { main } from '../cli/main.ts';
import { writeDemoData } from '../ingest/demo/write-demo-data.ts';
import { Database, quoteIdentifier, quoteLiteral } from '../warehouse/gateway/duckdb.ts';
import { resolveHome } from '../warehouse/home.ts';
import { producersForSubmissions } from './producers-for-submissions.ts';

type Input = Record<string, string | number | string[]>;
type Figures = Record<string, unknown>;

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
/** CPU time of the whole process, DuckDB's threads included: on a shared machine, steadier than the clock. */
const cpuSeconds = () => {
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  return (userCPUTime + systemCPUTime) / 1e6;
};

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; cpu_seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const cpu = cpuSeconds();
  const value = await work();
  return { seconds: seconds(started), cpu_seconds: cpuSeconds() - cpu, value };
}

/** The demo exports of one scale: the `;` CSV Kobo writes, the ODK Central zip (for its improvement actions), the feeds. */
async function generate(input: Input): Promise<Figures> {
  const submissions = Number(input.submissions);
  // No XLSX: a sheet stops at 1,048,576 rows, and the per-format benchmark measures it at a size Excel can hold.
  const { value, ...time } = await timed(async () => {
    const producers = producersForSubmissions({}, submissions);
    return { producers, manifest: await writeDemoData(String(input.dir), { producers, maxSubmissions: submissions, xlsx: false }) };
  });
  const { producers, manifest } = value;
  const bytes = Object.fromEntries(
    await Promise.all(
      Object.entries(manifest.files)
        .filter((entry): entry is [string, string] => entry[1] !== null)
        .map(async ([name, file]) => [name, (await stat(file)).size] as const),
    ),
  );
  return { ...time, producers, manifest, bytes };
}

/** The floor: DuckDB reading the file into a table, sniffing and typing as it likes, with nothing else done. */
async function floor(input: Input): Promise<Figures> {
  const db = await Database.open(String(input.db));
  try {
    const time = await timed(() => db.run(`create table floor as select * from read_csv(${quoteLiteral(String(input.csv))})`));
    const [{ rows, columns }] = await db.query<{ rows: number; columns: number }>(
      `select (select count(*) from floor)::integer as rows, (select count(*) from (describe floor))::integer as columns`,
    );
    return { seconds: time.seconds, cpu_seconds: time.cpu_seconds, rows, columns };
  } finally {
    db.close();
  }
}

/**
 * The naive peer: what one writes without DuckDB's reader, papaparse streaming the file (delimiter guessed, every
 * cell as text) into DuckDB's appender, row by row.
 */
async function peer(input: Input): Promise<Figures> {
  const db = await Database.open(String(input.db));
  try {
    const { value: rows, ...time } = await timed(async () => {
      const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: true });
      createReadStream(String(input.csv)).pipe(parser);
      let appender: Awaited<ReturnType<Database['textAppender']>> | null = null;
      let count = 0;
      for await (const row of parser as AsyncIterable<string[]>) {
        if (!appender) {
          await db.run(`create table peer (${row.map((name) => `${quoteIdentifier(name)} varchar`).join(', ')})`);
          appender = await db.textAppender('peer');
          continue;
        }
        appender.appendRow(row);
        count += 1;
      }
      appender?.close();
      return count;
    });
    return { ...time, rows };
  } finally {
    db.close();
  }
}

/** Runs the `veta` command line in this process, keeping what it prints and when it printed each line to stderr. */
async function veta(argv: string[]): Promise<{ code: number; out: string[]; err: { at: number; line: string }[] }> {
  const out: string[] = [];
  const err: { at: number; line: string }[] = [];
  const started = process.hrtime.bigint();
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push({ at: seconds(started), line }) });
  if (code !== 0) throw new Error(`veta ${argv[0]} exited with ${code}: ${err.map((e) => e.line).join('\n')}`);
  return { code, out, err };
}

interface IngestJson {
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_duplicate: number;
}

/** `veta ingest` on the same file into a fresh home: hashing, archiving, landing with lineage, the ledger. */
async function ingest(input: Input): Promise<Figures> {
  const { value: run, ...time } = await timed(() => veta(['ingest', '--home', String(input.home), '--json', String(input.csv)]));
  const [summary] = run.out.map((line) => JSON.parse(line) as IngestJson);
  return { ...time, rows: summary.rows_loaded, rows_read: summary.rows_read, rows_rejected: summary.rows_rejected };
}

/** The other exports of the scale into the same home, so that `veta build` has what the demo has. */
async function landRest(input: Input): Promise<Figures> {
  const files = input.files as string[];
  const { value: run, ...time } = await timed(() => veta(['ingest', '--home', String(input.home), '--json', ...files]));
  const summaries = run.out.map((line) => JSON.parse(line) as IngestJson);
  return { ...time, rows_read: summaries.reduce((n, s) => n + s.rows_read, 0), rows_loaded: summaries.reduce((n, s) => n + s.rows_loaded, 0) };
}

/**
 * `veta build`: every model and data test into a snapshot, publishing it, then the public extract it writes for the
 * open-data page. Where the time goes is read from when the build printed each line: copying the landing warehouse and
 * loading the catalogue, each model (its `ok` line), the data tests (until the verdict), the extract (after it).
 */
async function build(input: Input): Promise<Figures> {
  const { value: run, ...time } = await timed(() => veta(['build', '--home', String(input.home), '--json']));
  const report = JSON.parse(run.out[0]) as { models_built: number; tests_passed: number; tests_failed: number; published: boolean };
  const at = (pattern: RegExp) => run.err.find((e) => pattern.test(e.line))?.at ?? NaN;
  const models = run.err.filter((e) => e.line.startsWith('  ok '));
  const verdict = at(/published snapshot|NOT published/);
  const modelSeconds = models.map((e) => {
    const before = run.err[run.err.indexOf(e) - 1];
    return { model: /ok\s+(\S+)/.exec(e.line)?.[1] ?? e.line, seconds: e.at - before.at };
  });
  const home = resolveHome(String(input.home));
  return {
    ...time,
    ...report,
    snapshot_bytes: (await stat(home.published)).size,
    landing_bytes: (await stat(home.warehouse)).size,
    phases: {
      landing_and_catalogue: at(/^catalogue:/),
      models: (models.at(-1)?.at ?? NaN) - at(/^models:/),
      tests: verdict - (models.at(-1)?.at ?? NaN),
      extract: time.seconds - verdict,
    },
    slowest_models: modelSeconds.sort((a, b) => b.seconds - a.seconds).slice(0, 5),
  };
}

/**
 * `veta export --lake` of the published snapshot, and DuckDB reading it back as a Hive-partitioned lake: every row, and
 * the rows of one country and year, which DuckDB finds by the folder names without opening the other files.
 */
async function lake(input: Input): Promise<Figures> {
  const { value: run, ...time } = await timed(() => veta(['export', '--home', String(input.home), '--lake', '--json']));
  const report = JSON.parse(run.out[0]) as { out: string; tables: { table: string; path: string; rows: number; partitions: number }[] };
  const files = (await readdir(report.out, { recursive: true })).filter((f) => f.endsWith('.parquet'));
  const bytes = (await Promise.all(files.map(async (f) => (await stat(path.join(report.out, f))).size))).reduce((a, b) => a + b, 0);
  const db = await Database.open(':memory:');
  try {
    const [table] = report.tables;
    const from = `read_parquet(${quoteLiteral(`${path.join(report.out, table.path)}/**/*.parquet`)}, hive_partitioning = true)`;
    const all = await timed(() => db.query<{ n: number }>(`select count(*)::integer as n from ${from}`));
    const [one] = await db.query<{ country_code: string; year: number }>(`select country_code, year::integer as year from ${from} order by year desc, country_code limit 1`);
    const part = await timed(() =>
      db.query<{ n: number }>(`select count(*)::integer as n from ${from} where country_code = $country and year = $year`, { country: one.country_code, year: one.year }),
    );
    return {
      ...time,
      tables: report.tables,
      parquet_files: files.length,
      parquet_bytes: bytes,
      read_all: { rows: all.value[0].n, seconds: all.seconds },
      read_one_partition: { ...one, rows: part.value[0].n, seconds: part.seconds },
    };
  } finally {
    db.close();
  }
}

const STEPS: Record<string, (input: Input) => Promise<Figures>> = { generate, floor, peer, ingest, 'land-rest': landRest, build, lake };

const [step, json, output] = process.argv.slice(2);
const run = STEPS[step];
if (!run || !json || !output) throw new Error(`usage: bench-step.ts <${Object.keys(STEPS).join('|')}> '<input JSON>' <output.json>`);
const figures = await run(JSON.parse(json) as Input);
// maxRSS is in kilobytes.
await writeFile(output, JSON.stringify({ ...figures, max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
