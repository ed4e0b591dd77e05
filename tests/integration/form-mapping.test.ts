/**
 * Another form mapped onto Veta's assessment, end to end through the CLI: a Spanish KoboToolbox export of a
 * partner's own form (tests/fixtures/other-forms) lands unmapped, `--draft-mapping` proposes what its names and
 * answers say, the finished mapping is checked and kept, and the next build carries the form's answers into the
 * marts with the evidence pointing at the form's own question and the row of its file.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/demo-home.ts';
import { tempDir, tempHome } from '../helpers/temp-home.ts';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { parseMapping } from '../../warehouse/mappings/mapping-file.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/other-forms/', import.meta.url));
const EXPORT = path.join(FIXTURES, 'visita_mina_2023.csv');
const MAPPING = path.join(FIXTURES, 'visita_mina_2023.mapping.yml');

async function ok(argv: string[]) {
  const result = await runCli(argv);
  if (result.code !== 0) throw new Error(`veta ${argv.join(' ')} exited ${result.code}:\n${result.err.join('\n')}`);
  return result;
}

describe('veta ingest --draft-mapping', () => {
  it("drafts the questions the form's names and answers give away, and lists the rest", async () => {
    const home = await tempHome();
    const draft = path.join(await tempDir(), 'draft.yml');
    await ok(['ingest', '--home', home.root, '--draft-mapping', draft, EXPORT]);
    const text = await readFile(draft, 'utf8');
    const mapping = parseMapping(text, draft);
    expect(mapping).toMatchObject({ source_table: 'kobo__visita_mina_2023', framework_version: 'craft-2.1' });
    expect(mapping.fields).toMatchObject({
      'site/site_code': 'grupo_mina/codigo_mina',
      'site/site_name': 'grupo_mina/nombre_mina',
      'identification/assessment_date': 'fecha_visita',
      'site/_gps_latitude': 'grupo_mina/_ubicacion_latitude',
      // Answers that are a choice's label in some language recode to that choice.
      'site/country': { column: 'grupo_mina/pais', recode: { Colombia: 'CO' } },
      'practices/mercury_used': { column: 'usa_mercurio', recode: { Sí: 'yes', No: 'no' } },
    });
    // What it could not place is listed with its answers, for the person finishing it.
    expect(text).toContain('#   trabajo_infantil: No (2), Sí (1)');
    expect(text).toMatch(/# {3}identification\/assessor_role \(one of: self, implementer/);
    // It lands nothing.
    await expect(readFile(home.warehouse)).rejects.toThrow(/ENOENT/);
  });

  it("says an export of Veta's own form needs no mapping", async () => {
    const dir = await tempDir();
    const demo = await tempHome();
    await ok(['demo', '--home', demo.root, '--producers', '2']);
    const [kobo] = (await readdir(demo.demo)).filter((f) => f.endsWith('xml_values.csv'));
    const result = await runCli(['ingest', '--home', demo.root, '--draft-mapping', path.join(dir, 'd.yml'), path.join(demo.demo, kobo)]);
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toMatch(/is an export Veta reads by itself \(kobo-csv\): it needs no mapping/);
  });
});

describe('veta ingest --mapping', () => {
  it("carries the form's answers into the marts, with evidence naming its own question and file row", async () => {
    const home = await tempHome();
    await ok(['demo', '--home', home.root, '--producers', '3']);
    const ingest = await ok(['ingest', '--home', home.root, '--json', '--mapping', MAPPING, EXPORT]);
    expect(JSON.parse(ingest.out[0])).toMatchObject({ target_table: 'raw.kobo__visita_mina_2023', mapped: true, rows_loaded: 3 });
    expect(await readFile(path.join(home.mappings, 'kobo__visita_mina_2023.yml'), 'utf8')).toBe(await readFile(MAPPING, 'utf8'));
    const build = await ok(['build', '--home', home.root, '--json']);
    expect(JSON.parse(build.out[0])).toMatchObject({ published: true, tests_failed: 0 });

    const db = await Database.open(home.published);
    try {
      const results = await db.query(
        `select site_id, requirement_id, status_code, question_name, evidence_text, source_row
         from marts.fct_requirement_results where site_id like 'CO-S90_' order by site_id`,
      );
      expect(results).toEqual([
        { site_id: 'CO-S900', requirement_id: 'craft-2.1.M3-3', status_code: 'risk_identified', question_name: 'trabajo_infantil', evidence_text: 'Niños vistos cargando material', source_row: 2 },
        { site_id: 'CO-S901', requirement_id: 'craft-2.1.M3-3', status_code: 'conformant', question_name: 'trabajo_infantil', evidence_text: null, source_row: 3 },
        { site_id: 'CO-S902', requirement_id: 'craft-2.1.M3-3', status_code: 'conformant', question_name: 'trabajo_infantil', evidence_text: null, source_row: 4 },
      ]);
      const [hash] = await db.query<{ file_hash: string }>(`select file_hash from meta.ingest_batches where file_name = 'visita_mina_2023.csv'`);
      const [sources] = await db.query<{ hashes: string[] }>(
        `select list(distinct source_file_hash) as hashes from marts.fct_requirement_results where site_id like 'CO-S90_'`,
      );
      expect(sources.hashes).toEqual([hash.file_hash]);
      expect(await db.query(`select site_id, country_code, admin1_code from marts.dim_sites where site_id = 'CO-S900'`)).toEqual([
        { site_id: 'CO-S900', country_code: 'CO', admin1_code: 'CO-ANT' },
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses a mapping that names a question Veta does not ask, at its line, before landing anything', async () => {
    const home = await tempHome();
    const bad = path.join(await tempDir(), 'bad.yml');
    await writeFile(bad, (await readFile(MAPPING, 'utf8')).replace('site/site_name:', 'site/mine_name:'));
    const result = await runCli(['ingest', '--home', home.root, '--mapping', bad, EXPORT]);
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toContain(`${bad}: fields.site/mine_name: not a question of Veta's craft-2.1 form`);
    await expect(readFile(home.warehouse)).rejects.toThrow(/ENOENT/);
  });

  it('fails the build, naming the mapping, when the form lacks a column the mapping reads', async () => {
    const home = await tempHome();
    await ok(['demo', '--home', home.root, '--producers', '2']);
    await ok(['ingest', '--home', home.root, '--mapping', MAPPING, EXPORT]);
    const kept = path.join(home.mappings, 'kobo__visita_mina_2023.yml');
    await writeFile(kept, (await readFile(kept, 'utf8')).replace('column: trabajo_infantil\n', 'column: trabajo_infantil_2\n'));
    const build = await runCli(['build', '--home', home.root]);
    expect(build.code).toBe(1);
    expect(build.err.join('\n')).toContain(
      'kobo__visita_mina_2023.yml: requirements.craft-2.1.M3-3: raw.kobo__visita_mina_2023 has no column "trabajo_infantil_2"',
    );
  });
});
