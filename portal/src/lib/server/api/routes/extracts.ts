/**
 * `GET /extracts` and `GET /extracts/{snapshot_id}/{file}`: the public open-data extracts `veta build` writes for
 * each snapshot it publishes (`<home>/extracts/<id>/public/`), listed from their datapackage.json and served file by
 * file. A requested name is only ever matched against the names the package lists, never joined into a path, so
 * nothing outside an extract can be reached.
 *
 * Restricted extracts (`veta export --tier restricted`, every producer's site-level rows) are listed and served to
 * implementer and admin tokens only, as `?tier=restricted`: a partner's token reaches only its own producers, which a
 * whole-warehouse extract would not respect.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import type { SnapshotReader } from '$warehouse/gateway/snapshot-reader.ts';
import type { Extract, ExtractTable } from '../../../reports/extract-types.ts';
import { tierAtLeast, type ApiEnv } from '../access.ts';
import { apiError } from '../errors.ts';
import { namesIn, servedHome, SNAPSHOT_ID } from './reports-kept-snapshots.ts';

/** The extract tiers: public for anyone, restricted for implementer and admin tokens. */
type ExtractTier = 'public' | 'restricted';

export const RESTRICTED_NOTE =
  'Restricted extracts (every table and column except personal data) are written with `veta export --tier restricted` ' +
  'for data-sharing agreements, and served with ?tier=restricted to implementer and admin tokens only.';

const field = z.looseObject({
  name: z.string(),
  type: z.string().optional(),
  description: z.string().optional(),
  unit: z.string().optional(),
});

const resource = z.looseObject({
  name: z.string(),
  path: z.string(),
  format: z.string().optional(),
  mediatype: z.string().optional(),
  bytes: z.number().optional(),
  hash: z.string().optional(),
  description: z.string().optional(),
  grain: z.string().optional(),
  schema: z.looseObject({ fields: z.array(field) }).optional(),
});

const datapackage = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  created: z.string().optional(),
  licenses: z.array(z.looseObject({ name: z.string().optional(), title: z.string().optional(), path: z.string().optional() })).optional(),
  sources: z.array(z.looseObject({ title: z.string(), path: z.string().optional() })).optional(),
  'x-veta': z.looseObject({
    snapshot_id: z.string(),
    tier: z.string(),
    veta_version: z.string().optional(),
    minimum_count: z.number().optional(),
    licence_note: z.string().optional(),
    withheld: z.array(z.looseObject({ table: z.string(), reason: z.string() })).optional(),
  }),
  resources: z.array(resource),
});

type DataPackage = z.infer<typeof datapackage>;
type Resource = z.infer<typeof resource>;

const MEDIA_TYPES: Record<string, string> = {
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv',
  geojson: 'application/geo+json',
  json: 'application/json',
};

function mediaTypeOf(r: Resource): string {
  const type = r.mediatype ?? MEDIA_TYPES[r.format ?? ''] ?? 'application/octet-stream';
  return type.startsWith('text/') && !type.includes('charset') ? `${type}; charset=utf-8` : type;
}

/** `sha256:<hex>` → `<hex>`; anything else is not a hash this API vouches for. */
function sha256Of(r: Resource): string | null {
  return /^sha256:([0-9a-f]{64})$/.exec(r.hash ?? '')?.[1] ?? null;
}

/** `marts__fct_impact_metrics.csv` → `marts.fct_impact_metrics`. */
function tableOf(file: string): string {
  const base = file.replace(/\.[^.]+$/, '');
  const [schema, ...name] = base.split('__');
  return name.length ? `${schema}.${name.join('__')}` : base;
}

