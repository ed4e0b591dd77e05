/**
 * A published demo home shared by the tests of one suite (made in `beforeAll`), for suites that read the same demo
 * many times: the homes of temp-home.ts are removed after each test. Removed after the suite.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';
import { runCli, TEST_PRODUCERS } from './demo-home.ts';

const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function suiteDemoHome(producers = TEST_PRODUCERS): Promise<VetaHome> {
  const home = resolveHome(await mkdtemp(path.join(tmpdir(), 'veta-suite-')));
  created.push(home.root);
  const result = await runCli(['demo', '--home', home.root, '--producers', String(producers)]);
  if (result.code !== 0) throw new Error(`veta demo failed:\n${result.err.join('\n')}`);
  return home;
}
