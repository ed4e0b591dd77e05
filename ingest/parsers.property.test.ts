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
import { profileText, transcodeToUtf8 } from './text-encoding.ts';

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
