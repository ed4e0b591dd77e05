/**
 * Reads only the header of a delimited export to recognise its dialect and form. The rows themselves are parsed by
 * DuckDB; this exists because DuckDB's sniffer can silently pick a wrong delimiter when one row is malformed.
 */
import { open } from 'node:fs/promises';

export interface CsvHeader {
  delimiter: string;
  columns: string[];
  hasBom: boolean;
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];
const HEAD_BYTES = 256 * 1024;
/**
 * The longest header read. 16,000 columns (as many as a raw table holds, see land-csv.ts) of 250 characters each fit;
 * a first line longer than this is not a header but a file without line breaks, or a quote left open in line 1.
 */
export const MAX_HEADER_BYTES = 4 * 1024 * 1024;

/** A first line that does not end within MAX_HEADER_BYTES; the message says so, the caller names the file. */
export class HeaderTooLongError extends Error {
  override name = 'HeaderTooLongError';
}

export async function readCsvHeader(file: string): Promise<CsvHeader> {
  const handle = await open(file, 'r');
  try {
    // Read on until the first record ends: a wide export's header can be longer than the first read.
    let head = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, HEAD_BYTES, head.length);
      head = Buffer.concat([head, chunk.subarray(0, bytesRead)]);
      const text = head.toString('utf8');
      if (bytesRead < HEAD_BYTES || firstRecord(text).length < text.length) return parseCsvHeader(text);
      if (head.length >= MAX_HEADER_BYTES) {
        throw new HeaderTooLongError(
          `line 1: the header runs past ${MAX_HEADER_BYTES / 1024 / 1024} MiB without ending (a file without line breaks, or a quote ` +
            'opened in line 1 and never closed): expected one line of column names',
        );
      }
    }
  } finally {
    await handle.close();
  }
}

/** The header of a delimited text: its delimiter and its cells. */
export function parseCsvHeader(text: string): CsvHeader {
  const hasBom = text.startsWith('\uFEFF');
  const line = firstRecord(hasBom ? text.slice(1) : text);
  const delimiter = mostFrequentOutsideQuotes(line);
  return { delimiter, columns: splitRecord(line, delimiter), hasBom };
}

/** The first record, which may span lines when a quoted header cell holds a newline. */
function firstRecord(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) return text.slice(0, i);
  }
  return text;
}

function mostFrequentOutsideQuotes(line: string): string {
  const counts = new Map(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ',';
}

function splitRecord(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

/**
 * Column names DuckDB can hold side by side: it compares names without case, so of two that differ only in case
 * (ODK Central's `deviceid` question and its `DeviceID` column) the later gets `_1`, as DuckDB names repeated headers.
 * A NUL, which a damaged file can hold and no SQL name can, becomes U+FFFD, the character that says one was lost.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((given) => {
    const name = given.replaceAll('\0', '\uFFFD');
    let unique = name;
    for (let n = 1; seen.has(unique.toLowerCase()); n++) unique = `${name}_${n}`;
    seen.add(unique.toLowerCase());
    return unique;
  });
}
