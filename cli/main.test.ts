import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { writeDemoData } from '../ingest/demo/write-demo-data.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoExport, runCli, TEST_PRODUCERS } from '../tests/helpers/demo-home.ts';
import { tempHome } from '../tests/helpers/temp-home.ts';

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));
const run = promisify(execFile);

describe('veta --help', () => {
  it('lists the subcommands', async () => {
    const { code, out } = await runCli(['--help']);
    expect(code).toBe(0);
    const listed = out.join('\n').match(/^ {2}(\w+) {2,}/gm)?.map((l) => l.trim());
    expect(listed).toEqual(['demo', 'ingest', 'build', 'serve', 'export', 'form', 'token']);
  });

  it.each(['demo', 'ingest', 'build', 'serve', 'export', 'form'])('%s --help explains its usage and exits 0', async (name) => {
    const { code, out } = await runCli([name, '--help']);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`^usage: veta ${name}`));
    expect(out.join('\n')).toContain('--home DIR');
  });
});

describe('exit codes', () => {
  it.each([
    [[], /usage: veta <command>/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['build', '--bogus'], /Unknown option '--bogus'/],
    [['ingest'], /ingest needs at least one file or directory/],
    [['ingest', 'no-such-file.csv'], /no such file or directory: no-such-file\.csv/],
    [['ingest', '--format', 'xls', 'x.csv'], /unknown --format "xls": expected one of kobo-csv/],
    [['serve', '--port', 'eighty'], /--port expects a whole number/],
    [['serve', '--snapshot', 'latest'], /--snapshot expects a snapshot id \(16 hex digits\), got "latest"/],
    [['export', '--tier', 'everyone'], /unknown --tier "everyone": expected one of public, restricted/],
    [['demo', '--years', '2030..2019'], /--years expects FROM\.\.TO with FROM ≤ TO ≤ 2026/],
    [['demo', '--producers', '0'], /--producers expects a whole number of at least 1, got "0"/],
    [['demo', '--producers', '3', '--sites', '9'], /give --producers or --sites, not both/],
    [['form', '--version', 'craft-9'], /unknown framework version "craft-9"/],
  ])('exits 2 on a usage mistake: %j', async (argv, message) => {
    const { code, err } = await runCli(argv);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('exits 1 when a command cannot do its work', async () => {
    const home = await tempHome();
    const build = await runCli(['build', '--home', home.root]);
    expect(build.code).toBe(1);
    expect(build.err.join('\n')).toMatch(/nothing has been ingested/);
    const serve = await runCli(['serve', '--home', home.root, '--port', '0']);
    expect(serve.code).toBe(1);
    expect(serve.err.join('\n')).toMatch(/nothing is published .*veta demo/);
    const exported = await runCli(['export', '--home', home.root]);
    expect(exported).toMatchObject({ code: 1, err: [expect.stringMatching(/nothing is published yet: run `veta build` first/)] });
  });
});

describe('veta ingest', () => {
  it('prints one JSON summary per file on stdout, goes on past a bad file, and exits 1', async () => {
    const home = await tempHome();
    const demo = await demoExport(3, home.demo);
    const bad = path.join(home.root, 'notes.csv');
    await writeFile(bad, 'a,b\n1,2\n');
    const { code, out, err } = await runCli(['ingest', '--json', '--home', home.root, bad, demo.file]);
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`error: ${bad}: line 1: not a file Veta knows. It is not an export of Veta's site-assessment form`);
    expect(out.map((line) => JSON.parse(line))).toEqual([
      {
        file: demo.file,
        format: 'kobo-csv',
        encoding: 'utf-8',
        mapped: true,
        target_table: 'raw.kobo__veta_site_assessments',
        rows_read: demo.rows.length,
        rows_loaded: demo.rows.length,
        rows_rejected: 0,
        rows_duplicate: 0,
        rows_superseding: 0,
        rows_older_version: 0,
        batch_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    ]);
  });
});

describe('veta ingest --strict', () => {
  it('stops the batch at the first file that cannot be read', async () => {
    const home = await tempHome();
    const demo = await demoExport(3, home.demo);
    const bad = path.join(home.root, 'a-notes.csv');
    await writeFile(bad, 'a,b\n1,2\n');
    const { code, err } = await runCli(['ingest', '--strict', '--home', home.root, bad, demo.file]);
    expect(code).toBe(1);
    expect(err.at(-1)).toBe('--strict: stopped; 1 later file(s) not read');
    expect(err.join('\n')).not.toMatch(/^ingested/m);
  });
});

describe('the veta executable', () => {
  it('runs from a fresh clone without a compile step, honouring VETA_HOME', async () => {
    const home = await tempHome();
    const { stdout, stderr } = await run(process.execPath, [BIN, 'demo', '--json', '--producers', String(TEST_PRODUCERS)], {
      env: { ...process.env, VETA_HOME: home.root },
    });
    expect(stderr).toMatch(/\[1\/3\] writing demo exports[\s\S]*\[2\/3\] ingesting[\s\S]*\[3\/3\] building/);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const built = lines.at(-1);
    const ingested = lines.slice(0, -1);
    expect(ingested.map((s) => s.format)).toEqual([
      'kobo-csv',
      'kobo-xlsx',
      'odk-central-zip',
      'sales-ledger-csv',
      'incidents-csv',
      'fairmined-register-csv',
    ]);
    for (const summary of ingested) {
      expect(summary.rows_rejected).toBe(0);
      expect(summary.rows_read).toBe(summary.rows_loaded + summary.rows_duplicate);
    }
    // The workbook repeats the CSV's submissions: they count as duplicates, and only its actions are new. The ODK
    // Central export holds the same submissions and actions again: all of it is duplicate.
    expect(ingested[1].rows_duplicate).toBe(ingested[0].rows_loaded);
    expect(ingested[2]).toMatchObject({ rows_loaded: 0, rows_duplicate: ingested[0].rows_loaded + ingested[1].rows_loaded });
    expect(built).toMatchObject({ models_failed: 0, tests_failed: 0, published: true });
    const again = await run(process.execPath, [BIN, 'build', '--json', '--home', home.root]);
    expect(JSON.parse(again.stdout)).toMatchObject({ published: true });
    // Nothing new came in: the same inputs give the same snapshot.
    expect(JSON.parse(again.stdout).snapshot_id).toBe(built.snapshot_id);
  });
});

describe('veta ingest on a folder', () => {
  it('lands an unzipped ODK export as one input, and every other file and subfolder beside it on its own', async () => {
    const home = await tempHome();
    const dir = path.join(home.root, 'exports');
    const manifest = await writeDemoData(path.join(home.root, 'demo'), { producers: 2, xlsx: false });
    const zip = await JSZip.loadAsync(await readFile(manifest.files.odk_zip!));
    await mkdir(path.join(dir, 'partners'), { recursive: true });
    for (const member of Object.values(zip.files).filter((m) => !m.dir && m.name.endsWith('.csv'))) {
      await writeFile(path.join(dir, member.name), await member.async('nodebuffer'));
    }
    await copyFile(manifest.files.sales_ledger, path.join(dir, 'production_sales_ledger.csv'));
    await copyFile(manifest.files.incidents, path.join(dir, 'partners', 'incidents.csv'));
    const { code, out } = await runCli(['ingest', '--home', home.root, '--json', dir]);
    expect(code).toBe(0);
    const summaries = out.map((line) => JSON.parse(line) as { file: string; format: string; rows_rejected: number });
    expect(summaries.map((s) => [path.relative(dir, s.file) || '.', s.format])).toEqual([
      ['.', 'odk-central-folder'],
      ['partners/incidents.csv', 'incidents-csv'],
      ['production_sales_ledger.csv', 'sales-ledger-csv'],
    ]);
    expect(summaries.every((s) => s.rows_rejected === 0)).toBe(true);
  });
});
