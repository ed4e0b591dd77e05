/**
 * Makes sure the portal's server build matches its sources before serving it. A content stamp of the sources is
 * stored with the build, so a second `npm start` skips the build and starts in seconds.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PORTAL_DIR = path.join(ROOT, 'portal');
export const PORTAL_BUILD = path.join(PORTAL_DIR, 'build');
const STAMP = path.join(PORTAL_BUILD, '.source-stamp');
/** What the server bundle is made of: the portal and the warehouse code it imports. */
const SOURCES = ['portal/src', 'portal/svelte.config.js', 'portal/vite.config.ts', 'warehouse', 'package-lock.json'];

export async function ensurePortalBuild(log: (line: string) => void): Promise<void> {
  const stamp = await sourceStamp();
  const built = await readFile(STAMP, 'utf8').catch(() => '');
  if (built === stamp) return;
  log(built ? 'portal sources changed: rebuilding the portal' : 'building the portal (first run only)');
  await runVite();
  await writeFile(STAMP, stamp);
}

async function sourceStamp(): Promise<string> {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    for (const file of await filesUnder(path.join(ROOT, source))) {
      hash.update(path.relative(ROOT, file)).update('\0').update(await readFile(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

async function filesUnder(target: string): Promise<string[]> {
  try {
    const entries = await readdir(target, { withFileTypes: true, recursive: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  } catch (error) {
    // A file, not a directory.
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [target];
    throw error;
  }
}

function runVite(): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    // Vite's chatter on stdout means nothing to someone starting Veta; its warnings and errors go to stderr.
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: PORTAL_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new CliError(`building the portal failed (vite exited with ${code})`)),
    );
  });
}
