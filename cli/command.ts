/** What every subcommand provides, and the shared parsing of its options. */
import type { ProgressStream } from '../ingest/progress.ts';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveHome, type VetaHome } from '../warehouse/home.ts';
import { UsageError } from './errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Output {
  /** Results: what a script reads (stdout). */
  out: (line: string) => void;
  /** Progress and diagnostics for a person (stderr). */
  err: (line: string) => void;
  /** Where long steps draw their progress (the terminal's stderr); none when run in-process, as tests do. */
  progress?: ProgressStream;
}

export interface Context extends Output {
  home: VetaHome;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Lines of the --help text after the usage line. */
  help: string[];
  options: Options;
  positionals?: boolean;
  run(context: Context): Promise<number>;
}

const COMMON_OPTIONS: Options = {
  home: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export const COMMON_HELP = [
  '  --home DIR       where Veta keeps its state (default: $VETA_HOME, else ./.veta)',
  '  -h, --help       show this help',
];

export function helpText(command: Command): string {
  return [`usage: ${command.usage}`, '', command.summary, '', 'options:', ...command.help, ...COMMON_HELP].join('\n');
}

export function parseCommand(command: Command, argv: string[], output: Output): Context | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${helpText(command)}`);
  }
  if (parsed.values.help) return 'help';
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const home = resolveHome(typeof values.home === 'string' ? values.home : undefined);
  return { ...output, home, values, positionals: parsed.positionals };
}

/** A TCP port option, checked. */
export function portOption(values: Context['values'], name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new UsageError(`--${name} expects a whole number from 0 to 65535, got "${String(raw)}"`);
  }
  return value;
}
