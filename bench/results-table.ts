/**
 * What `npm run bench` records (the JSON in bench/results/) and the markdown tables made from it, with each target
 * printed beside the figure it is read against. The targets are the issue's; nothing asserts them: a missed one is a
 * finding to report, not a failure.
 */
import type { LoadReport } from './load-test.ts';

/** Wall-clock seconds of a step, its CPU seconds (DuckDB's threads included) and its process's peak resident memory. */
export interface StepFigures {
  seconds: number;
  cpu_seconds: number;
  max_rss_mb: number;
}

/** One scale, filled step by step: a step that failed leaves the later ones out and says why in `failed`. */
export interface ScaleResult {
  submissions: number;
  producers?: number;
  /** The file every ingest figure is measured on: the `;` CSV KoboToolbox writes. */
  csv_bytes?: number;
  /** Bytes of every export written for this scale, by name. */
  export_bytes?: Record<string, number>;
  generate?: StepFigures & { kept_from_an_earlier_run?: boolean };
  floor?: StepFigures & { rows: number; columns: number };
  peer?: StepFigures & { rows: number };
  ingest?: StepFigures & { rows: number; rows_read: number; rows_rejected: number };
  /** The other exports (the ODK Central zip for its improvement actions, the ledgers, the register). */
  land_rest?: StepFigures & { rows_read: number; rows_loaded: number };
  build?: StepFigures & {
    models_built: number;
    tests_passed: number;
    tests_failed: number;
    published: boolean;
    /** The published snapshot file and the landing warehouse it was built from. */
    snapshot_bytes: number;
    landing_bytes: number;
    phases: Record<string, number>;
    slowest_models: { model: string; seconds: number }[];
  };
  lake?: StepFigures & {
    tables: { table: string; rows: number; partitions: number }[];
    parquet_files: number;
    parquet_bytes: number;
    read_all: { rows: number; seconds: number };
    read_one_partition: { country_code: string; year: number; rows: number; seconds: number };
  };
  failed?: { step: string; error: string };
}

export interface BenchResults {
  date: string;
  commit: string | null;
  machine: { cpus: number; cpu_model: string; memory_gb: number; node: string; duckdb: string; load_average: number[]; duckdb_memory_limit: string };
  scales: ScaleResult[];
  load: (LoadReport & { submissions: number }) | null;
}

export const TARGETS = {
  ingestToFloor: 1.5,
  buildSeconds: { submissions: 1_000_000, seconds: 60 },
  p99Ms: 25,
  ratioToStatic: 0.5,
  ingestPeakMb: 1024,
} as const;

const n = (value: number, digits = 0) => value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const s = (value: number) => (value < 10 ? n(value, 2) : n(value, 1));
const mark = (met: boolean) => (met ? 'met' : '**missed**');

