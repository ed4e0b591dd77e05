/**
 * Builds Veta's site-assessment XLSForm for one framework version from the standards catalogue: one group per
 * module with, per requirement, a status question and an evidence note, plus the site, workforce and practice
 * questions and a repeat of improvement actions. Pure data: `write-xlsform.ts` turns it into a workbook.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../gateway/duckdb.ts';
import { TEXTS, type Text } from './form-texts.ts';
import { EVIDENCE_SUFFIX, questionName } from './question-names.ts';

export const LANGUAGES = [
  { code: 'en', column: 'English (en)' },
  { code: 'es', column: 'Español (es)' },
  { code: 'fr', column: 'Français (fr)' },
] as const;

export const SURVEY_COLUMNS = [
  'type',
  'name',
  ...LANGUAGES.map((l) => `label::${l.column}`),
  ...LANGUAGES.map((l) => `hint::${l.column}`),
  'required',
  'relevant',
  'constraint',
  ...LANGUAGES.map((l) => `constraint_message::${l.column}`),
  'choice_filter',
  'appearance',
  'default',
  'calculation',
] as const;
export const CHOICES_COLUMNS = ['list_name', 'name', ...LANGUAGES.map((l) => `label::${l.column}`), 'country'] as const;
export const SETTINGS_COLUMNS = ['form_title', 'form_id', 'version', 'default_language'] as const;

export type Row = Record<string, string>;
export interface XlsForm {
  survey: Row[];
  choices: Row[];
  settings: Row[];
}

interface FormCatalogue {
  version: { version_id: string; version: string; name: string };
  sections: { section_id: string; code: string; title_en: string; title_es: string; title_fr: string }[];
  requirements: { requirement_id: string; section_id: string; title_en: string; title_es: string; title_fr: string }[];
  statuses: { status_code: string; title_en: string; title_es: string; title_fr: string }[];
  codes: { list_name: string; code: string; label_en: string; label_es: string; label_fr: string }[];
  countries: { country_code: string; name_en: string; name_es: string; name_fr: string }[];
  admin1: { admin1_code: string; country_code: string; name_en: string; name_es: string; name_fr: string }[];
}

/** Asked for a framework version the catalogue does not have: a mistake of the caller's, not of the data. */
export class UnknownVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownVersionError';
  }
}

/** Reads what the form needs from a database holding the `catalogue` schema. */
export async function readFormCatalogue(db: Database, versionId: string): Promise<FormCatalogue> {
  const [version] = await db.query<FormCatalogue['version']>(
    `select v.version_id, v.version, f.name from catalogue.framework_versions v join catalogue.frameworks f using (framework_id)
     where v.version_id = $versionId`,
    { versionId },
  );
  if (!version) {
    const known = await db.query<{ version_id: string }>('select version_id from catalogue.framework_versions order by 1');
    throw new UnknownVersionError(`unknown framework version "${versionId}": expected one of ${known.map((k) => k.version_id).join(', ')}`);
  }
  const sections = await db.query<FormCatalogue['sections'][number]>(
    'select section_id, code, title_en, title_es, title_fr from catalogue.sections where version_id = $versionId order by position',
    { versionId },
  );
  const requirements = await db.query<FormCatalogue['requirements'][number]>(
    `select r.requirement_id, r.section_id, r.title_en, r.title_es, r.title_fr
     from catalogue.requirements r join catalogue.sections s using (section_id)
     where r.version_id = $versionId order by s.position, r.position`,
    { versionId },
  );
  if (!requirements.length) throw new Error(`framework version ${versionId} has no requirements in the catalogue to ask about`);
  return {
    version,
    sections,
    requirements,
    statuses: await db.query('select status_code, title_en, title_es, title_fr from catalogue.status_codes order by position'),
    codes: await db.query('select list_name, code, label_en, label_es, label_fr from catalogue.code_lists order by list_name, position'),
    countries: await db.query('select country_code, name_en, name_es, name_fr from catalogue.countries order by name_en'),
    admin1: await db.query('select admin1_code, country_code, name_en, name_es, name_fr from catalogue.admin1_units order by country_code, name_en'),
  };
}

/** `{en, es, fr}` as the label (or hint, or constraint message) columns of a row. */
function localized(kind: 'label' | 'hint' | 'constraint_message', text: Text): Row {
  return Object.fromEntries(LANGUAGES.map((l) => [`${kind}::${l.column}`, text[l.code]]));
}

const eachLanguage = (make: (language: keyof Text) => string): Text => ({ en: make('en'), es: make('es'), fr: make('fr') });

