/**
 * Publishing under load: while the API answers a steady stream of concurrent requests (health, the headline summary,
 * a region's risk profile) over HTTP, `veta ingest` lands a later export and a real `veta build` publishes a new
 * snapshot, once or several times. No request may fail, every answer names a snapshot that was published, and once
 * a new snapshot has been seen, or its build has finished, no request started afterwards is answered from an older
 * one.
 *
 * The API is the one `veta serve` mounts (createApi over a SnapshotReader of the published file), served in this
 * process with node:http; the builds run as child processes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../portal/src/lib/server/api/app.ts';
import { SnapshotReader } from '../../warehouse/gateway/snapshot-reader.ts';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';
import { atScale, recordFigures } from './figures.ts';
import { publishedId, scratchDir, writeExport } from './trial-homes.ts';
import { runVetaOk } from './veta-process.ts';

const PUBLISHES = atScale(1, 5);
const CONCURRENCY = atScale(8, 32);
/** The first export holds this many assessments; each publish adds to it, the last one all 120. */
const FIRST_EXPORT = 60;
const ALL_SUBMISSIONS = 120;

interface Answer {
  path: string;
  started: number;
  ended: number;
  status: number;
  snapshot?: string;
  error?: string;
}

/** Serves a fetch handler over HTTP on a free local port. */
async function serve(handler: (request: Request) => Response | Promise<Response>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    Promise.resolve(handler(new Request(`http://localhost${req.url}`, { method: req.method, headers })))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: Error) => {
        res.writeHead(599);
        res.end(error.message);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Asks one path and keeps what came back: status, the snapshot named, or what went wrong. */
async function ask(base: string, route: string): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${base}${route}`);
    const text = await response.text();
    let snapshot: string | undefined;
    try {
      snapshot = (JSON.parse(text) as { snapshot_id?: string }).snapshot_id;
    } catch {
      // Not JSON: counted as a failure below, with the text.
    }
    const error = response.status !== 200 ? `${response.status}: ${text.slice(0, 200)}` : snapshot ? undefined : `no snapshot_id in ${text.slice(0, 200)}`;
    return { path: route, started, ended: performance.now(), status: response.status, snapshot, error };
  } catch (error) {
    return { path: route, started, ended: performance.now(), status: 0, error: (error as Error).message };
  }
}

/**
 * Answers started after another answer had ended and named a newer snapshot, yet naming an older one: a reader that
 * went back to a snapshot it had left. `order` gives each snapshot's place in publication order.
 */
function staleAnswers(answers: readonly Answer[], order: Map<string, number>): Answer[] {
  const byEnd = [...answers].sort((a, b) => a.ended - b.ended);
  const stale: Answer[] = [];
  let newest = -1;
  let next = 0;
  for (const answer of [...answers].sort((a, b) => a.started - b.started)) {
    while (next < byEnd.length && byEnd[next].ended < answer.started) newest = Math.max(newest, order.get(byEnd[next++].snapshot ?? '') ?? -1);
    if ((order.get(answer.snapshot ?? '') ?? -1) < newest) stale.push(answer);
  }
  return stale;
}

describe('publishing a snapshot while the API is under load', () => {
  const scratch: { remove: () => Promise<void> }[] = [];
  let home: VetaHome;
  let exports: string[];
  let first: string;

  beforeAll(async () => {
    const work = await scratchDir('publish-load');
    scratch.push(work);
    const step = (ALL_SUBMISSIONS - FIRST_EXPORT) / PUBLISHES;
    exports = [];
    for (let round = 0; round <= PUBLISHES; round += 1) {
      const dir = path.join(work.dir, `export-${round}`);
      await writeExport(dir, Math.round(FIRST_EXPORT + round * step));
      exports.push(dir);
    }
    home = resolveHome(path.join(work.dir, 'home'));
    await runVetaOk(['ingest', exports[0]], home.root);
    first = publishedId((await runVetaOk(['build', '--json'], home.root)).stdout)!;
  }, 300_000);

  afterAll(async () => {
    await Promise.all(scratch.map((s) => s.remove()));
  });

  it(`answers every request and switches to each new snapshot (${PUBLISHES} publish(es), ${CONCURRENCY} clients)`, async () => {
    const started = Date.now();
    const reader = new SnapshotReader(home.published);
    const api = createApi(reader);
    const { server, base } = await serve((request) => api.fetch(request));
    const answers: Answer[] = [];
    const published = [first];
    const builtAt: number[] = [];
    try {
      const regions = (await (await fetch(`${base}/api/v1/regions`)).json()) as { countries: { country_code: string }[] };
      const country = regions.countries[0].country_code;
      const routes = ['/api/v1/health', '/api/v1/summary', `/api/v1/regions/profile?country=${country}`];
      let stop = false;
      const client = async (n: number) => {
        for (let i = n; !stop; i += 1) answers.push(await ask(base, routes[i % routes.length]));
      };
      const clients = Array.from({ length: CONCURRENCY }, (_, n) => client(n));
      for (let round = 1; round <= PUBLISHES; round += 1) {
        await runVetaOk(['ingest', exports[round]], home.root);
        published.push(publishedId((await runVetaOk(['build', '--json'], home.root)).stdout)!);
        builtAt.push(performance.now());
      }
      // A little longer under load once the last build is done, so every client asks the last snapshot too.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      stop = true;
      await Promise.all(clients);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      reader.close();
    }

    const order = new Map(published.map((id, i) => [id, i]));
    const failed = answers.filter((a) => a.error !== undefined || !order.has(a.snapshot ?? ''));
    const stale = staleAnswers(answers, order);
    // After a build has finished, its snapshot or a later one answers every request started from then on.
    const late = answers.filter((a) => builtAt.some((at, round) => a.started > at && order.get(a.snapshot ?? '')! < round + 1));
    const seen = [...answers].sort((a, b) => a.ended - b.ended).map((a) => a.snapshot);
    // A switch is the first answer from a newer snapshot; answers from the one before may still end after it.
    let newest = 0;
    let switches = 0;
    for (const id of seen) {
      const at = order.get(id ?? '') ?? 0;
      if (at > newest) [newest, switches] = [at, switches + 1];
    }
    const latencies = answers.map((a) => a.ended - a.started).sort((a, b) => a - b);
    recordFigures('publish-under-load', {
      publishes: PUBLISHES,
      clients: CONCURRENCY,
      requests: answers.length,
      failed_requests: failed.length,
      snapshots_served: new Set(answers.map((a) => a.snapshot)).size,
      snapshot_switches: switches,
      stale_answers: stale.length + late.length,
      median_ms: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0),
      p99_ms: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
      seconds: Math.round((Date.now() - started) / 1000),
    });

    expect(new Set(published).size).toBe(PUBLISHES + 1);
    expect(failed.slice(0, 3)).toEqual([]);
    expect(stale.slice(0, 3)).toEqual([]);
    expect(late.slice(0, 3)).toEqual([]);
    // Every snapshot published was served, in order.
    expect([...new Set(seen)]).toEqual(published);
    expect(answers.length).toBeGreaterThan(CONCURRENCY * 10);
  });
});