export function resultsMarkdown(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `# Veta benchmark, ${results.date}`,
    '',
    `${machine.cpus} cores (${machine.cpu_model}), ${machine.memory_gb} GB, Node ${machine.node}, DuckDB ${machine.duckdb}` +
      `${results.commit ? `, commit ${results.commit}` : ''}; load average at the start ${machine.load_average.map((l) => l.toFixed(1)).join(' / ')} ` +
      '(the machine is shared with other work: CPU seconds are steadier than the clock). Every step runs in ' +
      `a process of its own, DuckDB capped at ${machine.duckdb_memory_limit} (\`VETA_MEMORY_LIMIT\`; past it, it spills to disk); ` +
      "peak memory is that process's resident set, Node and its modules included. One run per figure.",
    '',
    '## Ingest: the KoboToolbox `;` CSV of the site assessments',
    '',
    `Floor: DuckDB's own \`CREATE TABLE … AS SELECT * FROM read_csv(file)\`. Peer: papaparse streaming the same file into ` +
      "DuckDB's appender, every cell as text. Veta: `veta ingest` of the same file into a fresh home (hash, archive, every " +
      'cell as text with its lineage, rejects, duplicates and versions, the ledger).',
    '',
    'Seconds are wall-clock, CPU seconds (DuckDB\'s threads included) in parentheses; the ratios are of wall-clock time, ' +
      'and of CPU time in parentheses.',
    '',
    `| submissions | CSV | floor | peer | veta ingest | Veta / floor (target ≤ ${TARGETS.ingestToFloor}) | peer / Veta | ingest peak memory (target ≤ ${n(TARGETS.ingestPeakMb)} MB) |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const both = (f: StepFigures | undefined) => (f ? `${s(f.seconds)} s (${s(f.cpu_seconds)})` : '—');
  for (const r of results.scales) {
    const { floor, peer, ingest } = r;
    const ratio = ingest && floor ? ingest.seconds / floor.seconds : null;
    lines.push(
      `| ${n(r.submissions)} | ${r.csv_bytes ? `${n(r.csv_bytes / 1024 / 1024)} MB` : '—'} | ${both(floor)} | ${both(peer)} | ${both(ingest)} | ` +
        (ratio !== null && ingest && floor
          ? `${n(ratio, 1)}× (${n(ingest.cpu_seconds / floor.cpu_seconds, 1)}×) ${mark(ratio <= TARGETS.ingestToFloor)} | `
          : '— | ') +
        (peer && ingest ? `${n(peer.seconds / ingest.seconds, 1)}× (${n(peer.cpu_seconds / ingest.cpu_seconds, 1)}×) | ` : '— | ') +
        (ingest ? `${n(ingest.max_rss_mb)} MB ${mark(ingest.max_rss_mb <= TARGETS.ingestPeakMb)} |` : '— |'),
    );
  }
  lines.push(
    '',
    '## Build: `veta build` of everything landed',
    '',
    'Landed before it: the CSV above, the ODK Central zip of the same submissions (for the improvement actions), the ' +
      `sales ledger, the incidents and the Fairmined register. Target: ${n(TARGETS.buildSeconds.submissions)} submissions ` +
      `built in ≤ ${TARGETS.buildSeconds.seconds} s on 2 cores, growing roughly linearly.`,
    '',
    '| submissions | producers | seconds | CPU seconds | submissions per second | growth (rows × / time ×) | copy and catalogue / models / data tests / extract | peak memory | snapshot |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |',
  );
  results.scales.forEach((r, i) => {
    const build = r.build;
    if (!build) {
      lines.push(`| ${n(r.submissions)} | ${r.producers ? n(r.producers) : '—'} | not built${r.failed ? `: ${r.failed.step} failed` : ''} | | | | | | |`);
      return;
    }
    const previous = results.scales[i - 1]?.build ? results.scales[i - 1] : undefined;
    const growth = previous?.build
      ? `×${n(r.submissions / previous.submissions, 0)} / ×${n(build.seconds / previous.build.seconds, 1)} (CPU ×${n(build.cpu_seconds / previous.build.cpu_seconds, 1)})`
      : '';
    const p = build.phases;
    const target = r.submissions === TARGETS.buildSeconds.submissions ? ` ${mark(build.seconds <= TARGETS.buildSeconds.seconds)}` : '';
    lines.push(
      `| ${n(r.submissions)} | ${n(r.producers ?? 0)} | ${s(build.seconds)} s${target} | ${s(build.cpu_seconds)} | ${n(r.submissions / build.seconds)} | ${growth} | ` +
        `${s(p.landing_and_catalogue)} / ${s(p.models)} / ${s(p.tests)} / ${s(p.extract)} s | ${n(build.max_rss_mb)} MB | ` +
        `${n(build.snapshot_bytes / 1024 / 1024)} MB |`,
    );
  });
  const lakes = results.scales.filter((r) => r.lake);
  if (lakes.length) {
    lines.push(
      '',
      '## The lake: `veta export --lake`',
      '',
      'The public marts that have a country and a year, as Parquet partitioned by `country_code` and `year`; then DuckDB ' +
        "reads it back with `read_parquet('…/**/*.parquet', hive_partitioning = true)`: every row, and one country's year.",
      '',
      '| submissions | written in | rows | partitions | files | size | DuckDB reads every row | one country and year |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const r of lakes) {
      const lake = r.lake!;
      const rows = lake.tables.reduce((sum, t) => sum + t.rows, 0);
      const partitions = lake.tables.reduce((sum, t) => sum + t.partitions, 0);
      const one = lake.read_one_partition;
      lines.push(
        `| ${n(r.submissions)} | ${s(lake.seconds)} s | ${n(rows)} | ${n(partitions)} | ${n(lake.parquet_files)} | ${n(lake.parquet_bytes / 1024 / 1024, 1)} MB | ` +
          `${n(lake.read_all.seconds * 1000)} ms | ${n(one.rows)} rows (${one.country_code} ${one.year}) in ${n(one.seconds * 1000)} ms |`,
      );
    }
  }
  const failures = results.scales.filter((r) => r.failed);
  if (failures.length) {
    lines.push('', ...failures.map((r) => `At ${n(r.submissions)} submissions, ${r.failed!.step} failed: ${r.failed!.error}`));
  }
  const load = results.load;
  if (load) {
    lines.push(
      '',
      `## API under load: ${n(load.submissions)} submissions`,
      '',
      `Served: ${load.server}. autocannon, ${load.connections} connections, ${load.seconds} s per URL after a short ` +
        `warm-up, one URL at a time, \`Accept-Encoding: gzip\` as a browser sends it. Server peak memory ${n(load.server_max_rss_mb)} MB. ` +
        'Errors are failed connections, requests unanswered after 10 s and answers other than 2xx; "alone" is the ' +
        'median of 20 requests sent one after another before any load.',
      '',
      `| URL | one request alone (median) | requests per second | p50 | p99 (target ≤ ${TARGETS.p99Ms} ms) | errors | bytes per answer | against the static file (target ≥ ${TARGETS.ratioToStatic}) |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const e of load.endpoints) {
      const isStatic = e.name === 'static file';
      const ms = (value: number | null) => (value === null ? 'none answered' : `${value} ms`);
      const p99 = isStatic ? '' : ` ${mark(e.p99_ms !== null && e.p99_ms <= TARGETS.p99Ms)}`;
      lines.push(
        `| ${e.name}: \`${e.path}\` | ${e.alone_ms} ms | ${n(e.requests_per_second)} | ${ms(e.p50_ms)} | ${ms(e.p99_ms)}${p99} | ` +
          `${n(e.errors)} | ${e.bytes_per_answer === null ? '' : n(e.bytes_per_answer)} | ` +
          `${isStatic ? '1' : `${n(e.ratio_to_static, 2)} ${mark(e.ratio_to_static >= TARGETS.ratioToStatic)}`} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
