/**
 * Fuzzing format detection (ingest/detect-format.ts), the first reader every input meets: real exports of each
 * format bent byte by byte, files of random bytes or starting like a PDF, an image or a zip, under any of the names
 * people give them, with or without `--format`, and unzipped ODK exports whose tables are bent. Each is told as a
 * known format with landing parts that exist, or refused with an IngestError naming it (and, when the message names
 * a line, one the file has).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { detectFormat, FORMATS, type Format } from '../../ingest/detect-format.ts';
import { IngestError } from '../../ingest/errors.ts';
import { briefly, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';
import { detectedOrRefused } from './well-formed.ts';

let dir: string;
/** A real file of each kind, as the demo writes it or as partners send it. */
const samples = new Map<string, Buffer>();
const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
  const demo = await writeDemoData(path.join(dir, 'demo'), { producers: 1, maxSubmissions: 3 });
  for (const [kind, file] of Object.entries(demo.files)) if (file) samples.set(kind, await readFile(file));
  const odk = await JSZip.loadAsync(samples.get('odk_zip')!);
  for (const name of Object.keys(odk.files)) samples.set(`odk:${name}`, await odk.file(name)!.async('nodebuffer'));
  samples.set(
    'incidents_json',
    Buffer.from(
      `${[
        { incident_id: 'INC-1', site_code: 'CO-P001-S1', reported_on: '2024-03-02', annex_ii_group: 'serious-abuses', severity: 'critical' },
        { incident_id: 'INC-2', site_code: 'CO-P001-S2', reported_on: '2024-03-09', annex_ii_group: 'security-forces', severity: 'low' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n')}\n`,
    ),
  );
  samples.set(
    'site_registry',
    Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { site_code: 'CO-P001-S1' }, geometry: { type: 'Point', coordinates: [-75.5, 6.2] } }],
      }),
    ),
  );
});

const MAGIC = ['%PDF-1.4\n', '\u0089PNG\r\n', 'PK\u0003\u0004', '\u00ff\u00fe', '<!DOCTYPE html>', '\u00d0\u00cf\u0011\u00e0', '\uFEFF', '\n\n'];
const NAMES = ['.csv', '.CSV', '.json', '.ndjson', '.jsonl', '.geojson', '.xlsx', '.zip', '.txt', '.dat', ''];
/** The name each kind of file usually has. */
const extensionOf = (kind: string) =>
  ({ kobo_xlsx: '.xlsx', odk_zip: '.zip', incidents_json: '.ndjson', site_registry: '.geojson' })[kind] ?? '.csv';

/**
 * A file: usually a real one bent, under its usual name; else random bytes, or a real file behind another format's
 * first bytes, under any name. Forced to a format now and then, as `--format` does.
 */
const input = () =>
  fc.record({
    file: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...samples.keys()).chain((kind) => mutated(samples.get(kind)!).map((bytes) => ({ bytes, extension: extensionOf(kind) }))) },
      {
        weight: 2,
        arbitrary: fc.record({
          bytes: fc.oneof(
            fc.constantFrom(...samples.keys()).chain((kind) => mutated(samples.get(kind)!)),
            fc.uint8Array({ maxLength: 2048 }).map((bytes) => briefly(Buffer.from(bytes))),
            fc
              .tuple(fc.constantFrom(...MAGIC), fc.constantFrom(...samples.keys()))
              .map(([magic, kind]) => briefly(Buffer.concat([Buffer.from(magic, 'latin1'), samples.get(kind)!.subarray(0, 400)]))),
          ),
          extension: fc.constantFrom(...NAMES),
        }),
      },
    ),
    forced: fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom<Format>(...FORMATS.filter((f) => f !== 'odk-central-folder')) },
    ),
  });

describe('detectFormat', () => {
  it('tells every bent or foreign file, and unzipped exports, as a known format with landing parts, or refuses it naming it', async () => {
    const outcomes = tally('read', 'refused', 'folders');
    const formats: Record<string, number> = {};
    const root = 'veta_site_assessment_craft_2_1.csv';
    const repeat = 'veta_site_assessment_craft_2_1-improvement_actions.csv';
    /** An unzipped ODK export: one of its tables bent, the other beside it or not. */
    const folder = fc
      .tuple(fc.constantFrom(root, repeat), fc.boolean())
      .chain(([name, both]) => mutated(samples.get(`odk:${name}`)!).map((bytes) => ({ folder: { name, bytes, both } })));
    let n = 0;
    await fuzz(
      { suite: 'detect-format', small: 150, full: 10_000, figures: () => ({ ...outcomes, formats: Object.keys(formats).length }) },
      fc.asyncProperty(fc.oneof({ weight: 5, arbitrary: input() }, { weight: 1, arbitrary: folder }), async (given) => {
        let target: string;
        let forced: Format | undefined;
        let refusal;
        if ('folder' in given) {
          const { name, bytes, both } = given.folder;
          target = path.join(dir, `export-${++n}`);
          await mkdir(target);
          await writeFile(path.join(target, name), bytes);
          const other = name === root ? repeat : root;
          if (both) await writeFile(path.join(target, other), samples.get(`odk:${other}`)!);
          refusal = { kind: IngestError, file: target };
          outcomes.folders++;
        } else {
          const { bytes, extension } = given.file;
          target = path.join(dir, `input-${++n}${extension}`);
          forced = given.forced;
          await writeFile(target, bytes);
          refusal = { kind: IngestError, file: target, bytes: extension === '.xlsx' || extension === '.zip' ? undefined : bytes };
        }
        const outcome = await detectedOrRefused(() => detectFormat(target, forced), refusal, (detected) => {
          if (forced && !['kobo-csv', 'surveycto-csv', 'odk-central-csv'].includes(forced)) expect(detected.format).toBe(forced);
          formats[detected.format] = (formats[detected.format] ?? 0) + 1;
        });
        outcomes[outcome]++;
      }),
    );
    expect(outcomes.read).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.folders).toBeGreaterThan(0);
    expect(Object.keys(formats).length, `formats told: ${Object.keys(formats).join(', ')}`).toBeGreaterThanOrEqual(5);
  });
});
