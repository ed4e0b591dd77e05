/**
 * What the fuzzing suites (fuzz-*.test.ts) share: the runner every property goes through, the mutations that bend
 * real files, and the two outcomes a parser of outside input may have. A parser either returns a well-formed result
 * or throws the project's named error, whose message names the file and, when it names a line, a line the file has.
 * Anything else (a TypeError, a raw engine error, a hang, rows that vanish) fails the property.
 *
 * Every property runs from one fixed seed, printed with the counterexample when it fails, so a failure can be run
 * again exactly: `VETA_FUZZ_SEED=<seed> npx vitest run <file>` repeats the whole run (with VETA_RESILIENCE=full when
 * it failed at full scale), adding `VETA_FUZZ_REPLAY=<suite>:<path>` jumps straight to the shrunk case of that suite,
 * and VETA_FUZZ_KEEP=1 keeps the files the cases wrote.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import { atScale, FULL_SCALE, recordFigures, type Figures } from './figures.ts';

export const FUZZ_SEED = Number(process.env.VETA_FUZZ_SEED ?? 20_240_917);

/** How long one case may take before it counts as a hang. Generous: two busy cores, and DuckDB opens per case. */
const CASE_TIMEOUT_MS = 60_000;

export interface FuzzRun {
  /** The property's name in reports/resilience: `fuzz-<suite>.json`. */
  suite: string;
  /** Cases inside `npm test`, and under `npm run test:resilience`. */
  small: number;
  full: number;
  /** More figures to record beside the counts (what the cases were, how they ended). */
  figures?: () => Figures;
}

/**
 * Runs a property with the fixed seed, records its figures (cases, failures, seed, seconds) and throws with the
 * counterexample and how to replay it when it fails.
 */
export async function fuzz<Ts>(run: FuzzRun, property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>): Promise<void> {
  const [replaySuite, replayPath] = (process.env.VETA_FUZZ_REPLAY ?? '').split(':');
  const started = performance.now();
  const details = await fc.check(property as fc.IRawProperty<Ts>, {
    seed: FUZZ_SEED,
    numRuns: atScale(run.small, run.full),
    timeout: CASE_TIMEOUT_MS,
    ...(replaySuite === run.suite && replayPath ? { path: replayPath } : {}),
  });
  const figures = {
    cases: details.numRuns,
    failures: details.failed ? 1 : 0,
    seed: FUZZ_SEED,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    ...run.figures?.(),
  };
  recordFigures(`fuzz-${run.suite}`, figures);
  // A run at full scale takes long: its log says how each property went as it goes.
  if (FULL_SCALE) console.log(`fuzz-${run.suite}: ${JSON.stringify(figures)}`);
  if (details.failed) {
    const report = fc.defaultReportMessage(details) ?? String(details.errorInstance);
    throw new Error(
      `fuzz-${run.suite} failed (seed ${FUZZ_SEED}); replay: VETA_FUZZ_SEED=${FUZZ_SEED} ` +
        `VETA_FUZZ_REPLAY=${run.suite}:${details.counterexamplePath ?? ''}\n${report}`,
      { cause: details.errorInstance },
    );
  }
}

/** Counts how the cases of a property ended, for its figures. */
export function tally<K extends string>(...outcomes: K[]): Record<K, number> {
  return Object.fromEntries(outcomes.map((k) => [k, 0])) as Record<K, number>;
}

/**
 * A temp folder for one test file, made before its tests and removed after them unless VETA_FUZZ_KEEP is set (to look
 * at a replayed case's files). Call it at the top of the file: vitest runs only the hooks it registers while it
 * collects the file (an afterAll registered from inside a beforeAll never runs, and left a folder behind per run).
 */
export function suiteDir(prefix = 'veta-fuzz-'): { readonly path: string } {
  let made: string | undefined;
  beforeAll(async () => {
    made = await mkdtemp(path.join(tmpdir(), prefix));
    if (process.env.VETA_FUZZ_KEEP) console.log(`fuzz files kept in ${made}`);
  });
  afterAll(async () => {
    if (made && !process.env.VETA_FUZZ_KEEP) await rm(made, { recursive: true, force: true });
  });
  return {
    get path() {
      if (!made) throw new Error('the suite folder is made in a beforeAll hook: read its path in a hook or a test');
      return made;
    },
  };
}

