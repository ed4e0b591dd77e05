import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { loadCatalogue } from '../builder/load-catalogue.ts';
import { Database } from '../gateway/duckdb.ts';
import { LANGUAGES, type Row, type XlsForm } from './build-xlsform.ts';
import { CATALOGUE_DIR } from '../project-paths.ts';
import { generateForm, SHIPPED_VERSIONS, shippedFormFile } from './generate-form.ts';
import { EVIDENCE_SUFFIX, requirementOfQuestion } from './question-names.ts';
import { readXlsForm, writeXlsForm } from './write-xlsform.ts';

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const METADATA = ['start', 'end', 'today', 'deviceid', 'calculate'];
const labels = LANGUAGES.map((l) => `label::${l.column}`);

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await loadCatalogue(db, CATALOGUE_DIR);
});
afterAll(() => db.close());

/** The rules KoboToolbox and ODK Central (pyxform) enforce when a form is uploaded, checked here offline. */
function structuralProblems(form: XlsForm): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const stack: string[] = [];
  const lists = new Map<string, Row[]>();
  for (const c of form.choices) lists.set(c.list_name, [...(lists.get(c.list_name) ?? []), c]);

  for (const row of form.survey) {
    const [type, list] = row.type.split(' ');
    if (type === 'begin_group' || type === 'begin_repeat') stack.push(row.name);
    if (type === 'end_group' || type === 'end_repeat') {
      if (stack.pop() !== row.name) problems.push(`unbalanced ${type} ${row.name}`);
      continue;
    }
    if (!XML_NAME.test(row.name)) problems.push(`invalid name "${row.name}"`);
    if (names.has(row.name)) problems.push(`duplicate name ${row.name}`);
    names.add(row.name);
    if (!METADATA.includes(type) && labels.some((l) => !row[l]?.trim())) problems.push(`${row.name} lacks a label`);
    if (list) {
      const choices = lists.get(list);
      if (!choices) problems.push(`${row.name} uses the missing list ${list}`);
      else if (type === 'select_multiple' && choices.some((c) => /\s/.test(c.name))) problems.push(`list ${list} has a name with a space`);
    }
  }
  if (stack.length) problems.push(`groups left open: ${stack.join(', ')}`);
  for (const row of form.survey) {
    for (const column of ['relevant', 'constraint', 'choice_filter', 'calculation']) {
      for (const [, ref] of (row[column] ?? '').matchAll(/\$\{([^}]+)\}/g)) {
        if (!names.has(ref)) problems.push(`${row.name}.${column} refers to unknown \${${ref}}`);
      }
    }
  }
  for (const [list, choices] of lists) {
    const seen = new Set<string>();
    for (const c of choices) {
      if (seen.has(c.name)) problems.push(`list ${list} repeats ${c.name}`);
      seen.add(c.name);
      if (labels.some((l) => !c[l]?.trim())) problems.push(`choice ${list}/${c.name} lacks a label`);
    }
  }
  const [settings] = form.settings;
  if (!settings || !XML_NAME.test(settings.form_id ?? '') || !settings.version) problems.push('settings lack form_id or version');
  return problems;
}

describe('the site-assessment XLSForm', () => {
  it.each(SHIPPED_VERSIONS)('%s: follows the XLSForm rules Kobo and ODK check on upload', async (version) => {
    expect(structuralProblems(await generateForm(version))).toEqual([]);
  });

  it('asks one status question per CRAFT 2.1 requirement, in one group per module, named after its id', async () => {
    const form = await generateForm('craft-2.1');
    const requirements = await db.query<{ requirement_id: string; code: string }>(
      `select r.requirement_id, s.code from catalogue.requirements r join catalogue.sections s using (section_id)
       where r.version_id = 'craft-2.1' order by s.position, r.position`,
    );
    const asked: { requirement: string; group: string }[] = [];
    let group = '';
    for (const row of form.survey) {
      if (row.type === 'begin_group') group = row.name;
      const requirement = requirementOfQuestion(row.name, 'craft-2.1');
      if (requirement) {
        expect(row.type).toBe('select_one status');
        asked.push({ requirement, group });
      }
    }
    expect(asked).toEqual(requirements.map((r) => ({ requirement: r.requirement_id, group: r.code.toLowerCase() })));
    const evidence = form.survey.filter((row) => row.name.endsWith(EVIDENCE_SUFFIX));
    expect(evidence).toHaveLength(requirements.length);
    expect(form.settings[0]).toMatchObject({ form_id: 'veta_site_assessment_craft_2_1', default_language: 'English (en)' });
  });

  it('offers the status codes, the site questions, and a repeat of improvement actions tied to requirements', async () => {
    const form = await generateForm('craft-2.1');
    const statuses = await db.query<{ status_code: string }>('select status_code from catalogue.status_codes order by position');
    expect(form.choices.filter((c) => c.list_name === 'status').map((c) => c.name)).toEqual(statuses.map((s) => s.status_code));
    const byName = new Map(form.survey.map((row) => [row.name, row]));
    expect(byName.get('gps')?.type).toBe('geopoint');
    expect(byName.get('minerals')?.type).toBe('select_multiple mineral');
    expect(byName.get('admin1')?.choice_filter).toBe('country=${country}');
    const repeat = form.survey.findIndex((row) => row.type === 'begin_repeat');
    expect(form.survey.slice(repeat).map((row) => row.name)).toEqual([
      'improvement_actions',
      'action_requirement',
      'action_target_status',
      'action_description',
      'action_responsible',
      'action_due_date',
      'action_status',
      'improvement_actions',
    ]);
    const requirementChoices = form.choices.filter((c) => c.list_name === 'requirement').map((c) => c.name);
    expect(requirementChoices).toEqual(form.survey.filter((row) => requirementOfQuestion(row.name, 'craft-2.1')).map((row) => row.name));
  });

  it('changes its version exactly when its content changes', async () => {
    const [a, b, c] = [await generateForm('craft-2.1'), await generateForm('craft-2.1'), await generateForm('craft-2.0')];
    expect(a.settings[0].version).toBe(b.settings[0].version);
    expect(a.settings[0].version).not.toBe(c.settings[0].version);
  });

  it('writes a workbook that reads back to the same sheets', async () => {
    const form = await generateForm('fairmined-2.0');
    const file = path.join(await tempDir(), 'form.xlsx');
    await writeXlsForm(form, file);
    expect(await readXlsForm(file)).toEqual(form);
  });

  it.each(SHIPPED_VERSIONS)('%s: the shipped form is what the catalogue generates now (else run `npx veta form --shipped`)', async (version) => {
    expect(await readXlsForm(shippedFormFile(version))).toEqual(await generateForm(version));
  });

  it('says which versions exist when asked for an unknown one', async () => {
    await expect(generateForm('craft-9')).rejects.toThrow(/unknown framework version "craft-9": expected one of craft-1\.0, craft-2\.0, craft-2\.1/);
    await expect(generateForm('craft-1.0')).rejects.toThrow('framework version craft-1.0 has no requirements in the catalogue to ask about');
  });
});
