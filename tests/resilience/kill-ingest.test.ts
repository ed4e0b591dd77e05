/**
 * `veta ingest` killed with SIGKILL at a random moment: whatever it had done, the published snapshot still opens and
 * serves, the landing warehouse holds only whole files, the same command run again completes, and afterwards every
 * row of the files is in the raw tables exactly once, as after a run nobody interrupted.
 *
 * Each trial copies one template home (the earlier export ingested and published), ingests the later export, which
 * repeats the earlier one and adds to it, and kills the process after a seeded random delay spread over the time one
 * uninterrupted run took (a run that finishes first is tried again in a new copy, over the time it took).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoRandom } from '../../ingest/demo/demo-random.ts';
import type { DemoDataManifest } from '../../ingest/demo/write-demo-data.ts';
import type { VetaHome } from '../../warehouse/home.ts';
import { resolveHome } from '../../warehouse/home.ts';
import { sha256File } from '../helpers/export-files.ts';
import { atScale, recordFigures } from './figures.ts';
import {
  distinctFileRows,
  landingDifference,
  ledgerProblems,
  rawRowsOf,
  readLanding,
  type LandingState,
  type LedgerBatch,
} from './landing-state.ts';
import { copyHome, killInCopy, publishedId, scratchDir, servedFrom, writeExport } from './trial-homes.ts';
import { runVeta, runVetaOk } from './veta-process.ts';

const TRIALS = atScale(2, 20);
const SEED = 20_240_611;

/** Per input file (by content hash): what every batch of it read, and what all its batches loaded together. */
function perFile(batches: readonly LedgerBatch[]): Map<string, { read: Set<number>; loaded: number }> {
  const files = new Map<string, { read: Set<number>; loaded: number }>();
  for (const b of batches) {
    const file = files.get(b.file_hash) ?? { read: new Set<number>(), loaded: 0 };
    file.read.add(b.rows_read);
    file.loaded += b.rows_loaded;
    files.set(b.file_hash, file);
  }
  return files;
}

/** Archived inputs whose bytes are not the ones their content hash names (a copy cut short). */
async function brokenArchiveCopies(home: VetaHome): Promise<string[]> {
  const broken: string[] = [];
  for (const hash of await readdir(home.archive).catch(() => [])) {
    for (const name of await readdir(path.join(home.archive, hash))) {
      if (name === 'manifest.jsonl') continue;
      if ((await sha256File(path.join(home.archive, hash, name))) !== hash) broken.push(`${hash.slice(0, 8)}/${name}`);
    }
  }
  return broken;
}

