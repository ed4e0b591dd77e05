/**
 * Runs the `veta` command line as a real child process (`node cli/bin.js …`), the way a person or a cron job runs
 * it, with VETA_HOME pointing at a throw-away home, and can end it with SIGKILL part-way: nothing in the process gets
 * to clean up, as when a machine loses power or the OOM killer steps in.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface VetaRun {
  /** The exit code, or null when the process was killed. */
  code: number | null;
  /** True when the SIGKILL reached the process while it was still running. */
  killed: boolean;
  stdout: string;
  stderr: string;
  /** Wall-clock time from spawn to exit. */
  ms: number;
  /** When the output first matched `mark`, in milliseconds from the spawn. */
  markedAtMs?: number;
}

export interface RunOptions {
  /** Send SIGKILL this long after the spawn, if the process is still running then. */
  killAfterMs?: number;
  /** A moment in the run, known by what the command prints then (`published snapshot`). */
  mark?: RegExp;
  /** With `mark`: send SIGKILL this long after that moment instead. */
  killAfterMarkMs?: number;
}

export function runVeta(args: readonly string[], home: string, options: RunOptions = {}): Promise<VetaRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['cli/bin.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, VETA_HOME: home, TZ: 'UTC', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killed = false;
  let markedAtMs: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const killAfter = (ms: number) => {
    timer = setTimeout(() => {
      // exitCode and signalCode stay null while the process runs.
      if (child.exitCode === null && child.signalCode === null) killed = child.kill('SIGKILL');
    }, ms);
  };
  const watch = () => {
    if (markedAtMs !== undefined || !options.mark?.test(`${stdout}${stderr}`)) return;
    markedAtMs = performance.now() - started;
    if (options.killAfterMarkMs !== undefined) killAfter(options.killAfterMarkMs);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    watch();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    watch();
  });
  if (options.killAfterMs !== undefined) killAfter(options.killAfterMs);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stdout, stderr, ms: performance.now() - started, markedAtMs });
    });
  });
}

/** Runs a command that must succeed; its output is in the error when it does not. */
export async function runVetaOk(args: readonly string[], home: string): Promise<VetaRun> {
  const run = await runVeta(args, home);
  if (run.code !== 0) throw new Error(`veta ${args.join(' ')} exited with ${run.code}:\n${run.stderr}\n${run.stdout}`);
  return run;
}
