/** `veta demo`: writes the demo exports, ingests them and builds, so a new user sees a working portal at once. */
import { rm } from 'node:fs/promises';
import { writeDemoExport } from '../../ingest/demo/write-demo-export.ts';
import type { Command, Context } from '../command.ts';
import { buildAndReport } from './build.ts';
import { ingestPaths } from './ingest.ts';

export const demo: Command = {
  name: 'demo',
  summary: 'Write a small demo dataset (KoboToolbox-style exports), ingest it and build a published snapshot.',
  usage: 'veta demo [--json]',
  help: [
    '  --json           print the ingest and build summaries as JSON lines',
    '',
    'The demo replaces the landing warehouse under --home; published snapshots are kept.',
  ],
  options: { json: { type: 'boolean' } },
  async run(context) {
    return (await runDemo(context)) ? 0 : 1;
  },
};

export async function runDemo(context: Context): Promise<boolean> {
  const { home } = context;
  context.err(`[1/3] writing demo exports to ${home.demo}`);
  const written = await writeDemoExport(home.demo);
  context.err(
    `      ${written.submissions} site assessments of ${written.sites} sites, ${written.producers} producers, ` +
      `${written.countries} countries`,
  );
  context.err(`[2/3] ingesting into ${home.warehouse}`);
  // A fresh landing warehouse keeps the demo repeatable: the same files always give the same figures.
  await rm(home.warehouse, { force: true });
  await rm(`${home.warehouse}.wal`, { force: true });
  const summaries = await ingestPaths(context, [written.file]);
  if (summaries.length !== 1) return false;
  context.err('[3/3] building models and data tests');
  const report = await buildAndReport(context);
  return report.published;
}
