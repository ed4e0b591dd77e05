/** The `veta` command line: dispatches to a subcommand and turns failures into exit codes (0 ok, 1 failure, 2 usage). */
import { helpText, parseCommand, type Command, type Output } from './command.ts';
import { build } from './commands/build.ts';
import { demo } from './commands/demo.ts';
import { exportCommand } from './commands/export.ts';
import { form } from './commands/form.ts';
import { ingest } from './commands/ingest.ts';
import { serve } from './commands/serve.ts';
import { token } from './commands/token.ts';
import { CliError } from './errors.ts';
import { VETA_VERSION } from '../warehouse/version.ts';

export const COMMANDS: readonly Command[] = [demo, ingest, build, serve, exportCommand, form, token];

const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: process.stderr,
};

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: veta <command> [options]',
    '',
    'Veta: open data warehouse and impact portal for responsible artisanal and small-scale mining.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `veta <command> --help` for the options of a command.',
  ].join('\n');
}

export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? output.err : output.out)(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    output.out(VETA_VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    output.err(`veta: unknown command "${name}"\n\n${mainHelp()}`);
    return 2;
  }
  try {
    const context = parseCommand(command, rest, output);
    if (context === 'help') {
      output.out(helpText(command));
      return 0;
    }
    return await command.run(context);
  } catch (error) {
    if (error instanceof CliError) {
      output.err(`veta ${command.name}: ${error.message}`);
      return error.exitCode;
    }
    output.err(`veta ${command.name}: ${(error as Error).message}`);
    if (process.env.VETA_DEBUG) output.err((error as Error).stack ?? '');
    return 1;
  }
}