describe('veta ingest killed with SIGKILL', () => {
  const scratch: { remove: () => Promise<void> }[] = [];
  let template: VetaHome;
  let reference: VetaHome;
  let later: { dir: string; manifest: DemoDataManifest };
  let publishedSnapshot: string;
  let baseline: LandingState;
  let uninterruptedMs = 0;
  const figures = { trials: 0, survived: 0, kills_landed: 0, runs_finished_before_kill: 0, rows_lost: 0, rows_duplicated: 0, reruns_failed: 0 };
  const filesDoneAtKill: number[] = [];
  const started = Date.now();

  beforeAll(async () => {
    const work = await scratchDir('kill-ingest');
    scratch.push(work);
    const earlierDir = path.join(work.dir, 'earlier');
    later = { dir: path.join(work.dir, 'later'), manifest: await writeExport(path.join(work.dir, 'later')) };
    await writeExport(earlierDir, 80);
    template = resolveHome(path.join(work.dir, 'home'));
    await runVetaOk(['ingest', earlierDir], template.root);
    publishedSnapshot = publishedId((await runVetaOk(['build', '--json'], template.root)).stdout)!;

    // One uninterrupted run: the reference every trial must end up equal to, and the span the kills are spread over.
    const copy = await copyHome(template);
    scratch.push(copy);
    reference = copy;
    uninterruptedMs = (await runVetaOk(['ingest', later.dir], reference.root)).ms;
    baseline = await readLanding(reference.warehouse);
  }, 240_000);

  afterAll(async () => {
    recordFigures('kill-ingest', {
      ...figures,
      uninterrupted_run_ms: Math.round(uninterruptedMs),
      files_landed_before_kill: filesDoneAtKill.join(' '),
      seconds: Math.round((Date.now() - started) / 1000),
    });
    await Promise.all(scratch.map((s) => s.remove()));
  });

  it('an uninterrupted run lands every row of the files once and accounts for each in the ledger', async () => {
    expect(ledgerProblems(baseline)).toEqual([]);
    // The raw tables against the files themselves, read apart from ingest: the later export repeats the earlier one.
    const earlier = path.join(path.dirname(later.dir), 'earlier');
    const checks = [
      // A submission version is its uuid and instance id; its review status may change from one export to the next.
      { table: 'kobo__veta_site_assessments', file: path.basename(later.manifest.files.kobo_csv), delimiter: ';', identity: ['_uuid', 'meta/instanceID'] },
      { table: 'feeds__sales_ledger', file: path.basename(later.manifest.files.sales_ledger), delimiter: ',', identity: undefined },
      { table: 'feeds__incidents', file: path.basename(later.manifest.files.incidents), delimiter: ',', identity: undefined },
    ];
    for (const { table, file, delimiter, identity } of checks) {
      const expected = await distinctFileRows([path.join(earlier, file), path.join(later.dir, file)], delimiter, identity);
      expect(expected.rows.length).toBeGreaterThan(0);
      expect(await rawRowsOf(reference.warehouse, table, expected.columns)).toEqual(expected.rows);
    }
    // Improvement actions come only in the workbook and the zip: one raw row per action of the later export.
    expect(baseline.tables.kobo__veta_improvement_actions).toHaveLength(later.manifest.improvement_actions);
  });

  it.each(Array.from({ length: TRIALS }, (_, i) => i + 1))('trial %i: a killed run leaves whole files, and a re-run lands the rest once', async (trial) => {
    figures.trials += 1;
    const { home, run: killed, attempts } = await killInCopy(template, ['ingest', later.dir], new DemoRandom(SEED + trial), uninterruptedMs);
    try {
      if (killed.killed) figures.kills_landed += 1;
      figures.runs_finished_before_kill += attempts - 1;
      filesDoneAtKill.push((killed.stderr.match(/^ingested /gm) ?? []).length);

      // Right after the kill: only whole files in the warehouse, and the published snapshot untouched and served.
      expect(ledgerProblems(await readLanding(home.warehouse))).toEqual([]);
      const served = await servedFrom(home);
      expect([served.status, served.snapshot_id, served.summary]).toEqual([200, publishedSnapshot, { status: 200, snapshot_id: publishedSnapshot }]);

      const rerun = await runVeta(['ingest', later.dir], home.root);
      if (rerun.code !== 0) figures.reruns_failed += 1;
      expect(rerun.code, rerun.stderr).toBe(0);

      const after = await readLanding(home.warehouse);
      const difference = landingDifference(baseline, after);
      figures.rows_lost += difference.lost;
      figures.rows_duplicated += difference.duplicated;
      expect(difference).toEqual({ lost: 0, duplicated: 0 });
      expect(ledgerProblems(after)).toEqual([]);
      // Each file, however many times it was read, read its rows every time and loaded them once in all.
      const expected = perFile(baseline.batches);
      const actual = perFile(after.batches);
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [hash, file] of expected) {
        expect([hash, [...actual.get(hash)!.read], actual.get(hash)!.loaded]).toEqual([hash, [...file.read], file.loaded]);
      }
      expect(await brokenArchiveCopies(home)).toEqual([]);
      const manifests = await Promise.all(
        (await readdir(home.archive)).map((hash) => readFile(path.join(home.archive, hash, 'manifest.jsonl'), 'utf8').catch(() => '')),
      );
      // Every line of the archive's manifests is whole JSON.
      for (const line of manifests.join('').split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
      figures.survived += 1;
    } finally {
      await home.remove();
    }
  });
});
