// Property-based tests of the parsers that read what people and tools write: many generated cases each, so the
// edge cases nobody thought to list get tried too.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../tests/helpers/parse-csv.ts';
import { Database } from '../warehouse/gateway/duckdb.ts';
import { loadMacros } from '../warehouse/builder/model-project.ts';
import { TRANSFORMS_DIR } from '../warehouse/project-paths.ts';
import { parseCsvHeader } from './csv-header.ts';
import { normaliseHeaders, vetaHeaders } from './kobo/normalise-headers.ts';
import { tableSlug } from './table-slug.ts';
import { isUtf8 } from 'node:buffer';
import { LineBreakScan, profileText, TextProfiler, transcodeToUtf8, Utf8Check } from './text-encoding.ts';

const RUNS = 10_000;

describe('parseCsvHeader', () => {
  it('reads back any quoted header cells, whatever they hold, with its delimiter', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', ';', '\t', '"', '\n', '/', '_', '’'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 2, maxLength: 8 }), fc.constantFrom(',', ';', '\t'), fc.boolean(), (cells, delimiter, bom) => {
        const line = cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(delimiter);
        const parsed = parseCsvHeader(`${bom ? '\uFEFF' : ''}${line}\r\n"x"${delimiter}"y"\r\n`);
        // Cells are trimmed, as headers are compared by name.
        expect(parsed).toEqual({ delimiter, columns: cells.map((c) => c.trim()), hasBom: bom });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('tableSlug', () => {
  it('always gives a short, plain table name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (name) => {
        expect(tableSlug(name)).toMatch(/^[a-z0-9_]{1,48}$/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('normaliseHeaders', () => {
  it("puts any separator back to the form's paths, and changes nothing a second time", async () => {
    const known = await vetaHeaders();
    const headers = [...known];
    fc.assert(
      fc.property(fc.subarray(headers, { minLength: 1, maxLength: 20 }), fc.constantFrom('/', '.', ':', '-', '__'), (picked, separator) => {
        const renamed = picked.map((h) => h.replaceAll('/', separator));
        const once = normaliseHeaders(renamed, known);
        expect(once).toEqual(picked);
        expect(normaliseHeaders(once, known)).toEqual(once);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parse_number', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await loadMacros(db, TRANSFORMS_DIR);
  });
  afterAll(() => db.close());

  it('reads back numbers as Colombian, French, German and US locales print them', async () => {
    const locales = ['es-CO', 'fr-FR', 'de-DE', 'en-US'];
    const cases = fc.sample(fc.tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.constantFrom(...locales)), { numRuns: RUNS, seed: 42 });
    const rows = cases.map(([cents, locale]) => {
      const text = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
      return { text, value: cents / 100 };
    });
    // One query for all cases: the macro runs in DuckDB, case by case would only measure round trips.
    const parsed = await db.query<{ i: number; n: number | null }>(
      `select i::integer as i, parse_number(t) as n from (select unnest($texts::varchar[]) as t, generate_subscripts($texts::varchar[], 1) as i)`,
      { texts: JSON.stringify(rows.map((r) => r.text)) },
    );
    const wrong = parsed.filter(({ i, n }) => n === null || Math.abs(n - rows[i - 1].value) > 1e-9).slice(0, 3);
    expect(wrong.map(({ i, n }) => ({ text: rows[i - 1].text, expected: rows[i - 1].value, got: n }))).toEqual([]);
    expect(parsed).toHaveLength(RUNS);
  });
});

describe('profileText and transcodeToUtf8 on line endings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'veta-eol-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('rewrites records ending in CRLF and LF by turns to LF, and never touches a line break inside a quoted cell', async () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ';', '"', '\n', '\r', '\r\n', '’'), maxLength: 8 });
    const record = fc.array(cell, { minLength: 1, maxLength: 4 });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(record, fc.constantFrom('\r\n', '\n')), { minLength: 1, maxLength: 6 }), async (records) => {
        const text = records.map(([cells, eol]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(';') + eol).join('');
        const file = path.join(dir, `in-${++n}.csv`);
        const out = path.join(dir, `out-${n}.csv`);
        await writeFile(file, text);
        const endings = new Set(records.map(([, eol]) => eol));
        const profile = await profileText(file);
        expect(profile).toMatchObject({ utf8: true, mixedLineEndings: endings.size === 2 });
        await transcodeToUtf8(file, 'utf-8', out, { lineEndings: 'lf' });
        const written = await readFile(out, 'utf8');
        // The cells read back exactly, and every record now ends in LF.
        expect(parseCsv(written, ';')).toEqual(records.map(([cells]) => cells));
        expect(written.endsWith('\n') && !written.endsWith('\r\n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/** The bytes cut into pieces at the given points (taken modulo its length), as a stream would hand them over. */
function cutAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => (bytes.length ? c % (bytes.length + 1) : 0)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    pieces.push(bytes.subarray(from, to));
    from = to;
  }
  return pieces;
}

/** What a record-by-record reading says, written the plain way, character by character: the reference. */
function profileByHand(bytes: Buffer): { mixedLineEndings: boolean; blankLines: number[] } {
  let inQuotes = false;
  let [crlf, lf, line, filled] = [0, 0, 1, false];
  const blankLines: number[] = [];
  bytes.forEach((byte, i) => {
    if (byte === 0x22) inQuotes = !inQuotes;
    if (byte === 0x0a && !inQuotes) {
      if (bytes[i - 1] === 0x0d) crlf++;
      else lf++;
      if (!filled) blankLines.push(line);
      line++;
      filled = false;
    } else if (byte !== 0x0d) filled = true;
  });
  return { mixedLineEndings: crlf > 0 && lf > 0, blankLines };
}

describe('the text checks made a chunk at a time', () => {
  const text = fc.array(fc.constantFrom('a', 'é', '€', '🙂', ';', '"', '\n', '\r', '\r\n', ' '), { maxLength: 40 }).map((parts) => parts.join(''));
  const bytes = fc.oneof(
    text.map((t) => Buffer.from(t)),
    // Windows-1252 and cut characters among the UTF-8: bytes no UTF-8 text has.
    fc.tuple(text, fc.uint8Array({ maxLength: 4 }), text).map(([a, odd, b]) => Buffer.concat([Buffer.from(a), odd, Buffer.from(b)])),
  );
  const cuts = fc.array(fc.nat(200), { maxLength: 6 });

  it('find what one look at the whole bytes finds, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(bytes, cuts, (whole, at) => {
        const utf8 = new Utf8Check();
        const profiler = new TextProfiler();
        for (const piece of cutAt(whole, at)) {
          utf8.update(piece);
          profiler.update(piece);
        }
        expect(utf8.finish()).toBe(isUtf8(whole));
        expect(profiler.finish()).toEqual({ utf8: isUtf8(whole), ...profileByHand(whole) });
      }),
      { numRuns: RUNS },
    );
  });

  it('say a text has plain line breaks only when it has no empty record and one line ending', () => {
    let plain = 0;
    fc.assert(
      fc.property(bytes, cuts, (whole, at) => {
        const scan = new LineBreakScan();
        for (const piece of cutAt(whole, at)) scan.update(piece);
        if (!scan.finish()) return;
        plain += 1;
        expect(profileByHand(whole)).toEqual({ mixedLineEndings: false, blankLines: [] });
      }),
      { numRuns: RUNS },
    );
    // Not a check that passes by never saying so: most generated texts hold a break or none at all.
    expect(plain).toBeGreaterThan(RUNS / 10);
  });
});
