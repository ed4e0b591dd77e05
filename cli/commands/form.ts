/** `veta form`: writes the site-assessment XLSForm of a framework version, ready to upload to KoboToolbox or ODK. */
import path from 'node:path';
import { formId, UnknownVersionError } from '../../warehouse/forms/build-xlsform.ts';
import { generateForm, SHIPPED_VERSIONS, shippedFormFile } from '../../warehouse/forms/generate-form.ts';
import { writeXlsForm } from '../../warehouse/forms/write-xlsform.ts';
import type { Command } from '../command.ts';
import { CliError, UsageError } from '../errors.ts';

export const form: Command = {
  name: 'form',
  summary: 'Write the site-assessment XLSForm (en/es/fr) of a framework version, generated from the catalogue.',
  usage: 'veta form [--version ID] [--out FILE] | veta form --shipped',
  help: [
    '  --version ID     framework version to assess against (default: craft-2.1)',
    '  --out FILE       where to write the .xlsx (default: ./<form id>.xlsx)',
    `  --shipped        regenerate the forms the repository ships (${SHIPPED_VERSIONS.join(', ')})`,
  ],
  options: { version: { type: 'string' }, out: { type: 'string' }, shipped: { type: 'boolean' } },
  async run(context) {
    const jobs = context.values.shipped
      ? SHIPPED_VERSIONS.map((version) => ({ version, file: shippedFormFile(version) }))
      : [
          {
            version: (context.values.version as string | undefined) ?? 'craft-2.1',
            file: context.values.out as string | undefined,
          },
        ];
    for (const job of jobs) {
      const built = await generateForm(job.version).catch((error: Error) => {
        throw error instanceof UnknownVersionError ? new UsageError(error.message) : new CliError(error.message);
      });
      const file = path.resolve(job.file ?? `${formId(job.version)}.xlsx`);
      await writeXlsForm(built, file);
      const questions = built.survey.filter((row) => !['begin_group', 'end_group', 'begin_repeat', 'end_repeat'].includes(row.type));
      context.err(`wrote ${file}: ${questions.length} questions, ${built.choices.length} choices, version ${built.settings[0].version}`);
    }
    return 0;
  },
};
