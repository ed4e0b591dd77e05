/**
 * `veta build` killed with SIGKILL at a random moment: the published snapshot still opens and serves (the one before,
 * or the new one if the kill came after its publication), the landing warehouse is untouched, the same command run
 * again completes and publishes the new snapshot with its open-data extract, and that snapshot holds every landed row
 * once and the same figures as a build nobody interrupted.
 *
 * Each trial copies one template home (the earlier export published, the later one ingested since) and kills the
 * build after a seeded random delay spread over the time one uninterrupted build of the same home took (a build that
 * finishes first is tried again in a new copy, over the time it took).
 */
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoRandom } from '../../ingest/demo/demo-random.ts';
import { snapshotId } from '../../warehouse/builder/snapshot-id.ts';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';
import { CATALOGUE_DIR, TRANSFORMS_DIR } from '../../warehouse/project-paths.ts';
import { atScale, recordFigures } from './figures.ts';
import { landingDifference, ledgerProblems, readLanding, type LandingState } from './landing-state.ts';
import { copyHome, killInCopy, publishedId, scratchDir, servedFrom, writeExport, type Served } from './trial-homes.ts';
import { runVeta, runVetaOk } from './veta-process.ts';

const TRIALS = atScale(2, 20);
/**
 * Trials killed after the new snapshot is published, while its open-data extract is written: a second or two of a
 * build, which kills spread over the whole of it seldom hit.
 */
const EXTRACT_TRIALS = atScale(1, 5);
const SEED = 20_240_612;
/** What `veta build` prints the moment it has published. */
const PUBLISHED = /^published snapshot /m;

/** The id a build of a home publishes now: a hash of its landing and of the project's models and catalogue. */
function idToBuild(home: VetaHome): Promise<string> {
  return snapshotId({ landing: home.warehouse, catalogueDir: CATALOGUE_DIR, transformsDir: TRANSFORMS_DIR, mappingsDir: home.mappings });
}

