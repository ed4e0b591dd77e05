/** Generates the assessment XLSForm of a framework version straight from the project's catalogue files. */
import { fileURLToPath } from 'node:url';
import { Database } from '../gateway/duckdb.ts';
import { loadCatalogue } from '../builder/load-catalogue.ts';
import { CATALOGUE_DIR } from '../project-paths.ts';
import { buildXlsForm, readFormCatalogue, type XlsForm } from './build-xlsform.ts';

const SHIPPED_FORMS_DIR = fileURLToPath(new URL('.', import.meta.url));
/** The forms the repository ships, one per current framework version that has requirements. */
export const SHIPPED_VERSIONS = ['craft-2.1', 'fairmined-2.0'] as const;

export async function generateForm(versionId: string, catalogueDir = CATALOGUE_DIR): Promise<XlsForm> {
  const db = await Database.open(':memory:');
  try {
    await loadCatalogue(db, catalogueDir);
    return buildXlsForm(await readFormCatalogue(db, versionId));
  } finally {
    db.close();
  }
}

export function shippedFormFile(versionId: string): string {
  return `${SHIPPED_FORMS_DIR}veta_site_assessment_${versionId}.xlsx`;
}
