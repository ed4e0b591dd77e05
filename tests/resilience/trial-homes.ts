/**
 * Where the crash and load trials start from: the demo's exports taken at two moments (an earlier export and a later
 * one that repeats it and adds to it, as a field team's exports do), a template home made from them once per suite,
 * a private copy of it for each trial with a command killed in it, and a look at what the API serves from a home.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApi } from '../../portal/src/lib/server/api/app.ts';
import { writeDemoData, type DemoDataManifest } from '../../ingest/demo/write-demo-data.ts';
import { SnapshotReader } from '../../warehouse/gateway/snapshot-reader.ts';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';
import { runVeta, type VetaRun } from './veta-process.ts';

/** Small, so that a build takes seconds: 12 producer organisations, 120 assessments in all. */
export const TRIAL_PRODUCERS = 12;

/** A folder under the system's temp folder; `remove` deletes it. */
export async function scratchDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `veta-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The demo's exports as they stood after `submissions` assessments (all of them when undefined), in `dir`: every
 * format the demo writes (Kobo CSV both ways, XLSX, ODK Central zip, ledger, incidents, register).
 */
export async function writeExport(dir: string, submissions?: number): Promise<DemoDataManifest> {
  return writeDemoData(dir, { producers: TRIAL_PRODUCERS, ...(submissions ? { maxSubmissions: submissions } : {}) });
}

export type TrialHome = VetaHome & { remove: () => Promise<void> };

/** A copy of a template home for one trial, under the system's temp folder. */
export async function copyHome(template: VetaHome): Promise<TrialHome> {
  const { dir, remove } = await scratchDir('trial');
  await cp(template.root, dir, { recursive: true });
  return { ...resolveHome(dir), remove };
}

export interface KilledRun {
  /** The copy the command was killed in; the caller removes it. */
  home: TrialHome;
  run: VetaRun;
  /** Runs it took: more than one when a run finished before its kill. */
  attempts: number;
}

/**
 * Runs `veta <args>` in a fresh copy of `template` and kills it after a delay drawn from `random` within `spanMs`,
 * counted from the spawn or, with `mark`, from the moment the output matches it. A run that finishes before its kill
 * has shown how long that takes now (a busy machine varies): the trial starts again in a new copy, the delay drawn
 * within that time, so that a trial ends in a kill (within `attempts`).
 */
export async function killInCopy(
  template: VetaHome,
  args: readonly string[],
  random: { next: () => number },
  spanMs: number,
  mark?: RegExp,
  attempts = 3,
): Promise<KilledRun> {
  let span = spanMs;
  for (let attempt = 1; ; attempt += 1) {
    const home = await copyHome(template);
    const delay = Math.floor(random.next() * span);
    const run = await runVeta(args, home.root, mark ? { mark, killAfterMarkMs: delay } : { killAfterMs: delay });
    if (run.killed || attempt === attempts) return { home, run, attempts: attempt };
    span = run.ms - (run.markedAtMs ?? 0);
    await home.remove();
  }
}

export interface Served {
  status: number;
  snapshot_id?: string;
  /** Rows of each published mart, as /health reports them. */
  tables?: Record<string, number>;
  /** The /summary answer's status and snapshot id: the headline figures read from the marts. */
  summary?: { status: number; snapshot_id?: string };
}

/** What the API answers from a home's published snapshot, through the same reader `veta serve` uses. */
export async function servedFrom(home: VetaHome): Promise<Served> {
  const reader = new SnapshotReader(home.published);
  try {
    const api = createApi(reader);
    const health = await api.request('/api/v1/health');
    const body = (await health.json()) as { snapshot_id?: string; tables?: Record<string, number> };
    const summary = await api.request('/api/v1/summary');
    const figures = (await summary.json()) as { snapshot_id?: string };
    return {
      status: health.status,
      snapshot_id: body.snapshot_id,
      tables: body.tables,
      summary: { status: summary.status, snapshot_id: figures.snapshot_id },
    };
  } finally {
    reader.close();
  }
}

/** The ids `veta build --json` printed. */
export function publishedId(stdout: string): string | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('{') && l.includes('"snapshot_id"'));
  return line ? (JSON.parse(line) as { snapshot_id: string; published: boolean }).snapshot_id : undefined;
}
