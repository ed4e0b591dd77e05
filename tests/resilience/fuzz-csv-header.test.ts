/**
 * Fuzzing the CSV header reader (ingest/csv-header.ts), which every delimited export goes through before DuckDB
 * reads its rows: any text gives a header (a delimiter, trimmed cells), a file's header is the header of its text
 * however long its first line is, up to the limit past which it is refused, and the names given to DuckDB never
 * collide. ingest/parsers.property.test.ts checks that quoted cells read back exactly; this checks what arbitrary and
 * bent input does.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HeaderTooLongError, MAX_HEADER_BYTES, parseCsvHeader, readCsvHeader, uniqueNames } from '../../ingest/csv-header.ts';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { awkwardText, fuzz, mutated, suiteDir, tally } from './arbitraries.ts';

const DELIMITERS = [',', ';', '\t', '|'];

let dir: string;
let koboCsv: Buffer;
const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
  const demo = await writeDemoData(path.join(dir, 'demo'), { producers: 1, maxSubmissions: 3, xlsx: false, odk: false });
  koboCsv = await readFile(demo.files.kobo_csv);
});

function expectHeader(header: ReturnType<typeof parseCsvHeader>, text: string): void {
  expect(DELIMITERS).toContain(header.delimiter);
  expect(header.columns.length).toBeGreaterThan(0);
  for (const column of header.columns) expect(column).toBe(column.trim());
  expect(header.hasBom).toBe(text.startsWith('\uFEFF'));
}

describe('parseCsvHeader', () => {
  it('gives a header for any text: a known delimiter and trimmed cells, never an exception', async () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), awkwardText(200));
    await fuzz({ suite: 'csv-header', small: 500, full: 10_000 }, fc.property(text, (t) => expectHeader(parseCsvHeader(t), t)));
  });
});

describe('readCsvHeader', () => {
  it("reads a file's header as parseCsvHeader reads its text, however long the first line, or refuses one past the limit", async () => {
    const outcomes = tally('read', 'refused', 'long');
    let n = 0;
    // Bent demo exports, and headers of up to 20,000 columns: longer than the first 256 KiB read, so read on.
    const wide = fc
      .tuple(fc.integer({ min: 1, max: 20_000 }), awkwardText(12), fc.constantFrom(...DELIMITERS))
      .map(([columns, name, delimiter]) => Buffer.from(`${Array.from({ length: columns }, (_, i) => `${name}${i}`).join(delimiter)}\r\nrow\r\n`));
    const file = fc.oneof({ weight: 4, arbitrary: mutated(koboCsv) }, { weight: 1, arbitrary: wide });
    await fuzz(
      { suite: 'csv-header-file', small: 120, full: 10_000, figures: () => outcomes },
      fc.asyncProperty(file, async (bytes) => {
        const target = path.join(dir, `header-${++n}.csv`);
        await writeFile(target, bytes);
        if (bytes.length > 256 * 1024) outcomes.long++;
        const text = bytes.toString('utf8');
        try {
          const header = await readCsvHeader(target);
          expectHeader(header, text);
          expect(header).toEqual(parseCsvHeader(text));
          outcomes.read++;
        } catch (error) {
          // Only a first line past the limit is refused, and these files are far smaller than it.
          expect(error).toBeInstanceOf(HeaderTooLongError);
          expect(bytes.length).toBeGreaterThan(MAX_HEADER_BYTES);
          outcomes.refused++;
        }
      }),
    );
    expect(outcomes.long, 'some headers were longer than the first read').toBeGreaterThan(0);
  });
});

describe('uniqueNames', () => {
  it('gives names DuckDB can hold side by side: as many, distinct without case, no NUL, each starting with its own', async () => {
    const names = fc.array(fc.oneof(awkwardText(6), fc.constantFrom('a', 'A', 'a_1', 'A_1', 'name', 'NAME', 'Name_2', '')), { maxLength: 40 });
    await fuzz(
      { suite: 'csv-unique-names', small: 500, full: 10_000 },
      fc.property(names, (given) => {
        const unique = uniqueNames(given);
        expect(unique).toHaveLength(given.length);
        expect(new Set(unique.map((u) => u.toLowerCase())).size).toBe(unique.length);
        unique.forEach((u, i) => expect(u.startsWith(given[i].replaceAll('\0', '\uFFFD'))).toBe(true));
        for (const u of unique) expect(u).not.toContain('\0');
      }),
    );
  });
});
