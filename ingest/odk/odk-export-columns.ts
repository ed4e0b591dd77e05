/**
 * The columns of an ODK Central "CSV (zip)" export of an XLSForm: the root table with `SubmissionDate` first, group
 * paths joined with `-`, a geopoint as `-Latitude/-Longitude/-Altitude/-Accuracy` (no raw column), a select_multiple
 * as one space-separated column, then Central's trailing metadata; and one table per repeat, its questions named
 * inside the repeat, linked by `PARENT_KEY` and `KEY`.
 */
import type { XlsForm } from '../../warehouse/forms/build-xlsform.ts';
import type { ExportColumn } from '../kobo/kobo-export-columns.ts';

/** Trailing columns of current ODK Central root tables (older servers write fewer). */
export const ODK_ROOT_METADATA = [
  'KEY',
  'SubmitterID',
  'SubmitterName',
  'AttachmentsPresent',
  'AttachmentsExpected',
  'Status',
  'ReviewState',
  'DeviceID',
  'Edits',
  'FormVersion',
] as const;

const GEO_PARTS = [
  ['Latitude', 'latitude'],
  ['Longitude', 'longitude'],
  ['Altitude', 'altitude'],
  ['Accuracy', 'precision'],
] as const;

function questionColumns(rows: XlsForm['survey'], prefix: string[]): ExportColumn[] {
  const columns: ExportColumn[] = [];
  const groups = [...prefix];
  let nestedRepeats = 0;
  for (const row of rows) {
    const [type] = row.type.split(' ');
    if (type === 'begin_repeat') nestedRepeats += 1;
    if (type === 'end_repeat') nestedRepeats -= 1;
    if (type === 'begin_group') groups.push(row.name);
    if (type === 'end_group') groups.pop();
    if (nestedRepeats > 0 || ['begin_group', 'end_group', 'begin_repeat', 'end_repeat', 'note'].includes(type)) continue;
    const path = [...groups, row.name].join('-');
    const question = [...groups, row.name].join('/');
    if (type === 'geopoint') {
      for (const [suffix, part] of GEO_PARTS) columns.push({ header: `${path}-${suffix}`, question, part });
    } else {
      columns.push({ header: path, question, part: 'value' });
    }
  }
  return columns;
}

export function odkRootColumns(form: XlsForm): ExportColumn[] {
  return [
    { header: 'SubmissionDate', question: 'SubmissionDate', part: 'metadata' },
    ...questionColumns(form.survey, []),
    { header: 'meta-instanceID', question: 'meta/instanceID', part: 'value' },
    ...ODK_ROOT_METADATA.map((name): ExportColumn => ({ header: name, question: name, part: 'metadata' })),
  ];
}

/** The questions of a top-level repeat, named as Central names them inside the repeat's own table. */
export function odkRepeatColumns(form: XlsForm, repeat: string): ExportColumn[] {
  const start = form.survey.findIndex((row) => row.type === 'begin_repeat' && row.name === repeat);
  if (start < 0) throw new Error(`the form has no repeat named ${repeat}`);
  const end = form.survey.findIndex((row, i) => i > start && row.type === 'end_repeat' && row.name === repeat);
  return [
    ...questionColumns(form.survey.slice(start + 1, end), []),
    { header: 'PARENT_KEY', question: 'PARENT_KEY', part: 'metadata' },
    { header: 'KEY', question: 'KEY', part: 'metadata' },
  ];
}
