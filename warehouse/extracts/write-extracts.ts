/**
 * Open-data extracts of a snapshot: every mart and catalogue table a tier may see, as Parquet and CSV (and the sites
 * as GeoJSON where the tier may see their location), with a Frictionless `datapackage.json` that names the snapshot,
 * the sources to credit and, per file, its schema from the data dictionary and its SHA-256.
 *
 * What a tier sees is decided by the data dictionary through `publish/tier-view.ts`, the same rule the API obeys.
 *
 * The output folder is never emptied blindly: only the files a previous extract's datapackage.json lists are replaced.
 * A write that is cut short (the process killed, the disk full) is recognised by its journal and cleared by the next
 * one; until datapackage.json appears, last and whole, nothing reads the folder as an extract.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Database, quoteIdentifier, quoteLiteral } from '../gateway/duckdb.ts';
import { DICTIONARY_SQL, publicationRulesOf, grainKey, isWithheld, tablesOf, tableView, type DictionaryColumn, type ViewTier } from '../publish/tier-view.ts';
import { VETA_VERSION } from '../version.ts';

export { VIEW_TIERS as TIERS } from '../publish/tier-view.ts';
export type Tier = ViewTier;

export interface ExtractOptions {
  /** The snapshot file to read. */
  snapshot: string;
  /** The folder the extracts are written to (emptied first). */
  out: string;
  tier: Tier;
  /** Public tier: rows counting fewer sites or producers than this have their figures withheld (default: the snapshot's public.minimum_count). */
  minCount?: number;
}

export interface ExtractedTable {
  table: string;
  rows: number;
  files: string[];
}

export interface ExtractReport {
  snapshot_id: string;
  tier: Tier;
  out: string;
  tables: ExtractedTable[];
  /** Tables left out of this tier, with why. */
  withheld: { table: string; reason: string }[];
}

/**
 * The licence of Veta's own tables. CC BY 4.0 asks only for credit, which is what an open warehouse of this kind needs
 * (the sources' own terms, listed beside it, are attribution and public domain, so nothing stricter is inherited);
 * a publisher who chooses otherwise changes it here, and every extract says so.
 */
export const DATA_LICENCE = {
  name: 'CC-BY-4.0',
  title: 'Creative Commons Attribution 4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
} as const;

