/**
 * Says where a JSON file is broken, for the person who has to fix it. DuckDB finds the fault while reading, but the
 * place it gives is not one an editor shows (in NDJSON its line count skips blank lines and is one ahead; elsewhere
 * it counts values from 2 and bytes from the start of the value), so the place is found again here: line by line for
 * one-object-per-line files, with JSON.parse for a whole document small enough to hold as text. JSON.parse's words
 * for the fault are then used, being about that place and more specific ("expected ',' or '}' after property
 * value"). When JSON.parse gives no place, DuckDB's is translated; its words are used.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { IngestError } from '../errors.ts';
import { fileHead } from '../file-head.ts';

/** How a JSON file holds its values, from its first bytes. */
export type JsonLayout = 'array' | 'object-per-line' | 'document';

/** A whole document is parsed again only up to this size to find its fault; larger ones get DuckDB's words alone. */
const RELOCATE_LIMIT = 64 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

/** The file's first bytes as text, without a byte order mark. */
export async function jsonHead(file: string): Promise<string> {
  return (await fileHead(file, HEAD_BYTES)).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * An array, one object per line (NDJSON: the first line is a whole JSON value and something follows it), or a
 * document (objects that may span lines). Undefined when the text does not start like JSON.
 */
export function jsonLayout(head: string): JsonLayout | undefined {
  const text = head.trimStart();
  if (text.startsWith('[')) return 'array';
  if (!text.startsWith('{')) return undefined;
  const newline = text.indexOf('\n');
  if (newline < 0 || text.slice(newline).trim() === '') return 'document';
  try {
    JSON.parse(text.slice(0, newline));
    return 'object-per-line';
  } catch {
    return 'document';
  }
}

interface DuckdbFault {
  byte: number;
  /** DuckDB 1.5 numbers the values of a document or array from 2: value 2 is the first. */
  value?: number;
  reason: string;
}

/** DuckDB's `Malformed JSON in file "…", at byte 37 in record/value 2: unexpected character.` */
function duckdbFault(error: unknown): DuckdbFault | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /Malformed JSON in file .*?, at byte (\d+) in (line|record\/value) (\d+): (.+?)\.?\s*$/s.exec(message);
  if (!match) return undefined;
  return { byte: Number(match[1]), value: match[2] === 'line' ? undefined : Number(match[3]), reason: match[4] };
}

/** V8's words without the text it quotes or the place (given separately). */
function v8Reason(message: string): string {
  return message
    .replace(/^Unexpected token '(.+?)', .* is not valid JSON$/s, "unexpected '$1'")
    .replace(/( in JSON)? at position \d+.*$/s, '')
    .replace(/^./, (c) => c.toLowerCase());
}

interface Fault {
  place: string;
  reason?: string;
}

/** Line and column (1-based, in characters) of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

async function faultPerLine(file: string): Promise<Fault | undefined> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      const value = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
      if (value === '') continue;
      try {
        JSON.parse(value);
      } catch (error) {
        return { place: `line ${line}`, reason: v8Reason((error as Error).message) };
      }
    }
  } finally {
    lines.close();
  }
  return undefined;
}

async function faultInDocument(file: string, layout: JsonLayout, duckdb: DuckdbFault): Promise<Fault | undefined> {
  if ((await stat(file)).size > RELOCATE_LIMIT) return undefined;
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    // Several objects one after the other are a document DuckDB reads, and JSON.parse stops after the first.
    const concatenated = layout === 'document' && /after JSON/.test(message);
    if (position && !concatenated) return { place: lineAndColumn(text, Number(position[1])), reason: v8Reason(message) };
  }
  if (layout === 'document' && duckdb.value === 2) {
    // The fault is in the first value, which starts at the first character that is not white space.
    const start = Buffer.byteLength(text.slice(0, text.length - text.trimStart().length));
    const offset = Buffer.from(text).subarray(0, start + duckdb.byte - 1).toString('utf8').length;
    return { place: lineAndColumn(text, offset) };
  }
  return undefined;
}

/**
 * The IngestError for a file DuckDB could not read as JSON: the place of the fault when it can be found, what is
 * wrong there, and what the file was expected to be. Other DuckDB errors are returned with the file named.
 */
export async function jsonSyntaxError(file: string, readable: string, layout: JsonLayout, error: unknown, expected: string): Promise<IngestError> {
  const duckdb = duckdbFault(error);
  if (!duckdb) {
    const message = error instanceof Error ? error.message : String(error);
    return new IngestError(file, message.replaceAll(readable, file).replace(/^[A-Za-z ]+ Error: /, ''), { cause: error });
  }
  let fault = layout === 'object-per-line' ? await faultPerLine(readable) : await faultInDocument(readable, layout, duckdb);
  if (!fault && layout === 'array' && duckdb.value !== undefined) fault = { place: `record ${duckdb.value - 1}` };
  const place = fault ? `${fault.place}: ` : '';
  return new IngestError(file, `${place}malformed JSON (${fault?.reason ?? duckdb.reason}): expected ${expected}`, { cause: error });
}
