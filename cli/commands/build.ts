/** `veta build`: runs the SQL models and their tests into a new snapshot and publishes it if everything passed. */
import path from 'node:path';
import { buildSnapshot, type BuildReport } from '../../warehouse/builder/build-snapshot.ts';
import { writeExtracts } from '../../warehouse/extracts/write-extracts.ts';
import type { Command, Context } from '../command.ts';
import { CliError } from '../errors.ts';

export const build: Command = {
  name: 'build',
  summary: 'Run the SQL models and their data tests into a new snapshot; publish it when all of them pass.',
  usage: 'veta build [--json] [--strict] [--select MODEL[+]]',
  help: [
    '  --json           print one JSON object: snapshot_id, models_built, models_failed, tests_passed,',
    '                   tests_failed, published',
    '  --strict         stop at the first model or test that fails',
    '  --select MODEL   rebuild one model on a copy of the published snapshot and run its tests; MODEL+ also',
    '                   rebuilds every model that reads it (refused when data landed since)',
  ],
  options: { json: { type: 'boolean' }, strict: { type: 'boolean' }, select: { type: 'string' } },
  async run(context) {
    const report = await buildAndReport(context);
    return report.published ? 0 : 1;
  },
};

export async function buildAndReport(context: Context): Promise<BuildReport> {
  const select = typeof context.values.select === 'string' ? context.values.select : undefined;
  const report = await buildSnapshot({ home: context.home, log: context.err, select, strict: context.values.strict === true });
  const { snapshot_id, models_built, models_failed, tests_passed, tests_failed, published } = report;
  if (context.values.json) {
    context.out(JSON.stringify({ snapshot_id, models_built, models_failed, tests_passed, tests_failed, published }));
  }
  const verdict = published
    ? `published snapshot ${snapshot_id}`
    : `snapshot ${snapshot_id} NOT published; it is kept at ${path.relative(process.cwd(), report.file)} for inspection`;
  context.err(
    `${verdict}: ${models_built} models built, ${models_failed} failed; ${tests_passed} tests passed, ${tests_failed} failed`,
  );
  if (published) await writePublicExtract(context, report);
  return report;
}

/**
 * The open-data page offers the public extract of every snapshot it serves, so publishing one writes its extract
 * (`<home>/extracts/<id>/public/`, where the API looks for it), from the kept file named by the id.
 */
async function writePublicExtract(context: Context, report: BuildReport): Promise<void> {
  const out = path.join(context.home.root, 'extracts', report.snapshot_id, 'public');
  try {
    await writeExtracts({ snapshot: report.file, out, tier: 'public' });
  } catch (error) {
    throw new CliError(
      `snapshot ${report.snapshot_id} is published, but its public extract could not be written to ${out}: ` +
        `${(error as Error).message}; run \`veta export --snapshot ${report.snapshot_id} --out ${out}\` once it is fixed`,
    );
  }
  context.err(`wrote the public extract of snapshot ${report.snapshot_id} to ${path.relative(process.cwd(), out) || '.'}`);
}