/** Frictionless field types for DuckDB's. */
function fieldType(duckdb: string): string {
  const type = duckdb.toUpperCase();
  if (type.endsWith('[]')) return 'array';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(type)) return 'integer';
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) return 'number';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'DATE') return 'date';
  if (type.startsWith('TIMESTAMP')) return 'datetime';
  return 'string';
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export async function writeExtracts(options: ExtractOptions): Promise<ExtractReport> {
  const db = await Database.open(options.snapshot, { readOnly: true });
  try {
    const rules = await publicationRulesOf((sql) => db.query(sql));
    if (options.minCount !== undefined) rules.minCount = options.minCount;
    const minCount = rules.minCount;
    const [snapshot] = await db.query<{ snapshot_id: string; built_at: string }>(
      `select snapshot_id, strftime(built_at, '%Y-%m-%dT%H:%M:%SZ') as built_at from meta.snapshot`,
    );
    const dictionary = await db.query<DictionaryColumn>(DICTIONARY_SQL);
    await clearPreviousExtract(options.out);
    const journal = path.join(options.out, JOURNAL);
    await writeFile(journal, '');
    /** The path of a file about to be written, recorded in the journal first. */
    const begin = async (name: string) => {
      await appendFile(journal, `${name}\n`);
      return path.join(options.out, name);
    };
    const report: ExtractReport = { snapshot_id: snapshot.snapshot_id, tier: options.tier, out: options.out, tables: [], withheld: [] };
    const resources: unknown[] = [];
    for (const [table, columns] of tablesOf(dictionary)) {
      const view = tableView(columns, options.tier, rules);
      if (isWithheld(view)) {
        report.withheld.push(view);
        continue;
      }
      const { grain, description, columns: visible } = view;
      const query = `${view.sql} order by all`;
      const [schema, name] = table.split('.');
      const base = `${schema}__${name}`;
      const files: { file: string; format: string; mediatype: string }[] = [
        { file: `${base}.parquet`, format: 'parquet', mediatype: 'application/vnd.apache.parquet' },
        { file: `${base}.csv`, format: 'csv', mediatype: 'text/csv' },
      ];
      await db.run(`copy (${query}) to ${quoteLiteral(await begin(files[0].file))} (format parquet)`);
      await db.run(`copy (${query}) to ${quoteLiteral(await begin(files[1].file))} (format csv, header true)`);
      const geo = geojsonOf(name, visible.map((c) => c.column_name));
      if (geo) {
        files.push({ file: `${base}.geojson`, format: 'geojson', mediatype: 'application/geo+json' });
        await writeGeojson(db, await begin(files[2].file), view.sql, geo);
      }
      const [{ n }] = await db.query<{ n: number }>(`select count(*)::integer as n from (${query})`);
      const fields = [
        ...visible.map((c) => ({
          name: c.column_name,
          type: fieldType(c.column_type),
          description: c.description ?? '',
          ...(c.unit ? { unit: c.unit } : {}),
          sensitivity: c.sensitivity,
        })),
        ...(view.suppressible
          ? [{ name: 'suppressed', type: 'boolean', description: `Whether the row is withheld (all but its key, its place, its map position and its edition's day are empty): it counts fewer than ${minCount} sites or producers, or does not say how many.` }]
          : []),
      ];
      for (const { file, format, mediatype } of files) {
        const full = path.join(options.out, file);
        resources.push({
          name: `${base}${format === 'parquet' ? '' : `_${format}`}`,
          path: file,
          format,
          mediatype,
          bytes: (await stat(full)).size,
          hash: `sha256:${await sha256(full)}`,
          description: format === 'geojson' && geo ? `${description} GeoJSON: ${geo.note}.` : description,
          grain,
          ...(format === 'geojson' ? {} : { schema: { fields, ...(grainKey(grain).length ? { primaryKey: grainKey(grain) } : {}) } }),
        });
      }
      report.tables.push({ table, rows: n, files: files.map((f) => f.file) });
    }
    const datapackage = {
      profile: 'data-package',
      name: `veta-${snapshot.snapshot_id}-${options.tier}`,
      title: `Veta: responsible artisanal and small-scale mining, snapshot ${snapshot.snapshot_id} (${options.tier} extract)`,
      description:
        'Assessments of artisanal and small-scale mining sites against the CRAFT Code and the Fairmined Standard, with ' +
        'partner feeds, as modelled by Veta. Every table is described in its schema; docs/data-dictionary.md holds the same.',
      version: snapshot.snapshot_id,
      created: snapshot.built_at,
      'x-veta': {
        snapshot_id: snapshot.snapshot_id,
        veta_version: VETA_VERSION,
        tier: options.tier,
        ...(options.tier === 'public' ? { minimum_count: minCount, years_until: rules.publicUntil } : {}),
        withheld: report.withheld,
      },
      licenses: [DATA_LICENCE],
      sources: [
        { title: 'Boundaries: Natural Earth admin-1 states and provinces, 1:10m (public domain)', path: 'https://www.naturalearthdata.com/' },
        { title: 'IPIS Open Data: artisanal mine site visits in eastern DR Congo (attribution to IPIS required)', path: 'https://ipisresearch.be/home/maps-data/open-data/' },
        { title: 'Amazon Mining Watch (Earth Genome), CC BY 4.0', path: 'https://amazonminingwatch.org/' },
        { title: 'Standards catalogue sources: warehouse/catalogue/sources.csv (ARM, OECD, Fairmined, CRAFT)' },
      ],
      resources,
    };
    // Renamed into place, so a reader never finds it half-written; with it there, the extract is whole.
    const staged = await begin(`${PACKAGE}.partial`);
    await writeFile(staged, `${JSON.stringify(datapackage, null, 2)}\n`);
    await rename(staged, path.join(options.out, PACKAGE));
    await rm(journal);
    return report;
  } finally {
    db.close();
  }
}

/** Thrown for an output folder that holds something other than a previous extract. */
export class ExtractFolderError extends Error {
  override name = 'ExtractFolderError';
}

const PACKAGE = 'datapackage.json';

/** The files a write has begun, one name a line, kept in the folder until the write has finished. */
const JOURNAL = '.extract-in-progress';

/**
 * Makes `out` ready: created when absent; what a write cut short left is removed, by its journal; when it holds a
 * previous extract, the files its datapackage.json lists are removed; a folder holding anything else is refused,
 * never emptied.
 */
