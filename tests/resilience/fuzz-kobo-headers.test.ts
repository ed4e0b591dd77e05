/**
 * Fuzzing the KoboToolbox header normalisation (ingest/kobo/normalise-headers.ts), which reads the header of every
 * survey export that is not already in Veta's `/` paths: whatever columns come (Veta's paths with any separator, its
 * questions without groups, labels, unrelated or hostile names), each column maps to itself or to one of the form's
 * paths, the mapping is stable when run again, and no column is lost or added. Telling a "Labels" export answers yes
 * or no for any header.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLabelExport, normaliseHeaders, vetaHeaders } from '../../ingest/kobo/normalise-headers.ts';
import { awkwardText, fuzz, tally } from './arbitraries.ts';

let known: Set<string>;
let headers: string[];
beforeAll(async () => {
  known = await vetaHeaders();
  headers = [...known];
});

/** A column as exports write them: one of Veta's paths with another separator or fewer groups, or anything else. */
function column(): fc.Arbitrary<string> {
  const path = fc.constantFrom(...headers);
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(path, fc.constantFrom('/', '.', ':', '-', '__', ' / ', '|', '')).map(([h, s]) => h.replaceAll('/', s)) },
    { weight: 2, arbitrary: fc.tuple(path, fc.nat()).map(([h, n]) => h.split('/').slice(n % h.split('/').length).join('/')) },
    { weight: 1, arbitrary: fc.tuple(path, awkwardText(4)).map(([h, noise]) => `${h}${noise}`) },
    { weight: 2, arbitrary: awkwardText(30) },
  );
}

describe('normaliseHeaders', () => {
  it("maps each column to itself or one of the form's paths, keeps their number, and changes nothing a second time", async () => {
    const outcomes = tally('columns', 'renamed');
    await fuzz(
      { suite: 'kobo-headers', small: 300, full: 10_000, figures: () => outcomes },
      fc.property(fc.array(column(), { maxLength: 40 }), (columns) => {
        const normalised = normaliseHeaders(columns, known);
        expect(normalised).toHaveLength(columns.length);
        normalised.forEach((name, i) => {
          if (name !== columns[i]) {
            expect(known.has(name), `${JSON.stringify(columns[i])} became ${JSON.stringify(name)}, not a path of the form`).toBe(true);
            outcomes.renamed++;
          }
        });
        outcomes.columns += columns.length;
        expect(normaliseHeaders(normalised, known)).toEqual(normalised);
        // A column that already is one of the form's paths is never renamed.
        columns.forEach((name, i) => known.has(name) && expect(normalised[i]).toBe(name));
      }),
    );
    expect(outcomes.renamed, 'the cases reach the renaming').toBeGreaterThan(0);
  });
});

describe('isLabelExport', () => {
  it('answers yes or no for any header, and no for a header of nothing but the underscored metadata', async () => {
    await fuzz(
      { suite: 'kobo-label-export', small: 300, full: 10_000 },
      fc.asyncProperty(fc.array(fc.oneof(column(), awkwardText(20)), { maxLength: 60 }), async (columns) => {
        expect(typeof (await isLabelExport(columns))).toBe('boolean');
        expect(await isLabelExport(columns.map((c) => `_${c}`))).toBe(false);
      }),
    );
  });
});
