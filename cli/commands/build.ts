/** `veta build`: runs the SQL models and their tests into a new snapshot and publishes it if everything passed. */
import path from 'node:path';
import { buildSnapshot, type BuildReport } from '../../warehouse/builder/build-snapshot.ts';
import type { Command, Context } from '../command.ts';

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
  return report;
}
