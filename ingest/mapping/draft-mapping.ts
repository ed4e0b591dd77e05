/**
 * `veta ingest --draft-mapping`: a first mapping of another form onto Veta's assessment, from its export, for a
 * person to finish. Columns whose names say what they hold are matched to Veta's questions (in English, Spanish or
 * French: `codigo_mina` → `site/site_code`); requirement columns named as Veta names them (`r_M3_6`) are matched to
 * their requirement; every other column is listed, in comments, with the answers it holds, so whoever finishes the
 * mapping sees what is there without opening the file. Nothing is guessed silently: every proposed line says why.
 */
import { Document, Pair, Scalar, YAMLMap, isMap } from 'yaml';
import { quoteIdentifier, quoteLiteral, type Database } from '../../warehouse/gateway/duckdb.ts';
import { generateForm } from '../../warehouse/forms/generate-form.ts';
import { requirementOfQuestion } from '../../warehouse/forms/question-names.ts';
import type { Row, XlsForm } from '../../warehouse/forms/build-xlsform.ts';
import { uniqueNames } from '../csv-header.ts';
import type { LandingPart } from '../detect-format.ts';
import { mainQuestions } from '../../warehouse/forms/main-questions.ts';

/** A question of Veta's form a mapping can fill, with the codes its answers take and their labels in each language. */
export interface VetaQuestion {
  path: string;
  type: string;
  codes: string[];
  labels: Map<string, string>;
  /** How KoboToolbox's "Labels" export heads its column, in each language: group labels and label, `/`-joined. */
  titles: Set<string>;
}

/** A requirement's status question, with the titles a label export heads it and its evidence with. */
interface VetaRequirement {
  requirement: string;
  titles: Set<string>;
  evidenceTitles: Set<string>;
}

/** A survey row's labels, one per language of the form. */
const labelsOf = (row: Row): string[] => Object.entries(row).filter(([column, text]) => column.startsWith('label::') && text).map(([c]) => c);

/** The titles of a row under its groups: `Evaluación/Fecha de la evaluación`, one per language, compared plainly. */
function titlesOf(form: XlsForm, row: Row, groups: string[]): Set<string> {
  const groupRows = new Map(form.survey.filter((r) => r.type === 'begin_group').map((r) => [r.name, r]));
  return new Set(
    labelsOf(row).map((language) => plain([...groups.map((g) => groupRows.get(g)?.[language] ?? g), row[language]].join('/'))),
  );
}

/** Metadata questions the phone fills by itself; a mapping may carry them but no person is asked to. */
const METADATA_TYPES = new Set(['start', 'end', 'today', 'deviceid']);

/** The questions of Veta's form outside repeats, as `/` paths; requirement statuses are left to `requirements`. */
export function vetaQuestions(form: XlsForm): VetaQuestion[] {
  const choices = new Map<string, string[]>();
  const labels = new Map<string, Map<string, string>>();
  for (const c of form.choices) {
    choices.set(c.list_name, [...(choices.get(c.list_name) ?? []), c.name]);
    const byLabel = labels.get(c.list_name) ?? new Map<string, string>();
    for (const [column, text] of Object.entries(c)) if (column.startsWith('label::') && text) byLabel.set(plain(text), c.name);
    byLabel.set(plain(c.name), c.name);
    labels.set(c.list_name, byLabel);
  }
  const questions: VetaQuestion[] = [];
  for (const { row, type, list, groups } of mainQuestions(form)) {
    if (type === 'calculate' || row.name.startsWith('r_')) continue;
    if (type === 'geopoint') {
      // The models read a geopoint's split columns, which a mapping fills from the form's own.
      for (const part of ['latitude', 'longitude']) {
        questions.push({ path: [...groups, `_${row.name}_${part}`].join('/'), type: 'decimal', codes: [], labels: new Map(), titles: new Set() });
      }
      continue;
    }
    questions.push({
      path: [...groups, row.name].join('/'),
      type,
      codes: list ? (choices.get(list) ?? []) : [],
      labels: (list && labels.get(list)) || new Map(),
      titles: titlesOf(form, row, groups),
    });
  }
  return questions;
}

/** The requirement status questions of a form with the titles of their columns and of their evidence's. */
function vetaRequirements(form: XlsForm, versionId: string): VetaRequirement[] {
  const requirements: VetaRequirement[] = [];
  for (const { row, groups } of mainQuestions(form)) {
    const requirement = requirementOfQuestion(row.name, versionId);
    if (requirement) requirements.push({ requirement, titles: titlesOf(form, row, groups), evidenceTitles: new Set() });
    else if (row.name.endsWith('_evidence') && requirements.length) {
      for (const title of titlesOf(form, row, groups)) requirements.at(-1)!.evidenceTitles.add(title);
    }
  }
  return requirements;
}