export function extractsRoutes(reader: SnapshotReader): Hono<ApiEnv> {
  const home = servedHome(reader.path);
  const root = home ? path.join(home.root, 'extracts') : undefined;

  /** The package of a snapshot id and tier the extracts folder holds now; undefined for any other id. */
  async function packageOf(id: string, tier: ExtractTier = 'public'): Promise<{ dir: string; text: string; data: DataPackage } | undefined> {
    if (!root || !SNAPSHOT_ID.test(id)) return undefined;
    const found = (await namesIn(root, SNAPSHOT_ID)).find((name) => name === id);
    if (!found) return undefined;
    const dir = path.join(root, found, tier);
    let text: string;
    try {
      text = await readFile(path.join(dir, 'datapackage.json'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = datapackage.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data['x-veta'].snapshot_id !== found || parsed.data['x-veta'].tier !== tier) {
      console.error(`extracts: ${path.join(dir, 'datapackage.json')} is not a ${tier} extract of ${found}`);
      return undefined;
    }
    return { dir, text, data: parsed.data };
  }

  return new Hono<ApiEnv>()
    .get('/extracts', async (c) => {
      c.set('unkept', 'extracts are written after their snapshot is published, and `veta export` may add one later');
      const served = await reader.info();
      const ids = root ? await namesIn(root, SNAPSHOT_ID) : [];
      const tiers: ExtractTier[] = tierAtLeast(c.get('tier'), 'implementer') ? ['public', 'restricted'] : ['public'];
      const packages = (await Promise.all(ids.flatMap((id) => tiers.map((tier) => packageOf(id, tier))))).filter((p) => p !== undefined);
      const extracts = packages
        .map(({ data }) => describe(data, served.snapshot_id))
        .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '') || a.snapshot_id.localeCompare(b.snapshot_id));
      return c.json({ ...served, extracts, restricted: { served: tiers.includes('restricted'), note: RESTRICTED_NOTE } });
    })
    .get('/extracts/:snapshot_id/:file', async (c) => {
      const id = c.req.param('snapshot_id');
      const file = c.req.param('file');
      const tier: ExtractTier = c.req.query('tier') === 'restricted' ? 'restricted' : 'public';
      if (tier === 'restricted' && !tierAtLeast(c.get('tier'), 'implementer')) {
        return apiError(c, 403, 'forbidden', 'restricted extracts are for implementer and admin tokens');
      }
      const found = await packageOf(id, tier);
      if (!found) return apiError(c, 404, 'not_found', `no ${tier} extract of snapshot ${id.slice(0, 40)}: /extracts lists them`);
      if (file === 'datapackage.json') {
        const etag = `"${createHash('sha256').update(found.text).digest('hex')}"`;
        if (c.req.header('If-None-Match') === etag) return c.body(null, 304, { ETag: etag });
        return c.body(found.text, 200, { 'Content-Type': 'application/json', ETag: etag });
      }
      // Only a name the package lists, and only a plain file name, is ever opened.
      const listed = found.data.resources.find((r) => r.path === file && path.basename(r.path) === r.path);
      if (!listed) return apiError(c, 404, 'not_found', `extract ${id} has no file ${file.slice(0, 80)}: its datapackage.json lists them`);
      const full = path.join(found.dir, listed.path);
      const size = (await stat(full)).size;
      const sha256 = sha256Of(listed);
      const headers: Record<string, string> = {
        'Content-Type': mediaTypeOf(listed),
        'Content-Length': String(size),
        'Content-Disposition': `attachment; filename="${listed.path}"`,
        'Veta-Snapshot-Id': found.data['x-veta'].snapshot_id,
      };
      if (sha256) headers.ETag = `"${sha256}"`;
      if (sha256 && c.req.header('If-None-Match') === headers.ETag) return c.body(null, 304, { ETag: headers.ETag });
      return c.body(Readable.toWeb(createReadStream(full)) as ReadableStream, 200, headers);
    });
}

/** What the open-data page needs of a package: its tables with their dictionary and files. */
function describe(data: DataPackage, servedId: string): Extract {
  const meta = data['x-veta'];
  const tables = new Map<string, ExtractTable>();
  for (const r of data.resources) {
    const table = tableOf(r.path);
    const entry = tables.get(table) ?? { table, description: r.description ?? '', grain: r.grain ?? '', fields: [], files: [] };
    if (!entry.fields.length && r.schema) entry.fields = r.schema.fields.map(({ name, type, description, unit }) => ({ name, type, description, unit }));
    entry.files.push({
      file: r.path,
      format: r.format ?? null,
      media_type: mediaTypeOf(r),
      bytes: r.bytes ?? null,
      sha256: sha256Of(r),
      url: `/api/v1/extracts/${meta.snapshot_id}/${encodeURIComponent(r.path)}${meta.tier === 'restricted' ? '?tier=restricted' : ''}`,
    });
    tables.set(table, entry);
  }
  return {
    snapshot_id: meta.snapshot_id,
    tier: meta.tier,
    is_served: meta.snapshot_id === servedId,
    created: data.created ?? null,
    title: data.title ?? data.name,
    description: data.description ?? '',
    veta_version: meta.veta_version ?? null,
    minimum_count: meta.minimum_count ?? null,
    licenses: data.licenses ?? [],
    licence_note: meta.licence_note ?? null,
    sources: data.sources ?? [],
    withheld: meta.withheld ?? [],
    datapackage_url: `/api/v1/extracts/${meta.snapshot_id}/datapackage.json${meta.tier === 'restricted' ? '?tier=restricted' : ''}`,
    tables: [...tables.values()],
  };
}
