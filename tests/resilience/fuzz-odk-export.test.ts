/**
 * Fuzzing the ODK Central export reader (ingest/odk/): the header renaming every root and repeat table goes through,
 * and the detection of a zipped export, on archives made from the demo's real export with bent tables, members named
 * as hostile senders name them (`../x.csv`, `C:\x.csv`, a NUL, folders), and on the bytes of the real archive bent
 * directly. Each archive is refused with an IngestError naming it, or gives landing parts that exist and name tables
 * DuckDB can hold; nothing is ever written outside the folder detection unpacks into.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { IngestError } from '../../ingest/errors.ts';
import { detectOdkZip, isVetaOdkRoot } from '../../ingest/odk/detect-odk-export.ts';
import { koboHeader } from '../../ingest/odk/odk-tables.ts';
import { awkwardText, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';
import { detectedOrRefused } from './well-formed.ts';
import { deflated, stored, zipBytes, type ZipEntry } from '../helpers/zip-bytes.ts';

const ROOT = 'veta_site_assessment_craft_2_1.csv';
const REPEAT = 'veta_site_assessment_craft_2_1-improvement_actions.csv';
/** Written into every hostile name: a file of that name anywhere but the unpacking folder escaped it. */
const ESCAPE_MARK = 'veta-fuzz-escaped';

let dir: string;
let odkZip: Buffer;
let root: Buffer;
let repeat: Buffer;
const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
  const demo = await writeDemoData(path.join(dir, 'demo'), { producers: 1, maxSubmissions: 3, xlsx: false });
  odkZip = await readFile(demo.files.odk_zip!);
  const zip = await JSZip.loadAsync(odkZip);
  root = await zip.file(ROOT)!.async('nodebuffer');
  repeat = await zip.file(REPEAT)!.async('nodebuffer');
});

describe('koboHeader', () => {
  it("renames any ODK column to a path without ODK's separator, and isVetaOdkRoot answers for any header", async () => {
    const odkColumn = fc.oneof(
      awkwardText(30),
      fc.tuple(fc.array(fc.constantFrom('site', 'gps', 'm1', 'Latitude', 'Longitude', 'Accuracy', 'KEY', ''), { maxLength: 5 })).map(([p]) => p.join('-')),
    );
    await fuzz(
      { suite: 'odk-columns', small: 500, full: 10_000 },
      fc.property(fc.array(odkColumn, { maxLength: 30 }), fc.boolean(), (columns, isRepeat) => {
        for (const column of columns) {
          const renamed = koboHeader(column, isRepeat);
          expect(typeof renamed).toBe('string');
          // Groups are the only thing renamed: a column without `-` keeps its name unless it is ODK's metadata.
          if (!column.includes('-') && !['KEY', 'PARENT_KEY', 'SubmissionDate', 'FormVersion', 'ReviewState'].includes(column)) {
            expect(renamed).toBe(column);
          }
        }
        expect(typeof isVetaOdkRoot(columns)).toBe('boolean');
      }),
    );
  });
});

/** A member name: the real ones, inside a folder, or what a hostile or careless sender writes. */
function memberName(n: () => number): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(ROOT, REPEAT, `export/${ROOT}`, `export/${REPEAT}`, 'files/photo.jpg', 'audit.csv', 'files/') },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('../', '../../', '/', 'C:\\', '..\\', 'a/../../', './', 'export/../../', '\\\\server\\share\\')
        .map((prefix) => `${prefix}${ESCAPE_MARK}-${n()}.csv`),
    },
    { weight: 1, arbitrary: fc.tuple(awkwardText(20), fc.constantFrom('.csv', '.CSV', '', '/')).map(([name, ext]) => `${name}${ext}`) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 24 }).map((bytes) => Buffer.concat([Buffer.from(bytes), Buffer.from('.csv')])) },
  );
}

/** An archive of the demo export's tables, bent or not, under the names above. */
function archive(n: () => number): fc.Arbitrary<Buffer> {
  const table = fc.oneof(fc.constant(root), fc.constant(repeat), mutated(root), mutated(repeat), fc.constant(Buffer.alloc(0)));
  const entry = fc
    .tuple(memberName(n), table, fc.boolean())
    .map(([name, content, deflate]): ZipEntry => (deflate ? deflated(name, content) : stored(name, content)));
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(entry, { minLength: 0, maxLength: 5 }).map((entries) => zipBytes(entries)) },
    { weight: 2, arbitrary: mutated(odkZip) },
  );
}

describe('detectOdkZip', () => {
  it('gives landing parts, or refuses the archive naming it; nothing lands outside the unpacking folder', async () => {
    const outcomes = tally('read', 'refused');
    let counter = 0;
    const next = () => ++counter;
    await fuzz(
      { suite: 'odk-zip', small: 200, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(archive(next), async (bytes) => {
        const file = path.join(dir, `export-${next()}.zip`);
        await writeFile(file, bytes);
        const outcome = await detectedOrRefused(() => detectOdkZip(file), { kind: IngestError, file }, (detected) => {
          expect(detected.format).toBe('odk-central-zip');
        });
        outcomes[outcome]++;
        for (const where of [tmpdir(), dir, path.dirname(dir), process.cwd()]) {
          const escaped = (await readdir(where)).filter((name) => name.includes(ESCAPE_MARK));
          expect(escaped, `files escaped into ${where}`).toEqual([]);
        }
      }),
    );
    expect(outcomes.read, 'some archives are read').toBeGreaterThan(0);
    expect(outcomes.refused, 'some archives are refused').toBeGreaterThan(0);
    expect(existsSync(path.join(tmpdir(), ESCAPE_MARK))).toBe(false);
  });
});