const titles = (row: { title_en: string; title_es: string; title_fr: string }): Text => ({
  en: row.title_en,
  es: row.title_es,
  fr: row.title_fr,
});

export function formId(versionId: string): string {
  return `veta_site_assessment_${versionId.replace(/[^a-z0-9]+/g, '_')}`;
}

export function buildXlsForm(catalogue: FormCatalogue): XlsForm {
  const { version } = catalogue;
  const q = (type: string, name: string, text: Text, extra: Row = {}): Row => ({ type, name, ...localized('label', text), ...extra });
  const hint = (text: Text) => localized('hint', text);
  const countConstraint = {
    constraint: '. >= 0 and . <= ${workers_total}',
    ...localized('constraint_message', TEXTS.count_constraint),
  };

  const survey: Row[] = [
    { type: 'start', name: 'start' },
    { type: 'end', name: 'end' },
    { type: 'today', name: 'today' },
    { type: 'deviceid', name: 'deviceid' },
    // Every export then names the version its answers were given under.
    { type: 'calculate', name: 'framework_version', calculation: `'${version.version_id}'` },
    // CSV exports do not name their form; this field does, in every submission.
    { type: 'calculate', name: 'form_id', calculation: `'${formId(version.version_id)}'` },
    q('begin_group', 'identification', TEXTS.identification),
    q('date', 'assessment_date', TEXTS.assessment_date, {
      required: 'yes',
      constraint: '. <= today()',
      ...localized('constraint_message', TEXTS.assessment_date_constraint),
    }),
    q('select_one assessor_role', 'assessor_role', TEXTS.assessor_role, { required: 'yes' }),
    q('text', 'assessor_name', TEXTS.assessor_name),
    { type: 'end_group', name: 'identification' },
    q('begin_group', 'site', TEXTS.site),
    q('text', 'site_code', TEXTS.site_code, { required: 'yes', ...hint(TEXTS.site_code_hint) }),
    q('text', 'site_name', TEXTS.site_name),
    q('select_one site_type', 'site_type', TEXTS.site_type),
    q('text', 'producer_code', TEXTS.producer_code, { required: 'yes' }),
    q('text', 'producer_name', TEXTS.producer_name),
    q('select_one country', 'country', TEXTS.country, { required: 'yes', appearance: 'minimal' }),
    q('select_one admin1', 'admin1', TEXTS.admin1, { choice_filter: 'country=${country}', appearance: 'minimal' }),
    q('text', 'admin2', TEXTS.admin2),
    q('select_multiple mineral', 'minerals', TEXTS.minerals, { required: 'yes' }),
    q('geopoint', 'gps', TEXTS.gps, { required: 'yes', ...hint(TEXTS.gps_hint) }),
    { type: 'end_group', name: 'site' },
    q('begin_group', 'organisation', TEXTS.organisation),
    q('select_one legal_form', 'legal_form', TEXTS.legal_form),
    q('integer', 'members_total', TEXTS.members_total, { constraint: '. >= 0' }),
    q('integer', 'members_women', TEXTS.members_women, {
      constraint: '. >= 0 and . <= ${members_total}',
      ...localized('constraint_message', TEXTS.members_constraint),
    }),
    q('select_one formalisation_stage', 'formalisation_stage', TEXTS.formalisation_stage, { required: 'yes' }),
    q('select_one yes_no', 'has_mining_title', TEXTS.has_mining_title, { required: 'yes' }),
    q('text', 'mining_title_number', TEXTS.mining_title_number, { relevant: "${has_mining_title} = 'yes'" }),
    { type: 'end_group', name: 'organisation' },
    q('begin_group', 'workforce', TEXTS.workforce),
    q('integer', 'workers_total', TEXTS.workers_total, { required: 'yes', constraint: '. >= 0' }),
    q('integer', 'workers_women', TEXTS.workers_women, countConstraint),
    q('integer', 'workers_under_18', TEXTS.workers_under_18, countConstraint),
    q('integer', 'workers_under_15', TEXTS.workers_under_15, {
      relevant: '${workers_under_18} > 0',
      constraint: '. >= 0 and . <= ${workers_under_18}',
      ...localized('constraint_message', TEXTS.under_15_constraint),
    }),
    q('select_multiple women_role', 'women_roles', TEXTS.women_roles, { relevant: '${workers_women} > 0' }),
    q('select_one yes_no', 'children_under_15_observed', TEXTS.children_under_15_observed, { required: 'yes' }),
    { type: 'end_group', name: 'workforce' },
    q('begin_group', 'practices', TEXTS.practices),
    q('select_one yes_no', 'mercury_used', TEXTS.mercury_used, { required: 'yes' }),
    q('decimal', 'mercury_kg_per_month', TEXTS.mercury_kg_per_month, { relevant: "${mercury_used} = 'yes'", constraint: '. >= 0' }),
    q('decimal', 'mercury_recovered_kg_per_month', TEXTS.mercury_recovered_kg_per_month, {
      relevant: "${mercury_used} = 'yes'",
      constraint: '. >= 0',
    }),
    q('select_one yes_no', 'cyanide_used', TEXTS.cyanide_used),
    q('integer', 'accidents_12_months', TEXTS.accidents_12_months, { constraint: '. >= 0' }),
    q('integer', 'fatalities_12_months', TEXTS.fatalities_12_months, {
      constraint: '. >= 0 and . <= ${accidents_12_months}',
      ...localized('constraint_message', TEXTS.fatalities_constraint),
    }),
    q('select_multiple env_measure', 'environmental_measures', TEXTS.environmental_measures),
    { type: 'end_group', name: 'practices' },
  ];

  for (const section of catalogue.sections) {
    const requirements = catalogue.requirements.filter((r) => r.section_id === section.section_id);
    if (!requirements.length) continue;
    const group = section.code.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    const title = titles(section);
    const heading = eachLanguage((language) => `${section.code} · ${title[language]}`);
    survey.push(q('begin_group', group, heading, { appearance: 'field-list' }));
    for (const requirement of requirements) {
      const name = questionName(requirement.requirement_id, version.version_id);
      const key = requirement.requirement_id.slice(version.version_id.length + 1);
      const keyHint = eachLanguage((language) => TEXTS.requirement_hint[language].replace('{key}', key));
      survey.push(q('select_one status', name, titles(requirement), { required: 'yes', ...hint(keyHint) }));
      survey.push(
        q('text', `${name}${EVIDENCE_SUFFIX}`, TEXTS.evidence, {
          relevant: `\${${name}} != '' and \${${name}} != 'not_assessed'`,
          appearance: 'multiline',
          ...hint(TEXTS.evidence_hint),
        }),
      );
    }
    survey.push({ type: 'end_group', name: group });
  }

  survey.push(
    q('begin_repeat', 'improvement_actions', TEXTS.improvement_actions),
    q('select_one requirement', 'action_requirement', TEXTS.action_requirement, { required: 'yes' }),
    q('select_one status', 'action_target_status', TEXTS.action_target_status, { required: 'yes', default: 'conformant' }),
    q('text', 'action_description', TEXTS.action_description, { required: 'yes' }),
    q('text', 'action_responsible', TEXTS.action_responsible, hint(TEXTS.action_responsible_hint)),
    q('date', 'action_due_date', TEXTS.action_due_date, { required: 'yes' }),
    q('select_one action_status', 'action_status', TEXTS.action_status, { required: 'yes' }),
    { type: 'end_repeat', name: 'improvement_actions' },
  );

  const choice = (list: string, name: string, text: Text, country = ''): Row => ({
    list_name: list,
    name,
    ...localized('label', text),
    // Only admin-1 units carry the country the form filters them by.
    ...(country ? { country } : {}),
  });
  const choices: Row[] = [
    ...catalogue.statuses.map((s) => choice('status', s.status_code, titles(s))),
    ...catalogue.codes.map((c) => choice(c.list_name, c.code, { en: c.label_en, es: c.label_es, fr: c.label_fr })),
    ...catalogue.countries.map((c) => choice('country', c.country_code, { en: c.name_en, es: c.name_es, fr: c.name_fr })),
    ...catalogue.admin1.map((a) =>
      choice('admin1', a.admin1_code, { en: a.name_en, es: a.name_es, fr: a.name_fr }, a.country_code),
    ),
    ...catalogue.requirements.map((r) => {
      const key = r.requirement_id.slice(version.version_id.length + 1);
      const text = titles(r);
      return choice('requirement', questionName(r.requirement_id, version.version_id), eachLanguage((l) => `${key} · ${text[l]}`));
    }),
  ];

  // The version changes exactly when the questions or choices do, which ODK Central needs to accept an update.
  const digest = createHash('sha256').update(JSON.stringify([survey, choices])).digest('hex').slice(0, 10);
  const settings: Row[] = [
    {
      form_title: `Veta site assessment: ${version.name} ${version.version}`,
      form_id: formId(version.version_id),
      version: digest,
      default_language: LANGUAGES[0].column,
    },
  ];
  return { survey, choices, settings };
}