describe('veta build killed with SIGKILL', () => {
  const scratch: { remove: () => Promise<void> }[] = [];
  let template: VetaHome;
  let landing: LandingState;
  let before: { id: string; landing: LandingState };
  let after: { id: string; served: Served };
  let uninterruptedMs = 0;
  let extractMs = 0;
  const figures = {
    trials: 0,
    survived: 0,
    kills_landed: 0,
    runs_finished_before_kill: 0,
    served_previous_after_kill: 0,
    served_new_after_kill: 0,
    rows_lost: 0,
    rows_duplicated: 0,
    reruns_failed: 0,
  };
  const started = Date.now();

  beforeAll(async () => {
    const work = await scratchDir('kill-build');
    scratch.push(work);
    const earlier = path.join(work.dir, 'earlier');
    const later = path.join(work.dir, 'later');
    await writeExport(earlier, 80);
    await writeExport(later);
    template = resolveHome(path.join(work.dir, 'home'));
    await runVetaOk(['ingest', earlier], template.root);
    const first = publishedId((await runVetaOk(['build', '--json'], template.root)).stdout)!;
    before = { id: first, landing: await readLanding(template.published, (await readLanding(template.warehouse)).columns) };
    await runVetaOk(['ingest', later], template.root);
    landing = await readLanding(template.warehouse);

    // One uninterrupted build: the figures every trial must end up serving, and the span the kills are spread over.
    const reference = await copyHome(template);
    try {
      const run = await runVeta(['build', '--json'], reference.root, { mark: PUBLISHED });
      expect(run.code, run.stderr).toBe(0);
      uninterruptedMs = run.ms;
      extractMs = run.ms - run.markedAtMs!;
      after = { id: publishedId(run.stdout)!, served: await servedFrom(reference) };
    } finally {
      await reference.remove();
    }
  }, 300_000);

  afterAll(async () => {
    recordFigures('kill-build', {
      ...figures,
      uninterrupted_run_ms: Math.round(uninterruptedMs),
      after_publication_ms: Math.round(extractMs),
      seconds: Math.round((Date.now() - started) / 1000),
    });
    await Promise.all(scratch.map((s) => s.remove()));
  });

  it('an uninterrupted build publishes a new snapshot over the one served, from the data landed since', () => {
    expect(after.id).not.toBe(before.id);
    expect(after.served).toMatchObject({ status: 200, snapshot_id: after.id, summary: { status: 200, snapshot_id: after.id } });
    expect(ledgerProblems(before.landing)).toEqual([]);
    expect(ledgerProblems(landing)).toEqual([]);
    expect(landing.batches.length).toBeGreaterThan(before.landing.batches.length);
  });

  it.each(Array.from({ length: TRIALS }, (_, i) => i + 1))('trial %i: a killed build leaves a snapshot that serves, and a re-run publishes', async (trial) => {
    await killAndRebuild(new DemoRandom(SEED + trial), uninterruptedMs);
  });

  it.each(Array.from({ length: EXTRACT_TRIALS }, (_, i) => i + 1))('trial %i after publication: the new snapshot serves, and a re-run writes its extract whole', async (trial) => {
    await killAndRebuild(new DemoRandom(SEED + TRIALS + trial), extractMs, PUBLISHED);
  });

  /** One trial: a build killed in a copy of the template (`mark`: counted from that moment), then checked and re-run. */
  async function killAndRebuild(random: DemoRandom, spanMs: number, mark?: RegExp): Promise<void> {
    figures.trials += 1;
    // Read now, not once for all trials: the models are the checkout's, which may be edited while the suite runs.
    const next = await idToBuild(template);
    const { home, run: killed, attempts } = await killInCopy(template, ['build', '--json'], random, spanMs, mark);
    try {
      if (killed.killed) figures.kills_landed += 1;
      figures.runs_finished_before_kill += attempts - 1;

      // Right after the kill: a whole snapshot is served, the old one or the new one, and the landing is as it was.
      const served = await servedFrom(home);
      expect(served.status).toBe(200);
      expect([before.id, next]).toContain(served.snapshot_id);
      expect(served.summary).toEqual({ status: 200, snapshot_id: served.snapshot_id });
      // Killed after it published: the new snapshot is the one served, whole.
      if (mark && killed.killed) expect(served.snapshot_id).toBe(next);
      if (served.snapshot_id === before.id) figures.served_previous_after_kill += 1;
      else figures.served_new_after_kill += 1;
      const servedRows = served.snapshot_id === before.id ? before.landing : landing;
      expect(landingDifference(servedRows, await readLanding(home.published, servedRows.columns))).toEqual({ lost: 0, duplicated: 0 });
      expect(landingDifference(landing, await readLanding(home.warehouse))).toEqual({ lost: 0, duplicated: 0 });

      const rerun = await runVeta(['build', '--json'], home.root);
      if (rerun.code !== 0) figures.reruns_failed += 1;
      expect(rerun.code, rerun.stderr).toBe(0);
      const republished = await servedFrom(home);
      expect(republished).toMatchObject({ status: 200, snapshot_id: publishedId(rerun.stdout), summary: { status: 200, snapshot_id: publishedId(rerun.stdout) } });
      // The same inputs give the same figures as the uninterrupted build (models edited meanwhile give another id).
      if (republished.snapshot_id === after.id) expect(republished).toEqual(after.served);

      // The published snapshot carries the landed rows, each once, and the ledger that accounts for them.
      const snapshot = await readLanding(home.published, landing.columns);
      const difference = landingDifference(landing, snapshot);
      figures.rows_lost += difference.lost;
      figures.rows_duplicated += difference.duplicated;
      expect(difference).toEqual({ lost: 0, duplicated: 0 });
      expect(ledgerProblems(snapshot)).toEqual([]);
      expect(snapshot.batches.map((b) => b.batch_id)).toEqual(landing.batches.map((b) => b.batch_id));
      // The new snapshot's open-data extract is whole, and nothing half-built is left behind.
      const extract = path.join(home.root, 'extracts', republished.snapshot_id!, 'public');
      await access(path.join(extract, 'datapackage.json'));
      expect(await readdir(extract)).not.toContain('.extract-in-progress');
      expect((await readdir(home.snapshots)).filter((name) => !/^[0-9a-f]{16}\.duckdb$/.test(name))).toEqual([]);
      expect((await readdir(home.root)).filter((name) => name.startsWith('published.duckdb') && name !== 'published.duckdb')).toEqual([]);
      figures.survived += 1;
    } finally {
      await home.remove();
    }
  }
});
