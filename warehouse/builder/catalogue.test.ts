// The project's standards catalogue, loaded as a build loads it, must pass its own tests and hold the structure the
// rules and the assessment form rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../gateway/duckdb.ts';
import { compileTests } from './data-tests.ts';
import { loadCatalogue } from './load-catalogue.ts';
import { CATALOGUE_DIR } from '../project-paths.ts';
import type { TestedTable } from './data-tests.ts';

let db: Database;
let tables: TestedTable[];
beforeAll(async () => {
  db = await Database.open(':memory:');
  tables = await loadCatalogue(db, CATALOGUE_DIR);
});
afterAll(() => db.close());

const rows = <T>(sql: string) => db.query<T>(sql);

describe('the standards catalogue', () => {
  it('passes every test declared in _catalogue.yml', async () => {
    const failures: string[] = [];
    for (const table of tables) {
      for (const test of compileTests(table)) {
        const failing = await db.query(test.sql);
        if (failing.length) failures.push(`${test.id}: ${JSON.stringify(failing[0])}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives CRAFT 1.0, 2.0 and 2.1 the five modules, with the OECD response of each', async () => {
    const modules = await rows<{ version_id: string; codes: string; responses: string }>(
      `select version_id, string_agg(code, ',' order by position) as codes,
              string_agg(required_response, ',' order by position) as responses
       from catalogue.sections where version_id like 'craft-%' group by 1 order by 1`,
    );
    const responses = 'condition_of_engagement,condition_of_engagement,disengage_immediately,mitigate_6_month_reviews,progressive_improvement';
    expect(modules).toEqual(
      ['craft-1.0', 'craft-2.0', 'craft-2.1'].map((version_id) => ({ version_id, codes: 'M1,M2,M3,M4,M5', responses })),
    );
  });

  it('has four legitimacy criteria, and ties every module 3 and 4 risk to its Annex II group and response', async () => {
    const legitimacy = await rows<{ n: number }>(
      `select count(*)::integer as n from catalogue.requirements where section_id = 'craft-2.1.m2'`,
    );
    expect(legitimacy).toEqual([{ n: 4 }]);
    const mismatched = await rows(
      `select r.requirement_id from catalogue.requirements r
       join catalogue.sections s using (section_id)
       left join catalogue.annex_ii_groups g using (annex_ii_group)
       where s.code in ('M3', 'M4') and s.version_id like 'craft-2%'
         and (g.annex_ii_group is null or g.required_response <> s.required_response
              or r.requirement_id not in (select from_requirement_id from catalogue.requirement_crosswalk
                                          where to_kind = 'annex_ii' and to_id = r.annex_ii_group))`,
    );
    expect(mismatched).toEqual([]);
  });

  it('never presents a surrogate key as an official requirement number', async () => {
    const official = await rows<{ n: number }>(
      'select count(*)::integer as n from catalogue.requirements where is_official_id or official_id is not null',
    );
    expect(official).toEqual([{ n: 0 }]);
  });

  it('has every title in English, Spanish and French, translated rather than copied', async () => {
    const copied = await rows<{ requirement_id: string }>(
      `select requirement_id from catalogue.requirements
       where title_es = title_en or title_fr = title_en or length(trim(title_es)) = 0 or length(trim(title_fr)) = 0`,
    );
    expect(copied).toEqual([]);
  });

  it('keeps the Fairmined figures the rules use, each with a source', async () => {
    const parameters = await rows(
      `select parameter_id, value, unit from catalogue.parameters where version_id = 'fairmined-2.0' order by 1`,
    );
    expect(parameters).toEqual([
      { parameter_id: 'fairmined.max_productivity', value: 4, unit: 'g_gold_per_miner_per_day' },
      { parameter_id: 'fairmined.premium_ecological_gold_extra', value: 2000, unit: 'usd_per_kg' },
      { parameter_id: 'fairmined.premium_gold', value: 4000, unit: 'usd_per_kg' },
      { parameter_id: 'fairmined.working_days_per_year', value: 250, unit: 'days_per_year' },
    ]);
    // Veta's own assumptions say so.
    expect(
      await rows(`select parameter_id from catalogue.parameters where parameter_id in ('fairmined.working_days_per_year', 'craft.status_stale_months') and confidence <> 'I'`),
    ).toEqual([]);
    const unsourced = await rows(
      `select p.parameter_id from catalogue.parameters p
       where len(p.source_ids) = 0 or exists (select 1 from unnest(p.source_ids) as s(id)
                                             where s.id not in (select source_id from catalogue.sources))`,
    );
    expect(unsourced).toEqual([]);
  });

  it('cites only sources it lists, in every table', async () => {
    const unknown = await rows(
      `with cited as (
           select unnest(source_ids) as id, 'requirements' as t from catalogue.requirements
           union all select unnest(source_ids), 'sections' from catalogue.sections
           union all select unnest(source_ids), 'framework_versions' from catalogue.framework_versions
           union all select unnest(source_ids), 'annex_ii_groups' from catalogue.annex_ii_groups
           union all select unnest(source_ids), 'requirement_crosswalk' from catalogue.requirement_crosswalk
           union all select unnest(source_ids), 'colour_schemes' from catalogue.colour_schemes
       )
       select distinct t, id from cited where id not in (select source_id from catalogue.sources)`,
    );
    expect(unknown).toEqual([]);
  });
});