/** Words of a column or question name, lower-case, accents dropped, with a few words in es/fr read as English. */
const SYNONYMS: Record<string, string> = {
  mina: 'site', mine: 'site', sitio: 'site', site: 'site', codigo: 'code', cod: 'code', id: 'code', identifiant: 'code',
  nombre: 'name', nom: 'name', pais: 'country', pays: 'country', fecha: 'date', departamento: 'admin1', region: 'admin1',
  provincia: 'admin1', municipio: 'admin2', commune: 'admin2', distrito: 'admin2', productor: 'producer',
  producteur: 'producer', organizacion: 'producer', cooperativa: 'producer', minerales: 'minerals', mineral: 'minerals',
  minerai: 'minerals', mercurio: 'mercury', mercure: 'mercury', trabajadores: 'workers', travailleurs: 'workers',
  mujeres: 'women', femmes: 'women', evaluador: 'assessor', evaluateur: 'assessor', tipo: 'type', usa: 'used',
  utiliza: 'used', uses: 'used', utilise: 'used', visita: 'assessment', visite: 'assessment', evaluacion: 'assessment',
  evaluation: 'assessment', visit: 'assessment', lat: 'latitude', latitud: 'latitude', lon: 'longitude', lng: 'longitude',
  longitud: 'longitude', gps: 'gps', ubicacion: 'gps', coordenadas: 'gps', localisation: 'gps', location: 'gps',
};

