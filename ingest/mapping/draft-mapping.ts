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
import type { XlsForm } from '../../warehouse/forms/build-xlsform.ts';
import type { LandingPart } from '../detect-format.ts';
import { mainQuestions } from '../../warehouse/forms/main-questions.ts';

/** A question of Veta's form a mapping can fill, with the codes its answers take and their labels in each language. */
export interface VetaQuestion {
  path: string;
  type: string;
  codes: string[];
  labels: Map<string, string>;
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
        questions.push({ path: [...groups, `_${row.name}_${part}`].join('/'), type: 'decimal', codes: [], labels: new Map() });
      }
      continue;
    }
    questions.push({
      path: [...groups, row.name].join('/'),
      type,
      codes: list ? (choices.get(list) ?? []) : [],
      labels: (list && labels.get(list)) || new Map(),
    });
  }
  return questions;
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
    .map((word) => SYNONYMS[word] ?? word);
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
  const source = `read_csv(${quoteLiteral(part.file)}, header = true, all_varchar = true, delim = ${quoteLiteral(part.header.delimiter)},
      quote = '"', escape = '"', null_padding = true, ignore_errors = true)`;
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
    const found = profiles.find((p) => !used.has(p.column) && !p.column.startsWith('_') && matches(p.column, question.path));
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
        `matched by name; answers recoded by their labels${unsure ? `; give the null ones one of: ${question.codes.join(', ')}` : ''}`,
      );
    } else {
      withComment(fields, question.path, found.column, `matched by name${found.answers.length ? `; answers: ${seen(found.answers)}` : ''}`);
    }
  }

  const requirements = new YAMLMap();
  for (const profile of profiles) {
    const leaf = profile.column.split(/[/-]/).at(-1)!;
    const requirement = requirementOfQuestion(leaf, frameworkVersion);
    if (!requirement || used.has(profile.column)) continue;
    used.add(profile.column);
    const evidence = profiles.find((p) => p.column.split(/[/-]/).at(-1) === `${leaf}_evidence`);
    if (evidence) used.add(evidence.column);
    withComment(
      requirements,
      requirement,
      { column: profile.column, ...(evidence ? { evidence: evidence.column } : {}) },
      `named as Veta names it${profile.answers.length ? `; answers: ${seen(profile.answers)}` : ''}`,
    );
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
