/**
 * Reads a partner's site registry sent as GeoJSON (issue 4: "a site registry as GeoJSON") as a CSV landing part, so
 * its mine sites land in `raw.feeds__site_registry` through the same path, rejects and lineage as every other feed.
 *
 * One row per feature, in file order (feature n is row n + 1 of the CSV, the header being row 1: the `_source_row`
 * it lands with and the line a reject names). Columns: the feature's `properties`, flattened as every JSON record is
 * (json-records-to-csv.ts), then
 *
 * - `feature_id`: the feature's `id`, when it has one;
 * - `geometry_type`: the geometry's `type` (Point, Polygon, …), empty when the feature has no geometry;
 * - `longitude`, `latitude`: for a Point its coordinates; for any other geometry a representative point, the mean of
 *   its vertices (a Polygon's outer ring, each MultiPolygon part's outer ring, a line's or a MultiPoint's points), the
 *   closing vertex of a ring counted once. That mean lies inside a small convex outline such as a concession's, which
 *   is what a registry draws; it is not a centroid. A GeometryCollection has none. Written in plain decimals (up to 9
 *   places, about 0.1 mm), never in exponent notation, so the models' number parser reads them;
 * - `geometry`: the geometry as GeoJSON text, so the shape is kept as sent.
 *
 * A property named like one of those columns lands as `properties/<name>` instead: the columns above keep their
 * names, so the models can rely on them.
 *
 * The site's key is the first of `site_code`, `site_id`, `pcode` (IPIS) and `code` that some feature has as a
 * property; a feature without it is rejected when it lands. Features without geometry, or with coordinates off the
 * globe, land as they came: the staging model flags them.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { quoteLiteral, type Database } from '../../warehouse/gateway/duckdb.ts';
import type { Detected } from '../detect-format.ts';
import { IngestError, isIngestError } from '../errors.ts';
import { createJsonCellMacro, flatColumns, writeRecordsCsv } from '../json/json-records-to-csv.ts';
import { jsonHead, jsonSyntaxError } from '../json/json-syntax-error.ts';
import { openJsonWorkspace } from '../json/json-workspace.ts';
import type { Progress } from '../progress.ts';

/** The properties that can name a site, in the order they are preferred. */
const SITE_KEY_PROPERTIES = ['site_code', 'site_id', 'pcode', 'code'] as const;

const GEOMETRY_COLUMNS = ['feature_id', 'geometry_type', 'longitude', 'latitude', 'geometry'];

const EXPECTED = 'a GeoJSON FeatureCollection of mine sites ({"type": "FeatureCollection", "features": […]})';

/**
 * A FeatureCollection is one JSON object, which DuckDB reads whole: it is allowed an object as large as the file, up
 * to this bound, as the parsed document is held in memory. Registries of mine sites are a few megabytes; a larger
 * file is refused with a message rather than risking the machine's memory.
 */
const MAX_GEOJSON_BYTES = 512 * 1024 * 1024;
const DUCKDB_DEFAULT_OBJECT_BYTES = 16 * 1024 * 1024;

/**
 * Whether a `.json` file is a FeatureCollection, from its first 64 KiB: the top-level `"type"` comes first in what
 * QGIS, GDAL, mapshaper and geojson.io write, and no feature is of that type.
 */
export async function looksLikeFeatureCollection(file: string): Promise<boolean> {
  return /"type"\s*:\s*"FeatureCollection"/.test(await jsonHead(file));
}

export async function detectSiteRegistry(file: string, progress?: Progress): Promise<Detected> {
  const workspace = await openJsonWorkspace(file, 'veta-geojson-', progress);
  const { db, readable, dispose } = workspace;
  try {
    const head = (await jsonHead(readable)).trimStart();
    if (head === '') throw new IngestError(file, 'the file is empty: nothing to ingest');
    if (head.startsWith('[')) throw new IngestError(file, `is a JSON array, not ${EXPECTED}`);
    if (!head.startsWith('{')) throw new IngestError(file, `is not JSON: expected ${EXPECTED}`);
    const { size } = await stat(readable);
    if (size > MAX_GEOJSON_BYTES) {
      throw new IngestError(
        file,
        `is ${Math.ceil(size / 1024 / 1024)} MiB; Veta reads a FeatureCollection of up to ${MAX_GEOJSON_BYTES / 1024 / 1024} MiB: ` +
          'split the registry into several files',
      );
    }
    try {
      const objectBytes = Math.max(DUCKDB_DEFAULT_OBJECT_BYTES, size + 1);
      await db.run(
        `create temp view collection as
         select json from read_json_objects(${quoteLiteral(readable)}, format = 'unstructured', maximum_object_size = ${objectBytes})`,
      );
      await checkCollection(file, db);
      await createGeometryMacros(db);
      await db.run(SITES_VIEW);
      const [{ features }] = await db.query<{ features: number }>('select count(*)::integer as features from sites');
      if (features === 0) throw new IngestError(file, 'holds no features: nothing to ingest');
      const columns = await flatColumns(db, 'sites');
      const top = columns.filter((column) => column.path.length === 1).map((column) => column.name);
      const key = SITE_KEY_PROPERTIES.find((name) => top.includes(name));
      if (!key) {
        throw new IngestError(
          file,
          `no feature has a ${SITE_KEY_PROPERTIES.join(', ').replace(/, (?=[^,]+$)/, ' or ')} property to name its site ` +
            `(their properties are ${top.slice(0, 10).join(', ') || 'empty'}${top.length > 10 ? ', …' : ''})`,
        );
      }
      const target = path.join(workspace.dir, `${path.basename(file, path.extname(file))}.csv`);
      const names = await writeRecordsCsv(
        db,
        { relation: 'sites', target, trailing: GEOMETRY_COLUMNS, renameClash: (column) => ['properties', ...column.path].join('/') },
        columns,
      );
      return {
        format: 'site-registry-geojson',
        mapped: true,
        encoding: workspace.encoding,
        parts: [
          {
            file: target,
            table: 'feeds__site_registry',
            key: { column: key, lineage: '_record_key' },
            header: { delimiter: ',', columns: names, hasBom: false },
            names,
          },
        ],
        dispose,
      };
    } catch (error) {
      if (isIngestError(error)) throw error;
      throw await jsonSyntaxError(file, readable, 'document', error, EXPECTED);
    }
  } catch (error) {
    await dispose();
    throw error;
  } finally {
    db.close();
  }
}

