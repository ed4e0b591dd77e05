/**
 * The public's answers, kept per snapshot. A published snapshot never changes, and what the public tier reads of it
 * depends only on the request's URL and Accept header, so a repeated public request is answered from memory instead
 * of DuckDB: under load the map and region pages asked the same few questions thousands of times. Each kept answer
 * gets an ETag (the snapshot and a hash of the body) that browsers send back with `no-cache` and receive a bodiless
 * 304 for, and its gzip form is made once, not per request.
 *
 * Only public answers are kept: a token's answers are for its holder (a partner sees its own producers) and each of
 * its reads is logged. An answer is kept only when the snapshot that answered is still the one served once it is
 * done (a publish in between would file it under the wrong snapshot), only when it is a 200 without an ETag of its
 * own (extract files carry theirs), and only when the route does not say that it reads more than the snapshot
 * (`c.set('unkept', …)`: the extracts folder is written after its snapshot is published).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { NoSnapshotError, type SnapshotInfo, type SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import { acceptsGzip, worthCompressing } from '../http/compress-response.ts';
import type { ApiEnv } from './access.ts';

export interface PublicAnswersOptions {
  /** Bytes of bodies kept at most, all answers together (32 MB by default); the least recently used go first. */
  maxBytes?: number;
  /** A larger answer is served but not kept (2 MB by default). */
  maxAnswerBytes?: number;
}

interface KeptAnswer {
  key: string;
  status: number;
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  gzipped?: Uint8Array<ArrayBuffer>;
}

/** Headers that belong to one exchange, not to the answer. */
const NOT_KEPT = new Set(['cache-control', 'content-length', 'date', 'set-cookie']);

/** What a snapshot is known by here: a rebuild of the same inputs keeps its id but not its build time. */
const editionOf = (snapshot: SnapshotInfo) => `${snapshot.snapshot_id}@${snapshot.built_at}`;

export function publicAnswers(reader: SnapshotReader, options: PublicAnswersOptions = {}): MiddlewareHandler<ApiEnv> {
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const maxAnswerBytes = options.maxAnswerBytes ?? 2 * 1024 * 1024;
  let kept = new Map<string, KeptAnswer>();
  let keptFor = '';
  let keptBytes = 0;

  const servedNow = async () => {
    try {
      return editionOf(await reader.info());
    } catch (error) {
      // With nothing published the routes answer for themselves (the OpenAPI document, or a 503).
      if (error instanceof NoSnapshotError) return undefined;
      throw error;
    }
  };

  /** Answers being made now, by key: the same question asked again meanwhile waits for them instead of asking DuckDB. */
  let making = new Map<string, Promise<KeptAnswer | undefined>>();

  return async (c, next) => {
    if (c.req.method !== 'GET' || c.get('tier') !== 'public') return next();
    const served = await servedNow();
    if (served === undefined) return next();
    if (served !== keptFor) {
      kept = new Map();
      making = new Map();
      keptFor = served;
      keptBytes = 0;
    }
    const url = new URL(c.req.url);
    const key = `${url.pathname}${url.search}\n${c.req.header('accept') ?? ''}`;
    const hit = kept.get(key);
    if (hit) {
      // Most recently used last: eviction takes from the front.
      kept.delete(key);
      kept.set(key, hit);
      return answer(hit, c.req.raw);
    }
    // Just after a publish every reader asks at once, and each would ask DuckDB the same question.
    const pending = making.get(key);
    if (pending) {
      const made = await pending;
      if (made) return answer(made, c.req.raw);
      return next();
    }

    let done: (answer: KeptAnswer | undefined) => void = () => {};
    const queue = making;
    queue.set(key, new Promise((resolve) => (done = resolve)));
    let fresh: KeptAnswer | undefined;
    try {
      await next();
      if (!c.get('unkept')) fresh = await keepable(c.res, key, served);
    } finally {
      queue.delete(key);
      done(fresh);
    }
    if (!fresh) return;
    // Kept only if the snapshot that answered is still the one served, and still the one this store is for.
    if (fresh.body.byteLength <= maxAnswerBytes && served === keptFor && (await servedNow()) === served) keep(fresh);
    c.res = undefined;
    c.res = answer(fresh, c.req.raw);
  };

  /** The answer as it would be kept, or undefined when it must not be. */
  async function keepable(response: Response, key: string, served: string): Promise<KeptAnswer | undefined> {
    if (response.status !== 200 || response.headers.has('etag')) return undefined;
    if (Number(response.headers.get('content-length') ?? 0) > maxAnswerBytes) return undefined;
    const body = new Uint8Array(await response.arrayBuffer());
    return {
      key,
      status: response.status,
      headers: [...response.headers].filter(([name]) => !NOT_KEPT.has(name)),
      body,
      etag: `"${served.slice(0, 16)}-${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    };
  }

  function keep(fresh: KeptAnswer): void {
    kept.set(fresh.key, fresh);
    keptBytes += fresh.body.byteLength;
    for (const [oldest, entry] of kept) {
      if (keptBytes <= maxBytes) break;
      kept.delete(oldest);
      keptBytes -= entry.body.byteLength + (entry.gzipped?.byteLength ?? 0);
    }
  }

  function answer(entry: KeptAnswer, request: Request): Response {
    const headers = new Headers(entry.headers);
    const type = headers.get('content-type') ?? '';
    const compressible = worthCompressing(type, entry.body.byteLength);
    const gzip = compressible && acceptsGzip(request);
    const etag = gzip ? `${entry.etag.slice(0, -1)}-gz"` : entry.etag;
    headers.set('etag', etag);
    // Either form may be sent for this URL, so a cache along the way must tell them apart.
    if (compressible) headers.append('vary', 'Accept-Encoding');
    if (matches(request.headers.get('if-none-match'), entry.etag)) return new Response(null, { status: 304, headers });
    if (!gzip) {
      // Its length tells the server's own compression (hooks.server.ts) that a small answer is not worth gzipping.
      headers.set('content-length', String(entry.body.byteLength));
      return new Response(entry.body, { status: entry.status, headers });
    }
    if (!entry.gzipped) {
      entry.gzipped = new Uint8Array(gzipSync(entry.body));
      if (kept.get(entry.key) === entry) keptBytes += entry.gzipped.byteLength;
    }
    headers.set('content-encoding', 'gzip');
    headers.set('content-length', String(entry.gzipped.byteLength));
    return new Response(entry.gzipped, { status: entry.status, headers });
  }
}

/** Whether an If-None-Match header names this answer, in either of its encodings (a weak comparison, as for GET). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const base = etag.slice(1, -1);
  return ifNoneMatch.split(',').some((tag) => {
    const opaque = tag.trim().replace(/^W\//, '').slice(1, -1);
    return tag.trim() === '*' || opaque === base || opaque === `${base}-gz`;
  });
}
