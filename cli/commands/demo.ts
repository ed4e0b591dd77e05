/** `veta demo`: writes the demo exports, ingests them and builds, so a new user sees a working portal at once. */
import { rm } from 'node:fs/promises';
import { producersForSites } from '../../ingest/demo/demo-producers.ts';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { type Command, type Context } from '../command.ts';
import { UsageError } from '../errors.ts';
import { buildAndReport } from './build.ts';
import { ingestPaths } from './ingest.ts';

export const demo: Command = {
  name: 'demo',
  summary: 'Write realistic demo data (Kobo and ODK exports, ledgers, incidents), ingest it and publish a snapshot.',
  usage: 'veta demo [--json] [--producers N | --sites N] [--years A..B] [--seed N]',
  help: [
    '  --json           print the ingest and build summaries as JSON lines',
    '  --producers N    producer organisations to invent (default 120, each with 1 to 3 sites)',
    '  --sites N        invent as many producers as at least N sites need',
    '  --years A..B     years of assessments (default 2019..2026)',
    '  --seed N         another seed gives other data; the same seed always the same files (default 2021)',
    '',
    'The demo replaces the landing warehouse under --home; published snapshots are kept.',
  ],
  options: {
    json: { type: 'boolean' },
    producers: { type: 'string' },
    sites: { type: 'string' },
    years: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(context) {
    return (await runDemo(context)) ? 0 : 1;
  },
};

function wholeNumber(value: string | boolean | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} expects a whole number of at least 1, got "${String(value)}"`);
  return n;
}

function years(value: string | boolean | undefined): { fromYear?: number; toYear?: number } {
  if (value === undefined) return {};
  const match = /^(\d{4})\.\.(\d{4})$/.exec(String(value));
  if (!match || Number(match[1]) > Number(match[2]) || Number(match[2]) > 2026) {
    throw new UsageError(`--years expects FROM..TO with FROM ≤ TO ≤ 2026, e.g. 2019..2026; got "${String(value)}"`);
  }
  return { fromYear: Number(match[1]), toYear: Number(match[2]) };
}

export async function runDemo(context: Context): Promise<boolean> {
  const { home, values } = context;
  if (values.sites !== undefined && values.producers !== undefined) throw new UsageError('give --producers or --sites, not both');
  const base = { seed: wholeNumber(values.seed, 'seed'), ...years(values.years) };
  const sites = wholeNumber(values.sites, 'sites');
  const options = { ...base, producers: sites ? producersForSites(base, sites) : wholeNumber(values.producers, 'producers') };
  context.err(`[1/3] writing demo exports to ${home.demo}`);
  const written = await writeDemoData(home.demo, options);
  context.err(
    `      ${written.submissions} site assessments of ${written.sites} sites, ${written.producers} producers, ` +
      `${written.countries} countries, ${written.first_assessment_date} to ${written.latest_assessment_date}`,
  );
  context.err(`[2/3] ingesting into ${home.warehouse}`);
  // A fresh landing warehouse keeps the demo repeatable: the same files always give the same figures.
  await rm(home.warehouse, { force: true });
  await rm(`${home.warehouse}.wal`, { force: true });
  // The `;` CSV holds every submission; the XLSX holds the same ones (counted as duplicates) and the improvement
  // actions of its repeat sheet; the ODK Central zip holds them all again, as a second tool would; the feeds come
  // beside them.
  const { kobo_csv, kobo_xlsx, odk_zip, sales_ledger, incidents, fairmined_register } = written.files;
  const files = [kobo_csv, ...(kobo_xlsx ? [kobo_xlsx] : []), ...(odk_zip ? [odk_zip] : []), sales_ledger, incidents, fairmined_register];
  const summaries = await ingestPaths(context, files);
  if (summaries.length !== files.length) return false;
  context.err('[3/3] building models and data tests');
  const report = await buildAndReport(context);
  return report.published;
}
