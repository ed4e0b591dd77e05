/**
 * Fuzzing the mapping-file reader (warehouse/mappings/mapping-file.ts), which reads the YAML a person writes to map
 * another form onto Veta's assessment: mappings generated near the format (right and wrong keys, values of every
 * YAML kind, odd column names) and the test fixture's real mapping bent byte by byte. A mapping is read into one the
 * schema accepts, whose referenced columns can be listed, or refused with a MappingError naming the file, a line it
 * has and a column.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { mappingSchema, MappingError, parseMapping, referencedColumns } from '../../warehouse/mappings/mapping-file.ts';
import { awkwardText, expectRefusal, fuzz, mutated, tally } from './arbitraries.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/other-forms/visita_mina_2023.mapping.yml', import.meta.url));
const FILE = 'visita_mina_2023.mapping.yml';

let fixture: Buffer;
beforeAll(async () => {
  fixture = await readFile(FIXTURE);
});

/** Read or refused: nothing else may come out of a mapping file. */
function readOrRefused(text: string, outcomes: Record<'read' | 'refused', number>): 'read' | 'refused' {
  let mapping;
  try {
    mapping = parseMapping(text, FILE);
  } catch (error) {
    expectRefusal(error, { kind: MappingError, file: FILE, bytes: text });
    expect((error as Error).message).toMatch(new RegExp(`^${FILE.replaceAll('.', '\\.')}: line \\d+, column \\d+`));
    outcomes.refused++;
    return 'refused';
  }
  expect(mappingSchema.safeParse(mapping).success).toBe(true);
  for (const { column, where } of referencedColumns(mapping)) {
    expect(typeof column).toBe('string');
    expect(where).toMatch(/^(fields|requirements)\./);
  }
  outcomes.read++;
  return 'read';
}

const scalar = fc.oneof(awkwardText(16), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const name = awkwardText(20).filter((t) => t.length > 0);
const recode = fc.dictionary(awkwardText(8), fc.oneof(awkwardText(8), fc.constant(null)), { maxKeys: 3 });
const field = fc.oneof(
  name,
  fc.record({ column: name, recode }, { requiredKeys: ['column'] }),
  fc.record({ value: awkwardText(10) }),
);
const requirement = fc.record({ column: name, recode, evidence: name }, { requiredKeys: ['column'] });

/** A mapping the format allows, with any column names and answers. */
const valid = fc.record(
  {
    mapping_version: fc.constant(1),
    source_table: fc.stringMatching(/^[a-z0-9_]{1,30}$/),
    framework_version: fc.constantFrom('craft-2.1', 'craft-2.0', 'fairmined-2.0'),
    form_id: name,
    fields: fc.dictionary(fc.oneof(fc.constantFrom('site/site_code', 'site/country', 'start'), awkwardText(16)), field, { maxKeys: 6 }),
    requirements: fc.dictionary(fc.oneof(fc.constantFrom('craft-2.1.M3-3'), awkwardText(16)), requirement, { maxKeys: 3 }),
  },
  { requiredKeys: ['mapping_version', 'source_table', 'framework_version'] },
);

/** One member of a valid mapping made wrong: another kind of value, a path where a member is expected, an unknown one. */
const wrong = fc.tuple(valid, fc.constantFrom('mapping_version', 'source_table', 'framework_version', 'fields', 'requirements', 'unknown'), fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(awkwardText(6), scalar, { maxKeys: 2 }))).map(
  ([mapping, member, value]) => ({ ...mapping, [member]: value }),
);

function readsBack(yaml: string, value: object): boolean {
  try {
    return isDeepStrictEqual(parse(yaml), value);
  } catch {
    return false;
  }
}

describe('parseMapping', () => {
  it('reads a generated or bent mapping into one the schema accepts, or refuses it naming the file, line and column', async () => {
    const outcomes = tally('read', 'refused');
    const style = fc.constantFrom<'block' | 'flow'>('block', 'flow');
    // The YAML library writes a few odd texts (a multi-line text starting with "-" in a flow map) as YAML it cannot
    // read back itself: such a mapping is not one a person could have written, so it is not held to be read.
    const text = (mapping: fc.Arbitrary<object>, isValid: boolean) =>
      fc.tuple(mapping, style).map(([value, collectionStyle]) => {
        const yaml = stringify(value, { collectionStyle, lineWidth: 0 });
        return { text: yaml, isValid: isValid && readsBack(yaml, value) };
      });
    const input = fc.oneof(
      text(valid, true),
      text(wrong, false),
      mutated(fixture).map((bytes) => ({ text: bytes.toString('utf8'), isValid: false })),
    );
    await fuzz(
      { suite: 'mapping-file', small: 300, full: 10_000, figures: () => outcomes },
      fc.property(input, ({ text: yaml, isValid }) => {
        const outcome = readOrRefused(yaml, outcomes);
        if (isValid) expect(outcome, 'a mapping the format allows is read').toBe('read');
      }),
    );
    expect(outcomes.read, 'some mappings are valid').toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
