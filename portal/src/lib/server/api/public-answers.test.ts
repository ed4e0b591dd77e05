import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accessPaths, createToken } from '$warehouse/access/token-store.ts';
import { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { VetaHome } from '$warehouse/home.ts';
import { publishedDemoForSuite, runCli } from '../../../../../tests/helpers/demo-home.ts';
import { createApi, type ApiOptions } from './app.ts';

let home: VetaHome;
let remove: () => Promise<void>;
let implementerToken: string;
const readers: SnapshotReader[] = [];

beforeAll(async () => {
  ({ home, remove } = await publishedDemoForSuite());
  implementerToken = (await createToken(accessPaths(home.root), { name: 'Field team', tier: 'implementer' })).token;
}, 120_000);
afterAll(async () => {
  readers.splice(0).forEach((r) => r.close());
  await remove?.();
});

/** An API over the suite's home, and how many times it read the snapshot. */
function served(publicAnswers?: ApiOptions['publicAnswers']) {
  const reader = new SnapshotReader(home.published);
  readers.push(reader);
  const reads = vi.spyOn(reader, 'read');
  return { app: createApi(reader, { access: accessPaths(home.root), publicAnswers }), reads };
}

const PROFILE = '/api/v1/regions/profile?country=CO';

describe('public answers kept per snapshot', () => {
  it('answers a repeated public request from memory, with the same body and an ETag', async () => {
    const { app, reads } = served();
    const first = await app.request(PROFILE);
    const body = await first.text();
    const readsForOne = reads.mock.calls.length;
    expect(first.status).toBe(200);
    expect(readsForOne).toBeGreaterThan(0);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{16}-[\w-]{22}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');

    const again = await app.request(PROFILE);
    expect(await again.text()).toBe(body);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(again.headers.get('cache-control')).toBe('no-cache');
    expect(reads.mock.calls.length).toBe(readsForOne);

    // Another question is another answer.
    const other = await app.request('/api/v1/regions/profile?country=PE');
    expect(other.headers.get('etag')).not.toBe(etag);
    expect(reads.mock.calls.length).toBeGreaterThan(readsForOne);
  });

  it('asks DuckDB once when many ask the same question at once, as they do just after a publish', async () => {
    const { app, reads } = served();
    const bodies = await Promise.all(Array.from({ length: 20 }, async () => (await app.request(PROFILE)).text()));
    expect(new Set(bodies).size).toBe(1);
    const readsForAll = reads.mock.calls.length;
    const alone = served();
    await alone.app.request(PROFILE);
    expect(readsForAll).toBe(alone.reads.mock.calls.length);
  });

  it('answers 304 without a body to a browser that already holds the answer', async () => {
    const { app } = served();
    const etag = (await app.request(PROFILE)).headers.get('etag')!;
    const revalidated = await app.request(PROFILE, { headers: { 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect((await app.request(PROFILE, { headers: { 'If-None-Match': '"something-else"' } })).status).toBe(200);
  });

  it('gzips a kept answer once for clients that take gzip, under an ETag of its own', async () => {
    const { app } = served();
    const plain = await app.request('/api/v1/map/regions');
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(1024);
    expect(plain.headers.get('vary')).toMatch(/Accept-Encoding/);
    const zipped = await app.request('/api/v1/map/regions', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(zipped.headers.get('etag')).toBe(`${plain.headers.get('etag')!.slice(0, -1)}-gz"`);
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(text);
    // Either encoding's tag revalidates.
    const revalidated = await app.request('/api/v1/map/regions', {
      headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': zipped.headers.get('etag')! },
    });
    expect(revalidated.status).toBe(304);
  });

  it('keeps an Arrow answer apart from the JSON one of the same URL', async () => {
    const { app } = served();
    const url = '/api/v1/metrics';
    const json = await app.request(url);
    const arrow = await app.request(url, { headers: { Accept: 'application/vnd.apache.arrow.stream' } });
    expect(json.headers.get('content-type')).toMatch(/json/);
    expect(arrow.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect((await app.request(url)).headers.get('content-type')).toMatch(/json/);
  });

  it('never keeps what a token reads, nor gives it an ETag', async () => {
    const { app, reads } = served();
    const signedIn = { headers: { authorization: `Bearer ${implementerToken}` } };
    const first = await app.request(PROFILE, signedIn);
    const readsForOne = reads.mock.calls.length;
    const again = await app.request(PROFILE, signedIn);
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBeNull();
    expect(again.headers.get('cache-control')).toBe('private, no-store');
    expect(await again.text()).toBe(await first.text());
    expect(reads.mock.calls.length).toBe(2 * readsForOne);
  });

  it('keeps no refusal', async () => {
    const { app, reads } = served();
    const url = '/api/v1/regions/profile?country=ZZ';
    expect((await app.request(url)).status).toBe(404);
    const readsForOne = reads.mock.calls.length;
    const again = await app.request(url);
    expect(again.status).toBe(404);
    expect(again.headers.get('etag')).toBeNull();
    expect(reads.mock.calls.length).toBe(2 * readsForOne);
  });

  it('keeps no extracts list, which files written after the snapshot decide', async () => {
    const { app } = served();
    const listed = async () => ((await (await app.request('/api/v1/extracts')).json()) as { extracts: unknown[] }).extracts.length;
    expect(await listed()).toBe(1);
    const extract = path.join(home.root, 'extracts');
    await rename(extract, `${extract}.aside`);
    try {
      expect(await listed()).toBe(0);
    } finally {
      await rename(`${extract}.aside`, extract);
    }
  });

  it('forgets the least recently used answers past its size, and keeps none larger than allowed', async () => {
    const { app, reads } = served({ maxBytes: 6_000, maxAnswerBytes: 4_000 });
    const sizes = new Map<string, number>();
    for (const country of ['CO', 'PE', 'BF']) sizes.set(country, (await (await app.request(`/api/v1/regions/profile?country=${country}`)).text()).length);
    for (const [country, size] of sizes) expect(size, country).toBeLessThan(4_000);
    // Only the most recent answers fit in 6,000 bytes: Colombia's, asked first, was let go.
    const before = reads.mock.calls.length;
    await app.request('/api/v1/regions/profile?country=BF');
    expect(reads.mock.calls.length).toBe(before);
    await app.request('/api/v1/regions/profile?country=CO');
    expect(reads.mock.calls.length).toBeGreaterThan(before);

    const map = await app.request('/api/v1/map/regions');
    expect((await map.text()).length).toBeGreaterThan(4_000);
    expect(map.headers.get('etag')).not.toBeNull();
    const readsForMap = reads.mock.calls.length;
    await app.request('/api/v1/map/regions');
    expect(reads.mock.calls.length).toBeGreaterThan(readsForMap);
  });

  it('answers from the new snapshot once one is published, not from what it kept', async () => {
    const { app } = served();
    const before = await (await app.request('/api/v1/health')).json();
    const incident = path.join(home.root, 'incident.csv');
    await writeFile(incident, 'incident_id,site_code,reported_on,annex_ii_group,severity,status\nINC-NEW-1,CO-P001-S1,2026-09-01,security-forces,low,open\n');
    expect((await runCli(['ingest', '--home', home.root, incident])).code).toBe(0);
    expect((await runCli(['build', '--home', home.root])).code).toBe(0);
    const after = await (await app.request('/api/v1/health')).json();
    expect(after.snapshot_id).not.toBe(before.snapshot_id);
    expect(after.tables['marts.fct_incidents']).toBe(before.tables['marts.fct_incidents'] + 1);
  }, 120_000);
});
