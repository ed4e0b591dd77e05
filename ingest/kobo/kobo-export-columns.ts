/**
 * The columns of a KoboToolbox CSV export of an XLSForm, as KoboToolbox writes them with "XML values and headers"
 * and groups in headers (separator `/`): questions by their group path, a select_multiple as one space-separated
 * column plus one `0`/`1` column per choice, a geopoint as its raw string plus `_<name>_latitude` … columns, repeat
 * groups left out (a CSV export holds only the main table), then Kobo's metadata columns.
 */
import type { XlsForm } from '../../warehouse/forms/build-xlsform.ts';
import { mainQuestions } from '../../warehouse/forms/main-questions.ts';

/** Metadata columns KoboToolbox appends after the questions. */
const KOBO_METADATA = [
  '_id',
  '_uuid',
  '_submission_time',
  '_validation_status',
  '_notes',
  '_status',
  '_submitted_by',
  '__version__',
  '_tags',
  '_index',
] as const;

export interface ExportColumn {
  /** The header as KoboToolbox writes it. */
  header: string;
  /** The form question it comes from (`meta/instanceID` for the instance id). */
  question: string;
  /** What the cell holds. */
  part: 'value' | 'choice' | 'latitude' | 'longitude' | 'altitude' | 'precision' | 'metadata';
  /** For `choice`: the choice the 0/1 column stands for. */
  choice?: string;
}

const GEO_PARTS = ['latitude', 'longitude', 'altitude', 'precision'] as const;

export function koboExportColumns(form: XlsForm, separator = '/'): ExportColumn[] {
  const choices = new Map<string, string[]>();
  for (const c of form.choices) choices.set(c.list_name, [...(choices.get(c.list_name) ?? []), c.name]);

  const columns: ExportColumn[] = [];
  for (const { row, type, list, groups } of mainQuestions(form)) {
    const path = [...groups, row.name].join(separator);
    const prefix = groups.length ? `${groups.join(separator)}${separator}` : '';
    if (type === 'geopoint') {
      // KoboToolbox names the raw geopoint column without its groups, and the split columns with them.
      columns.push({ header: row.name, question: path, part: 'value' });
      for (const part of GEO_PARTS) columns.push({ header: `${prefix}_${row.name}_${part}`, question: path, part });
    } else if (type === 'select_multiple') {
      columns.push({ header: path, question: path, part: 'value' });
      for (const choice of (list && choices.get(list)) || []) {
        columns.push({ header: `${path}${separator}${choice}`, question: path, part: 'choice', choice });
      }
    } else {
      columns.push({ header: path, question: path, part: 'value' });
    }
  }
  columns.push({ header: `meta${separator}instanceID`, question: 'meta/instanceID', part: 'value' });
  for (const name of KOBO_METADATA) columns.push({ header: name, question: name, part: 'metadata' });
  return columns;
}
