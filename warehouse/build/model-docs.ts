/**
 * The `_<layer>__models.yml` files beside the models: each model's description, grain, columns and data tests.
 * Validated at the boundary, so a typo in a test name fails with the file and the path to the mistake.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { ProjectError } from './errors.ts';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const DataTestSpec = z.union([
  z.literal('unique'),
  z.literal('not_null'),
  z.strictObject({ accepted_values: z.strictObject({ values: z.array(scalar).min(1) }) }),
  z.strictObject({ relationships: z.strictObject({ to: z.string(), field: z.string() }) }),
]);

export const ModelTestSpec = z.strictObject({
  expression_is_true: z.strictObject({ expression: z.string(), description: z.string().optional() }),
});

const ColumnDoc = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  tests: z.array(DataTestSpec).default([]),
});

const ModelDoc = z.strictObject({
  name: z.string(),
  description: z.string(),
  grain: z.string(),
  columns: z.array(ColumnDoc).default([]),
  tests: z.array(ModelTestSpec).default([]),
});

const DocsFile = z.strictObject({ models: z.array(ModelDoc) });

export type ModelDoc = z.infer<typeof ModelDoc>;
export type ColumnTestSpec = z.infer<typeof DataTestSpec>;
export type RowTestSpec = z.infer<typeof ModelTestSpec>;

export async function readModelDocs(file: string): Promise<ModelDoc[]> {
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'), { prettyErrors: true });
  } catch (error) {
    throw new ProjectError(`${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = DocsFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProjectError(`${file}: at ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data.models;
}