async function clearPreviousExtract(out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await clearInterruptedWrite(out);
  const present = await readdir(out);
  if (present.length === 0) return;
  const packageFile = path.join(out, PACKAGE);
  let listed: string[];
  try {
    const previous = JSON.parse(await readFile(packageFile, 'utf8')) as { resources?: { path?: string }[] };
    listed = (previous.resources ?? []).map((r) => r.path ?? '').filter((p) => p && path.basename(p) === p);
  } catch {
    throw new ExtractFolderError(`${out} is not empty and holds no previous extract: choose an empty folder`);
  }
  const foreign = present.filter((name) => name !== PACKAGE && !listed.includes(name));
  if (foreign.length) throw new ExtractFolderError(`${out} holds files no previous extract wrote (${foreign.slice(0, 3).join(', ')}): choose an empty folder`);
  for (const name of [...listed, PACKAGE]) await rm(path.join(out, name), { force: true });
}

/**
 * Removes the files a write that did not finish had begun, as its journal names them: the folder held nothing else
 * when that write began (it was checked and cleared first). A datapackage.json there is that write's own, renamed
 * into place just before it would have removed its journal.
 */
async function clearInterruptedWrite(out: string): Promise<void> {
  const journal = path.join(out, JOURNAL);
  let begun: string[];
  try {
    begun = (await readFile(journal, 'utf8')).split('\n').filter((name) => name && path.basename(name) === name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of [...begun, PACKAGE]) await rm(path.join(out, name), { force: true });
  await rm(journal);
}

/** How a table becomes GeoJSON: the geometry of a row (SQL over `v`, the tier's view), and which rows. */
interface GeojsonSource {
  geometry: string;
  /** Columns that make the geometry and are not repeated as properties. */
  consumed: string[];
  join?: string;
  where?: string;
  /** Said in the resource's description: what the features are. */
  note: string;
}

/**
 * Which tables have a GeoJSON twin, by what the tier sees of them: exact sites (restricted), generalised places,
 * boundary shapes, and the region profiles drawn on their admin-1 outlines (every mineral together, so one feature
 * per unit; the per-mineral rows are in the Parquet and CSV files).
 */
function geojsonOf(table: string, columns: string[]): GeojsonSource | null {
  const has = (...names: string[]) => names.every((n) => columns.includes(n));
  const point = (lon: string, lat: string): GeojsonSource => ({
    geometry: `json_object('type', 'Point', 'coordinates', [v.${lon}, v.${lat}])`,
    consumed: [lon, lat],
    where: `v.${lon} is not null and v.${lat} is not null`,
    note: 'one point per row',
  });
  if (has('site_lon', 'site_lat')) return point('site_lon', 'site_lat');
  if (has('place_lon', 'place_lat')) return point('place_lon', 'place_lat');
  if (has('geometry')) return { geometry: 'v.geometry', consumed: ['geometry'], note: 'one outline per row' };
  if (table === 'fct_region_risk_profiles' && has('admin1_code', 'mineral')) {
    return {
      geometry: 'shapes.geometry',
      consumed: [],
      join: 'inner join catalogue.admin1_shapes as shapes on shapes.admin1_code = v.admin1_code',
      where: `v.mineral = 'all'`,
      note: 'one admin-1 outline per unit, the rows of mineral "all"; the rows of each mineral and of whole countries are in the Parquet and CSV files',
    };
  }
  return null;
}

/** A FeatureCollection of the view's rows, written by DuckDB: no row passes through JavaScript. */
async function writeGeojson(db: Database, file: string, viewSql: string, geo: GeojsonSource): Promise<void> {
  const [{ columns }] = await db.query<{ columns: string[] }>(
    `select list(column_name) as columns from (describe select * from (${viewSql}))`,
  );
  const properties = columns
    .filter((c) => !geo.consumed.includes(c))
    .map((c) => `${quoteLiteral(c)}, v.${quoteIdentifier(c)}`)
    .join(', ');
  const [{ text }] = await db.query<{ text: string }>(
    `select json_object('type', 'FeatureCollection', 'features', coalesce(list(feature order by feature::varchar), []))::varchar as text
     from (
       select json_object('type', 'Feature', 'geometry', ${geo.geometry}, 'properties', json_object(${properties})) as feature
       from (${viewSql}) as v ${geo.join ?? ''}
       ${geo.where ? `where ${geo.where}` : ''}
     )`,
  );
  await writeFile(file, `${text}\n`);
}
