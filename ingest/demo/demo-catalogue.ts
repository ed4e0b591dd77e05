/**
 * Everything the demo takes from Veta's own definitions rather than hard-coding: the CRAFT 2.1 assessment form and
 * its KoboToolbox export columns, the requirements with their module and Annex II group, the choice lists, and the
 * Fairmined premiums and CRAFT review period from the catalogue's parameters. When the catalogue changes, the demo
 * follows.
 */
import type { XlsForm } from '../../warehouse/forms/build-xlsform.ts';
import { generateForm } from '../../warehouse/forms/generate-form.ts';
import { CATALOGUE_DIR } from '../../warehouse/project-paths.ts';
import { requirementOfQuestion } from '../../warehouse/forms/question-names.ts';
import { loadCatalogue } from '../../warehouse/builder/load-catalogue.ts';
import { Database } from '../../warehouse/gateway/duckdb.ts';
import { koboExportColumns, type ExportColumn } from '../kobo/kobo-export-columns.ts';
import type { Module } from './demo-texts.ts';

export const DEMO_VERSION_ID = 'craft-2.1';

export interface DemoRequirement {
  /** `craft-2.1.M3-6` */
  id: string;
  /** `M3-6` */
  key: string;
  /** The status question, `r_M3_6`; its evidence question adds `_evidence`. */
  question: string;
  module: Module;
  /** The OECD Annex II group (`nsag-support`), for modules 3 and 4. */
  annexGroup: string | null;
}

export interface DemoCatalogue {
  versionId: string;
  form: XlsForm;
  columns: ExportColumn[];
  /** Whether each export column holds a number (integer and decimal questions, geopoint parts, 0/1, `_id`, `_index`). */
  numeric: boolean[];
  /** Form title, form id (`veta_site_assessment_craft_2_1`) and version of the settings sheet. */
  formId: string;
  requirements: DemoRequirement[];
  /** Choice names per list, in form order. */
  choices: ReadonlyMap<string, readonly string[]>;
  /** Country of each admin-1 choice. */
  admin1Country: ReadonlyMap<string, string>;
  premiumGoldUsdPerKg: number;
  premiumEcologicalExtraUsdPerKg: number;
  mitigationReviewMonths: number;
  module5HorizonYears: number;
}

const NUMERIC_TYPES = new Set(['integer', 'decimal']);

export async function readDemoCatalogue(catalogueDir = CATALOGUE_DIR): Promise<DemoCatalogue> {
  const form = await generateForm(DEMO_VERSION_ID, catalogueDir);
  const db = await Database.open(':memory:');
  try {
    await loadCatalogue(db, catalogueDir);
    const rows = await db.query<{ requirement_id: string; module: string; annex_ii_group: string | null }>(
      `select r.requirement_id, s.code as module, r.annex_ii_group
       from catalogue.requirements r join catalogue.sections s using (section_id) where r.version_id = $version`,
      { version: DEMO_VERSION_ID },
    );
    const parameters = await db.query<{ parameter_id: string; version_id: string; value: number }>(
      'select parameter_id, version_id, value from catalogue.parameters',
    );
    const parameter = (id: string, version: string): number => {
      const found = parameters.find((p) => p.parameter_id === id && p.version_id === version);
      if (!found) throw new Error(`catalogue parameters.csv has no ${id} for ${version}: the demo needs it`);
      return Number(found.value);
    };

    const byId = new Map(rows.map((r) => [r.requirement_id, r]));
    const requirements: DemoRequirement[] = [];
    for (const row of form.survey) {
      const id = row.type === 'select_one status' ? requirementOfQuestion(row.name, DEMO_VERSION_ID) : undefined;
      if (!id) continue;
      const known = byId.get(id);
      if (!known) throw new Error(`form question ${row.name} asks about ${id}, which the catalogue does not list`);
      requirements.push({
        id,
        key: id.slice(DEMO_VERSION_ID.length + 1),
        question: row.name,
        module: known.module as Module,
        annexGroup: known.annex_ii_group,
      });
    }

    const choices = new Map<string, string[]>();
    const admin1Country = new Map<string, string>();
    for (const c of form.choices) {
      choices.set(c.list_name, [...(choices.get(c.list_name) ?? []), c.name]);
      if (c.list_name === 'admin1') admin1Country.set(c.name, c.country);
    }

    const types = new Map(form.survey.map((r) => [r.name, r.type]));
    const columns = koboExportColumns(form);
    const numeric = columns.map((c) => {
      if (c.part === 'metadata') return c.header === '_id' || c.header === '_index';
      if (c.part !== 'value') return true;
      return NUMERIC_TYPES.has(types.get(c.question.split('/').pop()!) ?? '');
    });

    return {
      versionId: DEMO_VERSION_ID,
      form,
      columns,
      numeric,
      formId: form.settings[0].form_id,
      requirements,
      choices,
      admin1Country,
      premiumGoldUsdPerKg: parameter('fairmined.premium_gold', 'fairmined-2.0'),
      premiumEcologicalExtraUsdPerKg: parameter('fairmined.premium_ecological_gold_extra', 'fairmined-2.0'),
      mitigationReviewMonths: parameter('craft.mitigation_review_months', DEMO_VERSION_ID),
      module5HorizonYears: parameter('craft.module5_horizon_years', DEMO_VERSION_ID),
    };
  } finally {
    db.close();
  }
}
