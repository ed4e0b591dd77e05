/**
 * The API under load: autocannon on the region profile, the map's values and outlines and the health check, and on a static file
 * served by the same server, one URL at a time, so that each endpoint's throughput can be read against what that
 * server does with no query at all. Requests say `Accept-Encoding: gzip`, as a browser does, so a compressed answer
 * costs what it costs in use.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadOptions {
  /** A Veta home with a published snapshot. */
  home: string;
  port: number;
  connections: number;
  seconds: number;
  /** A short run per URL before the measured one, so that the first queries and the JIT do not count. */
  warmupSeconds: number;
}

export interface EndpointLoad {
  name: string;
  path: string;
  requests_per_second: number;
  /** Median time of one request sent alone (20 in a row, no other load): its own cost, without waiting for others. */
  alone_ms: number;
  /** Answers completed within the run; the latencies are theirs (null when none was). */
  answers: number;
  p50_ms: number | null;
  p99_ms: number | null;
  /** Connection errors, timeouts and answers other than 2xx. */
  errors: number;
  /** Bytes of one answer on the wire, headers included (compressed where the server compresses); null without one. */
  bytes_per_answer: number | null;
  /** Throughput against the static file's on the same server. */
  ratio_to_static: number;
}

export interface LoadReport {
  server: string;
  connections: number;
  seconds: number;
  endpoints: EndpointLoad[];
  server_max_rss_mb: number;
}

const SERVER = fileURLToPath(new URL('serve-for-load.ts', import.meta.url));
const HEADERS = { 'accept-encoding': 'gzip' };

/** Starts the server process and resolves with its first line (where it listens and how it serves). */
async function startServer(options: LoadOptions): Promise<{ child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string>; mode: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, options.home, String(options.port)], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`the load test's server stopped before listening: ${stderr.trim()}`);
  return { child, lines, mode: (JSON.parse(first.value) as { mode: string }).mode };
}

async function stopServer(child: ChildProcessWithoutNullStreams, lines: AsyncIterator<string>): Promise<number> {
  child.kill('SIGTERM');
  const last = await lines.next();
  return last.done ? NaN : (JSON.parse(last.value) as { max_rss_mb: number }).max_rss_mb;
}

/** The URL path of a region profile that exists: the whole of the first country the regions index lists. */
async function regionProfilePath(base: string): Promise<string> {
  const index = (await (await fetch(`${base}/api/v1/regions`)).json()) as { countries: { country_code: string }[] };
  const country = index.countries?.[0]?.country_code;
  if (!country) throw new Error(`GET /api/v1/regions lists no region: ${JSON.stringify(index).slice(0, 200)}`);
  return `/api/v1/regions/profile?country=${country}`;
}

/** Waits until the server answers a health check within 100 ms again: the requests a run left behind are done. */
async function drained(base: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const started = performance.now();
    await (await fetch(`${base}/api/v1/health`)).arrayBuffer();
    if (performance.now() - started < 100) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function loadTest(options: LoadOptions): Promise<LoadReport> {
  const { child, lines, mode } = await startServer(options);
  const base = `http://127.0.0.1:${options.port}`;
  try {
    const targets = [
      { name: 'static file', path: '/favicon.svg' },
      { name: 'health', path: '/api/v1/health' },
      { name: 'region profile', path: await regionProfilePath(base) },
      // What the map page asks for each view (the values), and the outlines it asks for once per snapshot.
      { name: 'map data', path: '/api/v1/map/regions?geometry=none' },
      { name: 'map outlines', path: '/api/v1/map/shapes' },
    ];
    // Every URL alone first: after a load run the server is still working off the requests left waiting at its end.
    const alone = new Map<string, number>();
    for (const target of targets) {
      const url = `${base}${target.path}`;
      const probe = await fetch(url, { headers: HEADERS });
      if (!probe.ok) throw new Error(`GET ${target.path} answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
      await probe.arrayBuffer();
      const times: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = performance.now();
        await (await fetch(url, { headers: HEADERS })).arrayBuffer();
        times.push(performance.now() - started);
      }
      alone.set(target.path, Math.round(times.sort((a, b) => a - b)[10] * 10) / 10);
    }
    const measured: Omit<EndpointLoad, 'ratio_to_static'>[] = [];
    for (const target of targets) {
      const url = `${base}${target.path}`;
      await autocannon({ url, connections: options.connections, duration: options.warmupSeconds, headers: HEADERS });
      const result = await autocannon({ url, connections: options.connections, duration: options.seconds, headers: HEADERS });
      // Requests still waiting when the run ends are not counted: with none answered, there is no latency to give.
      const answers = result.requests.total;
      measured.push({
        ...target,
        alone_ms: alone.get(target.path)!,
        requests_per_second: result.requests.average,
        answers,
        p50_ms: answers ? result.latency.p50 : null,
        p99_ms: answers ? result.latency.p99 : null,
        errors: result.errors + result.timeouts + result.non2xx,
        bytes_per_answer: answers ? Math.round(result.throughput.total / answers) : null,
      });
      await drained(base);
    }
    const staticRate = measured[0].requests_per_second;
    return {
      server: mode,
      connections: options.connections,
      seconds: options.seconds,
      endpoints: measured.map((m) => ({ ...m, ratio_to_static: m.requests_per_second / staticRate })),
      server_max_rss_mb: await stopServer(child, lines),
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}
