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
import { demoExport, runCli } from '../helpers/demo-home.ts';
import { generateForm } from '../../warehouse/forms/generate-form.ts';
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

  it('refuses, and keeps the mapping that works, when a new one names an unknown requirement or a missing column', async () => {
    const home = await tempHome();
    await ok(['ingest', '--home', home.root, '--mapping', MAPPING, EXPORT]);
    const kept = path.join(home.mappings, 'kobo__visita_mina_2023.yml');
    const dir = await tempDir();
    const text = await readFile(MAPPING, 'utf8');
    const cases = [
      ['unknown-requirement.yml', text.replace('craft-2.1.M3-3:', 'craft-2.1.M3-99:'), 'requirements.craft-2.1.M3-99: the catalogue has no such requirement in craft-2.1'],
      ['missing-column.yml', text.replace('evidence: trabajo_infantil_notas', 'evidence: notas'), 'requirements.craft-2.1.M3-3.evidence: raw.kobo__visita_mina_2023 has no column "notas"; the mapping was not kept'],
    ];
    for (const [name, body, message] of cases) {
      const file = path.join(dir, name);
      await writeFile(file, body);
      const result = await runCli(['ingest', '--home', home.root, '--mapping', file]);
      expect(result.code).toBe(1);
      expect(result.err.join('\n')).toContain(`${file}: ${message}`);
      expect(await readFile(kept, 'utf8')).toBe(text);
    }
  });

  it('fails the build when two mapping files map the same form', async () => {
    const home = await tempHome();
    await ok(['demo', '--home', home.root, '--producers', '2']);
    await ok(['ingest', '--home', home.root, '--mapping', MAPPING, EXPORT]);
    await writeFile(path.join(home.mappings, 'zz_copy.yml'), await readFile(MAPPING, 'utf8'));
    const build = await runCli(['build', '--home', home.root]);
    expect(build.code).toBe(1);
    expect(build.err.join('\n')).toContain('zz_copy.yml: kobo__visita_mina_2023.yml already maps raw.kobo__visita_mina_2023; keep one of the two');
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

describe("Veta's form exported with labels instead of XML values", () => {
  /** The demo export as KoboToolbox's "Labels" export writes it in Spanish: headers and answers by their labels. */
  async function labelExport(dir: string) {
    const demo = await demoExport(2, dir);
    const form = await generateForm('craft-2.1');
    const es = 'label::Español (es)';
    const groups = new Map(form.survey.filter((r) => r.type === 'begin_group').map((r) => [r.name, r[es]]));
    const questions = new Map(form.survey.map((r) => [r.name, r]));
    const heading = (column: string) => {
      if (column.startsWith('_') || !column.includes('/') || column.startsWith('meta/')) return column;
      const parts = column.split('/');
      const question = questions.get(parts.at(-1)!);
      if (!question || !groups.has(parts[0])) return column;
      return [...parts.slice(0, -1).map((g) => groups.get(g) ?? g), question[es] || parts.at(-1)].join('/');
    };
    const choiceLabel = new Map(form.choices.filter((c) => c.list_name === 'status' || c.list_name === 'yes_no').map((c) => [c.name, c[es]]));
    const isChoice = (column: string) => /\/r_[A-Z0-9_]+$/.test(column) || ['practices/mercury_used', 'practices/cyanide_used'].includes(column);
    const rows = demo.rows.map((row) => row.map((cell, i) => (isChoice(demo.header[i]) ? (choiceLabel.get(cell) ?? cell) : cell)));
    const file = path.join(dir, 'evaluacion_etiquetas.csv');
    await writeFile(file, [demo.header.map(heading), ...rows].map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(';')).join('\n'));
    return { demo, file };
  }

  const results = async (file: string) => {
    const db = await Database.open(file, { readOnly: true });
    try {
      return await db.query(
        `select assessment_id, requirement_id, status_code, evidence_text from marts.fct_requirement_results order by all`,
      );
    } finally {
      db.close();
    }
  };

  it('lands untouched, unmapped, with a note, and the drafted mapping gives the figures the XML export gives', async () => {
    const dir = await tempDir();
    const { demo, file } = await labelExport(dir);
    const labels = await tempHome();
    const landed = await ok(['ingest', '--home', labels.root, '--json', file]);
    expect(JSON.parse(landed.out[0])).toMatchObject({
      mapped: false,
      rows_loaded: demo.rows.length,
      target_table: 'raw.kobo__evaluacion_etiquetas',
      note: expect.stringContaining('with question labels as headers'),
    });
    const draft = path.join(dir, 'etiquetas.yml');
    await ok(['ingest', '--home', labels.root, '--draft-mapping', draft, file]);
    await ok(['ingest', '--home', labels.root, '--mapping', draft]);
    expect(JSON.parse((await ok(['build', '--home', labels.root, '--json'])).out[0])).toMatchObject({ published: true, tests_failed: 0 });

    const xml = await tempHome();
    await ok(['ingest', '--home', xml.root, demo.file]);
    await ok(['build', '--home', xml.root]);
    const expected = await results(xml.published);
    expect(expected.length).toBeGreaterThan(100);
    expect(await results(labels.published)).toEqual(expected);
  });
});
