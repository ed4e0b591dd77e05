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

export async function readCsvHeader(file: string): Promise<CsvHeader> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return parseCsvHeader(buffer.subarray(0, bytesRead).toString('utf8'));
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
 */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 1; seen.has(unique.toLowerCase()); n++) unique = `${name}_${n}`;
    seen.add(unique.toLowerCase());
    return unique;
  });
}
