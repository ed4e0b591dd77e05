/** A throw-away Veta home for a test, removed afterwards. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { resolveHome, type VetaHome } from '../../warehouse/home.ts';

const created: string[] = [];

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'veta-test-'));
  created.push(dir);
  return dir;
}

export async function tempHome(): Promise<VetaHome> {
  return resolveHome(await tempDir());
}