/** Bytes that change how a parser reads what follows: quotes, separators, line ends, brackets, encodings, magic. */
const TOKENS = [
  '"',
  '""',
  ',',
  ';',
  '\t',
  '|',
  '\n',
  '\r\n',
  '\r',
  '\0',
  '\uFEFF',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ':',
  '/',
  'null',
  '-1e999',
  '\u2028',
  '🙂',
  "' OR 1=1 --",
  '../',
  '_uuid',
  '"type":',
  'x'.repeat(300),
].map((t) => Buffer.from(t, 'utf8'));
const RAW_TOKENS = [Buffer.from([0xe9]), Buffer.from([0xff, 0xfe]), Buffer.from([0xc3]), Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.from('%PDF')];

type Mutation =
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: Buffer }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'truncate'; at: number };

const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: position, byte: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.constantFrom(...TOKENS, ...RAW_TOKENS) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }).map((b) => Buffer.from(b)) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: position, length: fc.integer({ min: 1, max: 400 }), times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
);

function applyMutation(bytes: Buffer, m: Mutation): Buffer {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
  switch (m.kind) {
    case 'set': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[at % bytes.length] = m.byte;
      return copy;
    }
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    case 'repeat': {
      const piece = bytes.subarray(at, at + m.length);
      return Buffer.concat([bytes.subarray(0, at), ...Array<Buffer>(m.times + 1).fill(piece), bytes.subarray(at + m.length)]);
    }
    case 'truncate':
      return bytes.subarray(0, at);
  }
}

/** A real file bent by one to four mutations, at places spread over the whole file. */
export function mutated(original: Buffer): fc.Arbitrary<Buffer> {
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => briefly(mutations.reduce(applyMutation, original)));
}

/**
 * Bytes that a failure report shows by size and first bytes: a whole file would bury the report, and the seed and
 * path it prints give the bytes back exactly.
 */
export function briefly(bytes: Buffer): Buffer {
  const shown = `<${bytes.length} bytes: ${JSON.stringify(bytes.subarray(0, 60).toString('latin1'))}…>`;
  return Object.defineProperty(bytes, fc.toStringMethod, { value: () => shown, configurable: true });
}

/** Text whose characters are the ones parsers trip on, with any other code point now and then. */
export function awkwardText(maxLength = 24): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('a', 'Z', '0', ' ', 'é', 'ñ', '’', '_', '-', '.', '/', '~') },
    { weight: 2, arbitrary: fc.constantFrom('"', "'", ',', ';', '\t', '\n', '\r', '\\', '\0', '\uFEFF', '%', '{', '[', '$', '🙂') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  );
  return fc.string({ unit, maxLength });
}

/** Lines of a text (a file that ends without a line break still has its last line). */
export function lineCount(bytes: Buffer | string): number {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) lines++;
  return lines;
}

/** Words of a message that only a crash or an unanticipated engine error would have. */
const CRASH_WORDS =
  /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack|\bat .*\.(?:ts|js):\d+|INTERNAL Error|FATAL|Not implemented Error|please report this|do not add up/;

export interface RefusalExpectation {
  /** The error class the parser is meant to throw (IngestError, MappingError …). */
  kind: abstract new (...args: never[]) => Error;
  /** How the message names the file: its path, or its name. */
  file: string;
  /** The file's bytes, to check that a line the message names is one the file has. */
  bytes?: Buffer | string;
  /** What the message must say, when only one refusal is right. */
  says?: RegExp;
}

/** An error a parser threw is its named error, naming the file and, when it names a line, one the file has. */
export function expectRefusal(error: unknown, expected: RefusalExpectation): void {
  const described = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  expect(error instanceof expected.kind, `a ${expected.kind.name} is expected, got ${described}`).toBe(true);
  const { message } = error as Error;
  expect(message, 'the message names the file').toContain(expected.file);
  expect(message, `the message is a refusal, not a crash or a raw engine error: ${message}`).not.toMatch(CRASH_WORDS);
  if (expected.says) expect(message).toMatch(expected.says);
  if (expected.bytes !== undefined) {
    const lines = lineCount(expected.bytes);
    for (const [, line] of message.matchAll(/\bline:? (\d+)/gi)) {
      expect(Number(line), `the message names line ${line} of a file of ${lines} lines: ${message}`).toBeLessThanOrEqual(lines + 1);
      expect(Number(line)).toBeGreaterThan(0);
    }
  }
}