/** One JSON object whose `type` is FeatureCollection and whose `features` is an array, or a message saying otherwise. */
async function checkCollection(file: string, db: Database): Promise<void> {
  const values = await db.query<{ type: string; kind: string | null; features: string | null }>(
    `select json_type(json) as type, json ->> '$.type' as kind, json_type(json, '$.features') as features
     from collection limit 2`,
  );
  if (values.length !== 1) throw new IngestError(file, `holds ${values.length === 0 ? 'no' : 'more than one'} JSON value: expected ${EXPECTED}`);
  const [{ type, kind, features }] = values;
  if (type !== 'OBJECT') throw new IngestError(file, `is not a JSON object: expected ${EXPECTED}`);
  if (kind === 'Feature') throw new IngestError(file, `is a single GeoJSON Feature, not ${EXPECTED}`);
  if (kind !== 'FeatureCollection') {
    throw new IngestError(file, `${kind === null ? 'has no "type"' : `has "type": ${JSON.stringify(kind)}`}: expected ${EXPECTED}`);
  }
  if (features !== 'ARRAY') {
    throw new IngestError(file, `${features === null ? 'has no "features"' : `has "features" that is not an array`}: expected ${EXPECTED}`);
  }
}

/** A ring without its closing vertex, a mean of positions, and a coordinate as text (see the header comment). */
async function createGeometryMacros(db: Database): Promise<void> {
  await createJsonCellMacro(db);
  await db.run(
    `create or replace temp macro open_ring(ring_points) as
         case when len(ring_points) > 1 and ring_points[1] = ring_points[-1] then ring_points[1:-2] else ring_points end;
     create or replace temp macro mean_coordinate(points, axis) as
         list_avg(list_transform(points, lambda point: try_cast(json_extract_string(point, axis) as double)));
     create or replace temp macro coordinate_text(value) as
         regexp_replace(printf('%.9f', value), '\\.?0+$', '')`,
  );
}

/** The features as records to flatten (their properties) with their geometry columns, in file order. */
const SITES_VIEW = `
create temp view sites as
with features as (
    -- unnest rather than json_each, which takes time in the square of the number of features.
    select generate_subscripts(features, 1)::integer as record, unnest(features) as feature
    from (select json_extract(json, '$.features[*]') as features from collection)
),
parts as (
    select
        record,
        case when json_type(feature) = 'OBJECT' then feature -> '$.properties' end as json,
        case when json_type(feature) = 'OBJECT' then json_cell(feature -> '$.id') end as feature_id,
        case when json_type(feature -> '$.geometry') = 'OBJECT' then feature -> '$.geometry' end as shape
    from features
),
-- The vertices a representative point is the mean of. Written out here rather than as a macro: DuckDB 1.5 cannot
-- bind a lambda on a macro's parameter when that macro is called from another one.
located as (
    select
        *,
        case shape ->> '$.type'
            when 'Point' then [shape -> '$.coordinates']
            when 'MultiPoint' then json_extract(shape, '$.coordinates[*]')
            when 'LineString' then json_extract(shape, '$.coordinates[*]')
            when 'MultiLineString' then json_extract(shape, '$.coordinates[*][*]')
            when 'Polygon' then open_ring(json_extract(shape, '$.coordinates[0][*]'))
            when 'MultiPolygon' then flatten(list_transform(
                json_extract(shape, '$.coordinates[*][0]'), lambda outer_ring: open_ring(json_extract(outer_ring, '$[*]'))))
        end as points
    from parts
)
select
    record,
    json,
    feature_id,
    shape ->> '$.type' as geometry_type,
    coordinate_text(mean_coordinate(points, '$[0]')) as longitude,
    coordinate_text(mean_coordinate(points, '$[1]')) as latitude,
    shape::varchar as geometry
from located`;
