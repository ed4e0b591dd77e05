/**
 * The YAML that documents tables: `_<layer>__models.yml` beside the SQL models and `_catalogue.yml` beside the
 * catalogue's CSV files. Each table has a description and grain; each column its meaning, and for published tables
 * its type, unit and sensitivity. This is the one place the data dictionary comes from, and the contracts the build
 * enforces on published tables. Validated at the boundary, so a typo fails with the file and the path to it.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ProjectError } from './errors.ts';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const DataTestSpec = z.union([
  z.literal('unique'),
  z.literal('not_null'),
  z.strictObject({ accepted_values: z.strictObject({ values: z.array(scalar).min(1) }) }),
  z.strictObject({ relationships: z.strictObject({ to: z.string(), field: z.string() }) }),
]);

const RowTestSpec = z.union([
  z.strictObject({ expression_is_true: z.strictObject({ expression: z.string(), description: z.string().optional() }) }),
  z.strictObject({
    unique_combination: z.strictObject({ columns: z.array(z.string()).min(2), description: z.string().optional() }),
  }),
]);

/**
 * Who may see a column. public: may appear in public views (subject to aggregation and suppression rules);
 * restricted: needs a partner, implementer or admin role (exact site locations, producer-level detail);
 * personal: about an identifiable person (names, phone numbers, free-text evidence): never in public views.
 */
export const SENSITIVITIES = ['public', 'restricted', 'personal'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

const ColumnDoc = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  /** A DuckDB type, as `describe` prints it: VARCHAR, INTEGER, DOUBLE, DATE, TIMESTAMP, BOOLEAN, VARCHAR[] … */
  type: z
    .string()
    .transform((t) => t.toUpperCase())
    .optional(),
  unit: z.string().optional(),
  sensitivity: z.enum(SENSITIVITIES).optional(),
  tests: z.array(DataTestSpec).default([]),
});

/**
 * A unit test of a model: given rows for the relations it reads, the rows it must give (compared on the columns
 * the expected rows name, in any order). Catalogue tables are the real ones; every other relation is given.
 */
const UnitTest = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'unit test names are lowercase snake_case'),
  description: z.string().optional(),
  given: z.record(z.string().regex(/^[a-z]+\.[a-z0-9_]+$/, 'a relation such as staging.stg_x'), z.array(z.record(z.string(), z.unknown()))),
  expect: z.array(z.record(z.string(), z.unknown())),
});

export type UnitTest = z.infer<typeof UnitTest>;

const TableDoc = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'table names are lowercase snake_case'),
  description: z.string(),
  grain: z.string(),
  /** Catalogue tables only: the CSV file (beside the YAML) the table is loaded from. */
  file: z.string().optional(),
  columns: z.array(ColumnDoc).default([]),
  tests: z.array(RowTestSpec).default([]),
  unit_tests: z.array(UnitTest).default([]),
});

export type ColumnDoc = z.infer<typeof ColumnDoc>;
export type TableDoc = z.infer<typeof TableDoc>;

const ModelsFile = z.strictObject({ models: z.array(TableDoc) });
const TablesFile = z.strictObject({ tables: z.array(TableDoc) });

/** Reads a models file (`models:`) or a tables file (`tables:`). */
export async function readTableDocs(file: string, kind: 'models' | 'tables' = 'models'): Promise<TableDoc[]> {
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'), { prettyErrors: true });
  } catch (error) {
    throw new ProjectError(`${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = kind === 'models' ? ModelsFile.safeParse(data) : TablesFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProjectError(`${file}: at ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return 'models' in parsed.data ? parsed.data.models : parsed.data.tables;
}

/**
 * A published table must declare every column with its meaning, type and sensitivity: the dictionary and the
 * privacy rules are derived from it, so a gap here is a gap in what the public may see.
 */
export function contractGaps(doc: TableDoc): string[] {
  const gaps: string[] = [];
  if (doc.columns.length === 0) gaps.push('declares no columns');
  for (const column of doc.columns) {
    const missing = (['description', 'type', 'sensitivity'] as const).filter((key) => !column[key]);
    if (missing.length) gaps.push(`column ${column.name} lacks ${missing.join(', ')}`);
  }
  return gaps;
}
