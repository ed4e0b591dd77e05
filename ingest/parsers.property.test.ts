// Property-based tests of the parsers that read what people and tools write: many generated cases each, so the
// edge cases nobody thought to list get tried too.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../warehouse/gateway/duckdb.ts';
import { loadMacros } from '../warehouse/builder/model-project.ts';
import { TRANSFORMS_DIR } from '../warehouse/project-paths.ts';
import { parseCsvHeader } from './csv-header.ts';
import { normaliseHeaders, vetaHeaders } from './kobo/normalise-headers.ts';
import { tableSlug } from './table-slug.ts';

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
