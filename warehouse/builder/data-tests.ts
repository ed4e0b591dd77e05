/**
 * Turns the tests declared beside a model into queries that return the failing rows: no rows, the test passes.
 * Names come from the YAML, so they are quoted; accepted values are bound as literals through DuckDB's quoting.
 */
import { quoteIdentifier, quoteLiteral } from '../gateway/duckdb.ts';
import type { TableDoc } from './table-docs.ts';

export interface DataTest {
  /** Stable and readable: `unique_dim_sites_site_id`. */
  id: string;
  /** The tested table as `schema.name`. */
  model: string;
  column?: string;
  kind: string;
  sql: string;
}

export interface TestedTable {
  schema: string;
  name: string;
  doc: TableDoc;
}

export function compileTests(table: TestedTable): DataTest[] {
  const model = { ...table, relation: `${table.schema}.${table.name}` };
  const relation = `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
  const tests: DataTest[] = [];
  for (const column of model.doc.columns) {
    const col = quoteIdentifier(column.name);
    for (const spec of column.tests) {
      const kind = typeof spec === 'string' ? spec : Object.keys(spec)[0];
      const test = (sql: string): DataTest => ({
        id: `${kind}_${model.name}_${column.name}`,
        model: model.relation,
        column: column.name,
        kind,
        sql,
      });
      if (spec === 'unique') {
        tests.push(test(`select ${col}, count(*)::integer as occurrences from ${relation} where ${col} is not null group by ${col} having count(*) > 1`));
      } else if (spec === 'not_null') {
        tests.push(test(`select * from ${relation} where ${col} is null`));
      } else if ('accepted_values' in spec) {
        const values = spec.accepted_values.values.map((v) => (typeof v === 'string' ? quoteLiteral(v) : String(v)));
        tests.push(test(`select * from ${relation} where ${col} is not null and ${col} not in (${values.join(', ')})`));
      } else {
        const { to, field } = spec.relationships;
        const [schema, table] = to.split('.');
        const parent = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
        tests.push(
          test(
            `select child.* from ${relation} as child where child.${col} is not null and not exists ` +
              `(select 1 from ${parent} as parent where parent.${quoteIdentifier(field)} = child.${col})`,
          ),
        );
      }
    }
  }
  model.doc.tests.forEach((spec, i) => {
    if ('unique_combination' in spec) {
      // One aggregation over the key's columns: a correlated count per row of the same check took four times as long
      // on a table of 27 million rows. Rows whose key holds NULLs count as one key, as DuckDB groups them.
      const { columns } = spec.unique_combination;
      const key = columns.map(quoteIdentifier).join(', ');
      tests.push({
        id: `unique_combination_${model.name}_${columns.join('_')}`,
        model: model.relation,
        kind: 'unique_combination',
        sql: `select ${key}, count(*)::integer as occurrences from ${relation} group by ${key} having count(*) > 1`,
      });
      return;
    }
    const { expression } = spec.expression_is_true;
    tests.push({
      id: `expression_is_true_${model.name}_${i + 1}`,
      model: model.relation,
      kind: 'expression_is_true',
      sql: `select * from ${relation} where not (${expression})`,
    });
  });
  return tests;
}