/** Text compared without case and accents: `Sí` is `si`, `Côte d'Ivoire` is `cote d'ivoire`. */
function plain(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

function words(name: string): string[] {
  const leaf = name.split(/[/-]/).at(-1) ?? name;
  return plain(leaf)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    // Own members only: a column word such as `constructor` is not a synonym.
    .map((word) => (Object.hasOwn(SYNONYMS, word) ? SYNONYMS[word] : word));
}

/** How well a column's name says it holds a question's answer: all the question's words, in any order. */
function matches(column: string, question: string): boolean {
  const have = new Set(words(column));
  const want = words(question);
  return want.length > 0 && want.every((word) => have.has(word)) && have.size <= want.length + 1;
}

interface ColumnProfile {
  column: string;
  distinct: number;
  /** The most frequent answers with their counts, when the column holds few distinct ones. */
  answers: { value: string; n: number }[];
}

/** Distinct answers of each column of the export's main table, read by DuckDB. */
async function profileColumns(db: Database, part: LandingPart): Promise<ColumnProfile[]> {
  // The names the columns land with (a repeated label heading gets `_1`), so the draft reads the raw table's names.
  const names = uniqueNames((part.names ?? part.header.columns).map((name, i) => name || `column${i + 1}`));
  const columns = names.map((name) => `${quoteLiteral(name)}: 'VARCHAR'`).join(', ');
  const source = `read_csv(${quoteLiteral(part.file)}, header = true, auto_detect = false, columns = {${columns}},
      delim = ${quoteLiteral(part.header.delimiter)}, quote = '"', escape = '"', null_padding = true, ignore_errors = true)`;
  const described = await db.query<{ column_name: string }>(`select column_name from (describe select * from ${source})`);
  const profiles: ColumnProfile[] = [];
  await db.run(`create or replace temp table draft_source as select * from ${source}`);
  for (const { column_name: column } of described) {
    const q = quoteIdentifier(column);
    const [{ distinct }] = await db.query<{ distinct: number }>(
      `select count(distinct nullif(trim(${q}), ''))::integer as distinct from draft_source`,
    );
    const answers =
      distinct > 0 && distinct <= 12
        ? await db.query<{ value: string; n: number }>(
            `select trim(${q}) as value, count(*)::integer as n from draft_source where nullif(trim(${q}), '') is not null
             group by all order by n desc, value`,
          )
        : [];
    profiles.push({ column, distinct, answers });
  }
  await db.run('drop table draft_source');
  return profiles;
}

/** The answers a column holds, the most frequent first, at most five named. */
const seen = (answers: ColumnProfile['answers']) =>
  answers.slice(0, 5).map((a) => `${a.value} (${a.n})`).join(', ') + (answers.length > 5 ? `, … ${answers.length} in all` : '');

/** The status codes by their labels in every language, and by themselves. */
function statusLabelMap(form: XlsForm, list: string | undefined): Map<string, string> {
  const byLabel = new Map<string, string>();
  for (const choice of form.choices.filter((c) => c.list_name === list)) {
    byLabel.set(plain(choice.name), choice.name);
    for (const language of labelsOf(choice)) byLabel.set(plain(choice[language]), choice.name);
  }
  return byLabel;
}

/** Adds a key with a comment saying why, shown above it in the YAML. */
function withComment(map: YAMLMap, key: string, value: unknown, comment: string): void {
  const scalar = new Scalar(key);
  scalar.commentBefore = ` ${comment}`;
  map.add(new Pair(scalar, value));
}

export interface DraftOptions {
  frameworkVersion?: string;
  /** The file the draft is made from, named in its header comment. */
  fileName: string;
}

/** The YAML text of a first mapping of an export's main table (`part`) onto Veta's assessment. */
export async function draftMapping(db: Database, part: LandingPart, options: DraftOptions): Promise<string> {
  const frameworkVersion = options.frameworkVersion ?? 'craft-2.1';
  const form = await generateForm(frameworkVersion);
  const questions = vetaQuestions(form);
  const statusList = form.survey.find((row) => row.name.startsWith('r_'))?.type.split(' ')[1];
  const statuses = form.choices.filter((c) => c.list_name === statusList).map((c) => c.name);
  const profiles = await profileColumns(db, part);
  const used = new Set<string>();

  const fields = new YAMLMap();
  const open: string[] = [];
  for (const question of questions) {
    const free = (p: ColumnProfile) => !used.has(p.column) && !p.column.startsWith('_');
    const byTitle = profiles.find((p) => free(p) && question.titles.has(plain(p.column)));
    const found = byTitle ?? profiles.find((p) => free(p) && matches(p.column, question.path));
    const how = byTitle ? 'matched by its label' : 'matched by name';
    if (!found) {
      if (!METADATA_TYPES.has(question.type)) open.push(question.path + (question.codes.length ? ` (one of: ${question.codes.join(', ')})` : ''));
      continue;
    }
    used.add(found.column);
    const needsRecode =
      question.codes.length > 0 && found.answers.length > 0 && found.answers.some((a) => !question.codes.includes(a.value));
    if (needsRecode) {
      // An answer that is a choice's label in some language (`Sí`, `Colombia`) recodes to that choice.
      const recode = Object.fromEntries(found.answers.map((a) => [a.value, question.labels.get(plain(a.value)) ?? null]));
      const unsure = Object.values(recode).some((code) => code === null);
      withComment(
        fields,
        question.path,
        { column: found.column, recode },
        `${how}; answers recoded by their labels${unsure ? `; give the null ones one of: ${question.codes.join(', ')}` : ''}`,
      );
    } else {
      withComment(fields, question.path, found.column, `${how}${found.answers.length ? `; answers: ${seen(found.answers)}` : ''}`);
    }
  }

  const requirements = new YAMLMap();
  const titled = vetaRequirements(form, frameworkVersion);
  const statusLabels = questions.length ? statusLabelMap(form, statusList) : new Map<string, string>();
  let last: { requirement: string; evidenceTitles: Set<string>; entry: Record<string, unknown> } | undefined;
  for (const profile of profiles) {
    if (used.has(profile.column)) continue;
    const leaf = profile.column.split(/[/-]/).at(-1)!;
    const title = plain(profile.column);
    // A label export heads every evidence column of a module alike: it belongs to the requirement just before it.
    // (Landed, the second and later of those headings get `_1`, `_2` …)
    if (last && !('evidence' in last.entry) && last.evidenceTitles.has(title.replace(/_\d+$/, ''))) {
      last.entry.evidence = profile.column;
      used.add(profile.column);
      continue;
    }
    const byName = requirementOfQuestion(leaf, frameworkVersion);
    const byTitle = byName ? undefined : titled.find((r) => r.titles.has(title));
    const requirement = byName ?? byTitle?.requirement;
    if (!requirement) continue;
    used.add(profile.column);
    const evidence = byName ? profiles.find((p) => p.column.split(/[/-]/).at(-1) === `${leaf}_evidence`) : undefined;
    if (evidence) used.add(evidence.column);
    const entry: Record<string, unknown> = { column: profile.column };
    if (profile.answers.some((a) => !statuses.includes(a.value))) {
      entry.recode = Object.fromEntries(profile.answers.map((a) => [a.value, statusLabels.get(plain(a.value)) ?? null]));
    }
    if (evidence) entry.evidence = evidence.column;
    last = { requirement, evidenceTitles: byTitle?.evidenceTitles ?? new Set(), entry };
    const how = byName ? 'named as Veta names it' : 'matched by its label';
    withComment(requirements, requirement, entry, `${how}${profile.answers.length ? `; answers: ${seen(profile.answers)}` : ''}`);
  }

  const document = new Document({
    mapping_version: 1,
    source_table: part.table,
    framework_version: frameworkVersion,
    fields,
    requirements,
  });
  document.commentBefore = [
    ` A first mapping of ${options.fileName} onto Veta's site assessment, drafted from its header and answers.`,
    ' Check every line, fill what is missing, then: veta ingest --mapping <this file>',
    ' (see warehouse/mappings/mapping-file.ts for the format). Answers a recode does not list are kept as they are.',
  ].join('\n');
  const rest = profiles.filter((p) => !used.has(p.column) && !p.column.startsWith('_'));
  const trailer = [
    '',
    ...(open.length ? ["Veta's questions no column was matched to yet:", ...open.map((q) => `  ${q}`), ''] : []),
    ...(rest.length
      ? [
          'Columns of the form no line uses yet (a requirement status goes under requirements:, its answers recoded',
          `to one of: ${statuses.join(', ')}):`,
          ...rest.map((p) => `  ${p.column}: ${p.answers.length ? seen(p.answers) : `${p.distinct} distinct answers`}`),
        ]
      : []),
  ];
  document.comment = trailer.map((line) => (line ? ` ${line}` : '')).join('\n');
  if (!isMap(document.contents)) throw new Error('a mapping draft is a YAML map');
  const text = document.toString({ lineWidth: 0 });
  return text.endsWith('\n') ? text : `${text}\n`;
}
