/**
 * KoboToolbox can export a select_multiple question as one column per choice only ("separate columns"), with 1 or
 * 0 in each, and no column holding the space-separated answer the models read. For Veta's forms the questions and
 * their choices are known, so in the snapshot's copy of raw the answer is put back together from those columns,
 * for the rows that lack it; the landing warehouse keeps the export as it came.
 */
import { quoteIdentifier, quoteLiteral, type Database } from '../gateway/duckdb.ts';
import { buildXlsForm, readFormCatalogue } from '../forms/build-xlsform.ts';
import { mainQuestions } from '../forms/main-questions.ts';

export interface JoinedQuestion {
  question: string;
  rows: number;
}

/** The select_multiple questions of a framework version's form, by path, with their choices. */
async function multipleChoiceQuestions(db: Database, versionId: string): Promise<Map<string, string[]>> {
  const form = buildXlsForm(await readFormCatalogue(db, versionId));
  const questions = new Map<string, string[]>();
  for (const { row, type, list, groups } of mainQuestions(form)) {
    if (type !== 'select_multiple' || !list) continue;
    questions.set([...groups, row.name].join('/'), form.choices.filter((c) => c.list_name === list).map((c) => c.name));
  }
  return questions;
}

export async function joinSplitChoices(db: Database, table: string): Promise<JoinedQuestion[]> {
  const columns = new Set(
    (await db.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'raw' and table_name = $table`,
      { table },
    )).map((c) => c.column_name),
  );
  if (columns.size === 0) return [];
  const versions = await db.query<{ version: string }>(
    `select distinct framework_version as version from raw.${quoteIdentifier(table)}
     where framework_version in (select version_id from catalogue.framework_versions)`,
  );
  const questions = new Map<string, string[]>();
  for (const { version } of versions) {
    for (const [question, choices] of await multipleChoiceQuestions(db, version)) {
      questions.set(question, [...new Set([...(questions.get(question) ?? []), ...choices])]);
    }
  }
  const joined: JoinedQuestion[] = [];
  for (const [question, choices] of questions) {
    const split = choices.filter((choice) => columns.has(`${question}/${choice}`));
    if (split.length === 0) continue;
    const target = quoteIdentifier(question);
    await db.run(`alter table raw.${quoteIdentifier(table)} add column if not exists ${target} varchar`);
    const selected = split.map((choice) => `case when trim(${quoteIdentifier(`${question}/${choice}`)}) in ('1', 'True', 'true') then ${quoteLiteral(choice)} end`);
    const anySplit = split.map((choice) => `nullif(trim(${quoteIdentifier(`${question}/${choice}`)}), '') is not null`).join(' or ');
    const [{ n }] = await db.query<{ n: number }>(
      `select count(*)::integer as n from raw.${quoteIdentifier(table)} where nullif(trim(${target}), '') is null and (${anySplit})`,
    );
    if (n === 0) continue;
    await db.run(
      `update raw.${quoteIdentifier(table)} set ${target} = concat_ws(' ', ${selected.join(', ')})
       where nullif(trim(${target}), '') is null and (${anySplit})`,
    );
    joined.push({ question, rows: n });
  }
  return joined;
}
