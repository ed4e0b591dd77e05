/**
 * Writes the demo's submissions as ODK Central writes a "CSV (zip)" export: `<form id>.csv` for the root table and
 * `<form id>-improvement_actions.csv` for the repeat, rows linked by `PARENT_KEY`/`KEY`. Rows are streamed to files
 * aside and zipped at the end with the export's date on every entry, so the same data always gives the same bytes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import JSZip from 'jszip';
import type { XlsForm } from '../../warehouse/forms/build-xlsform.ts';
import { odkRepeatColumns, odkRootColumns } from '../odk/odk-export-columns.ts';
import { BufferedFileWriter } from './buffered-file-writer.ts';
import { csvLine, PLAIN_CSV } from './csv-line.ts';
import type { DemoAction } from './demo-assessments.ts';
import { koboRowWriter, type Answers } from './kobo-submission-row.ts';

export const ODK_REPEAT = 'improvement_actions';

export class OdkCentralZipWriter {
  private readonly root: BufferedFileWriter;
  private readonly repeat: BufferedFileWriter;
  private readonly rootRow: ReturnType<typeof koboRowWriter>;
  private readonly repeatRow: ReturnType<typeof koboRowWriter>;
  private readonly rootFile: string;
  private readonly repeatFile: string;

  constructor(
    form: XlsForm,
    private readonly formId: string,
    scratch: string,
  ) {
    const rootColumns = odkRootColumns(form);
    const repeatColumns = odkRepeatColumns(form, ODK_REPEAT);
    this.rootRow = koboRowWriter(rootColumns);
    this.repeatRow = koboRowWriter(repeatColumns);
    this.rootFile = path.join(scratch, 'odk-root.csv');
    this.repeatFile = path.join(scratch, 'odk-repeat.csv');
    this.root = new BufferedFileWriter(this.rootFile);
    this.repeat = new BufferedFileWriter(this.repeatFile);
    void this.root.write(`${csvLine(rootColumns.map((c) => c.header), PLAIN_CSV)}\n`);
    void this.repeat.write(`${csvLine(repeatColumns.map((c) => c.header), PLAIN_CSV)}\n`);
  }

  async addSubmission(answers: Answers, metadata: Readonly<Record<string, string>>, actions: readonly DemoAction[]): Promise<void> {
    await this.root.write(`${csvLine(this.rootRow(answers, metadata), PLAIN_CSV)}\n`);
    const parent = metadata.KEY;
    for (const [i, action] of actions.entries()) {
      const cells = new Map([
        ['action_requirement', action.requirement],
        ['action_target_status', 'conformant'],
        ['action_description', action.description],
        ['action_responsible', action.responsible],
        ['action_due_date', action.dueDate],
        ['action_status', action.status],
      ]);
      const row = this.repeatRow(cells, { PARENT_KEY: parent, KEY: `${parent}/${ODK_REPEAT}[${i + 1}]` });
      await this.repeat.write(`${csvLine(row, PLAIN_CSV)}\n`);
    }
  }

  /** Zips the two tables into `file`, every entry dated `exportedAt`. */
  async close(file: string, exportedAt: Date): Promise<void> {
    await Promise.all([this.root.close(), this.repeat.close()]);
    const zip = new JSZip();
    zip.file(`${this.formId}.csv`, createReadStream(this.rootFile), { date: exportedAt, binary: true });
    zip.file(`${this.formId}-${ODK_REPEAT}.csv`, createReadStream(this.repeatFile), { date: exportedAt, binary: true });
    const out = createWriteStream(file);
    zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE' }).pipe(out);
    await once(out, 'finish');
  }
}
