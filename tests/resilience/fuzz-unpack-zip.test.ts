/**
 * Fuzzing the zip reader under ODK exports and workbooks (ingest/zip/unpack-zip.ts): the demo's real archives bent
 * byte by byte, and archives written byte by byte with members named and sized as hostile senders make them (names
 * that climb out, NUL, backslashes; sizes that lie). Listing and unpacking either give members whose files hold
 * exactly what each declared, all inside the folder asked for, or stop with an error that says why (a refusal, or
 * the zip library's words for a damaged archive, which the readers above wrap with the file's name); never a
 * TypeError or RangeError, never a byte outside the folder.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { listZip, unpackZip, ZipRefusedError } from '../../ingest/zip/unpack-zip.ts';
import { awkwardText, briefly, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';
import { deflated, stored, zipBytes, type ZipEntry } from '../helpers/zip-bytes.ts';

let dir: string;
const archives: Buffer[] = [];
const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
  const demo = await writeDemoData(path.join(dir, 'demo'), { producers: 1, maxSubmissions: 3 });
  archives.push(await readFile(demo.files.odk_zip!), await readFile(demo.files.kobo_xlsx!));
});

const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('form.csv', 'form-repeat.csv', 'export/form.csv', 'files/photo.jpg', 'xl/workbook.xml', 'dir/') },
  { weight: 2, arbitrary: fc.constantFrom('../x.csv', '/abs.csv', 'C:\\x.csv', '..\\..\\x.csv', 'a/../../x.csv', 'x.csv\u0000.txt', './x.csv') },
  { weight: 2, arbitrary: awkwardText(16) },
);

/** A member: content stored or deflated, its declared size true or a lie. */
const entry: fc.Arbitrary<ZipEntry> = fc
  .record({ name, content: fc.uint8Array({ maxLength: 2048 }), deflate: fc.boolean(), lie: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -2000, max: 2000 }) }) })
  .map(({ name: member, content, deflate, lie }) => {
    const bytes = Buffer.from(content);
    const made = deflate ? deflated(member, bytes) : stored(member, bytes);
    return { ...made, uncompressedSize: Math.max(0, made.uncompressedSize + lie) };
  });

const archive = () => fc.oneof(fc.constantFrom(...archives).chain((bytes) => mutated(bytes)), fc.array(entry, { maxLength: 6 }).map((entries) => briefly(zipBytes(entries))));

describe('listZip and unpackZip', () => {
  it('unpack exactly what each member declares inside the folder asked for, or stop saying why', async () => {
    const outcomes = tally('unpacked', 'refused', 'damaged', 'members');
    let n = 0;
    await fuzz(
      { suite: 'unpack-zip', small: 200, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(archive(), async (bytes) => {
        const root = path.join(dir, `case-${++n}`);
        const out = path.join(root, 'out');
        await mkdir(out, { recursive: true });
        const file = path.join(root, 'archive.zip');
        await writeFile(file, bytes);
        let i = 0;
        try {
          const members = await listZip(file);
          const written = await unpackZip(file, () => path.join(out, `${++i}.bin`));
          expect(written.length).toBeLessThanOrEqual(members.length);
          for (const { member, path: target } of written) {
            expect(path.dirname(target)).toBe(out);
            expect((await stat(target)).size, `${member.name} holds what it declares`).toBe(member.uncompressedSize);
          }
          outcomes.unpacked++;
          outcomes.members += written.length;
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).name, (error as Error).stack).toMatch(/^(Error|ZipRefusedError)$/);
          expect((error as Error).message.length).toBeGreaterThan(0);
          outcomes[error instanceof ZipRefusedError ? 'refused' : 'damaged']++;
        }
        // Nothing but the archive and the folder asked for, whatever the members were named.
        expect((await readdir(root)).sort()).toEqual(['archive.zip', 'out']);
        expect((await readdir(out)).every((f) => /^\d+\.bin$/.test(f))).toBe(true);
      }),
    );
    expect(outcomes.unpacked).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.damaged).toBeGreaterThan(0);
  });
});
