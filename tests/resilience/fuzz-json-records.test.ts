/**
 * Fuzzing the JSON incident-log reader (ingest/json/): generated logs in its three layouts (an array, an object
 * holding the records, one object per line) with members named and valued as partners' systems and hostile senders
 * write them, and real logs bent byte by byte. A log is read into a CSV with one row per record, in order, each
 * record's incident_id in its row (no record lost, doubled or moved), or refused with an IngestError naming the file
 * and, for broken JSON, a line the file has.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../ingest/errors.ts';
import { INCIDENT_FIELDS } from '../../ingest/incident-log.ts';
import { detectIncidentsJson } from '../../ingest/json/detect-json-records.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { awkwardText, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';
import { detectedOrRefused } from './well-formed.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

let dir: string;
const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
});

/** A member name: the log's own fields, plain names, and names with what JSON pointers and CSV headers escape. */
const memberName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...INCIDENT_FIELDS, 'status', 'summary', 'location', 'Severity', 'tags') },
  { weight: 2, arbitrary: awkwardText(12) },
  { weight: 1, arbitrary: fc.constantFrom('', 'a/b', '~0', '~1', '__proto__', 'constructor', 'location/lat', 'x'.repeat(200)) },
);

const scalar: fc.Arbitrary<Json> = fc.oneof(
  awkwardText(30),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

const value: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(memberName, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** An incident record: its id (text or a number), usually the other fields of a log, and anything else. */
const record = fc
  .tuple(
    fc.oneof(awkwardText(16), fc.integer({ min: -5, max: 100_000 }).map(String)),
    fc.subarray([...INCIDENT_FIELDS.filter((f) => f !== 'incident_id')], { minLength: 0 }),
    fc.dictionary(memberName, value, { maxKeys: 5 }),
  )
  .map(([id, fields, extra]) => ({ ...Object.fromEntries(fields.map((f) => [f, `${f} text`])), ...extra, incident_id: id }) as Record<string, Json>);

type Layout = 'array' | 'wrapped' | 'ndjson';

function written(records: Record<string, Json>[], layout: Layout, indent: number): string {
  if (layout === 'array') return JSON.stringify(records, null, indent);
  if (layout === 'wrapped') return JSON.stringify({ generated_at: '2024-05-01T08:00:00Z', incidents: records }, null, indent);
  return records.map((r) => JSON.stringify(r)).join(indent % 2 ? '\n\n' : '\r\n');
}

/** A real log, as an array and as NDJSON, to bend byte by byte. */
const REAL = [
  { incident_id: 'INC-1', site_code: 'CO-P001-S1', reported_on: '2024-03-02', annex_ii_group: 'serious-abuses', severity: 'critical', location: { lat: 6.25, lon: -75.56 } },
  { incident_id: 'INC-2', site_code: 'CD-P003-S1', reported_on: '2024-03-09', annex_ii_group: 'security-forces', severity: 'low', tags: ['road'] },
];
const realArray = Buffer.from(JSON.stringify(REAL, null, 2));
const realLines = Buffer.from(`${REAL.map((r) => JSON.stringify(r)).join('\n')}\n`);

/** A generated log (the records known, so every one can be looked for) or a real one bent (anything may come of it). */
const input = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(record, { minLength: 1, maxLength: 8 }), fc.constantFrom<Layout>('array', 'wrapped', 'ndjson'), fc.nat({ max: 4 }))
      .map(([records, layout, indent]) => ({ records, bytes: Buffer.from(written(records, layout, indent)), extension: layout === 'ndjson' ? '.ndjson' : '.json' })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.oneof(mutated(realArray), mutated(realLines)), fc.constantFrom('.json', '.ndjson'))
      .map(([bytes, extension]) => ({ records: undefined, bytes, extension })),
  },
);

describe('detectIncidentsJson', () => {
  it('writes one row per record in order, each with its incident_id, or refuses the log naming the file and a line it has', async () => {
    const outcomes = tally('read', 'refused', 'records', 'bent');
    let n = 0;
    await fuzz(
      { suite: 'json-records', small: 100, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(input, async ({ records, bytes, extension }) => {
        const file = path.join(dir, `log-${++n}${extension}`);
        await writeFile(file, bytes);
        if (!records) {
          outcomes.bent++;
          outcomes[await detectedOrRefused(() => detectIncidentsJson(file), { kind: IngestError, file, bytes })]++;
          return;
        }
        // Only a log no record of which has an incident's fields may be refused: the rest is valid JSON.
        const refusal = { kind: IngestError, file, bytes, says: /not an incident log: no record has/ };
        const outcome = await detectedOrRefused(() => detectIncidentsJson(file), refusal, async (result) => {
          const [header, ...rows] = parseCsv(await readFile(result.parts[0].file, 'utf8'));
          expect(header).toEqual(result.parts[0].header.columns);
          expect(rows, 'one row per record').toHaveLength(records.length);
          const at = header.indexOf('incident_id');
          expect(rows.map((row) => row[at])).toEqual(records.map((r) => r.incident_id));
          outcomes.records += records.length;
        });
        outcomes[outcome]++;
      }),
    );
    expect(outcomes.records, 'generated logs are read').toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.bent).toBeGreaterThan(0);
  });
});
