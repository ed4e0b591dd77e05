/**
 * Field offices save CSV from Excel in Spanish or French locales, which writes Windows-1252, not UTF-8. DuckDB reads
 * only UTF-8 (and Latin-1, which gets `’`, `€` and `œ` wrong) without the encodings extension, which an offline
 * machine cannot install; so a file that is not valid UTF-8 is converted before it lands, as is one whose line endings
 * change from record to record. Both passes stream.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { noProgress, type Progress } from './progress.ts';

export type Encoding = 'utf-8' | 'windows-1252';

export interface TextProfile {
  /** Every byte is valid UTF-8 (a BOM is fine). */
  utf8: boolean;
  /**
   * Records end in CRLF and in LF by turns (outside quoted cells), as a file edited on Windows and on a phone ends
   * up. DuckDB takes one line ending per file, so such a file is rewritten with LF before it lands.
   */
  mixedLineEndings: boolean;
  /**
   * The records (lines outside quoted cells, the first being 1) that are empty. DuckDB skips them but counts them in
   * its line numbers, so landing needs them to give every row its true line.
   */
  blankLines: number[];
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** One streaming pass over the file: its encoding and its line endings outside quoted cells. */
export async function profileText(file: string, progress: Progress = noProgress): Promise<TextProfile> {
  const step = progress.start(`checking ${path.basename(file)}`, { total: (await stat(file)).size, unit: 'bytes' });
  let read = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let inQuotes = false;
  let previous = 0;
  let crlf = 0;
  let lf = 0;
  let line = 1;
  // Whether the current record holds anything but a carriage return so far.
  let filled = false;
  const blankLines: number[] = [];
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    if (utf8) {
      try {
        decoder.decode(bytes, { stream: true });
      } catch {
        utf8 = false;
      }
    }
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === QUOTE) inQuotes = !inQuotes;
      if (byte === LF && !inQuotes) {
        if (previous === CR) crlf++;
        else lf++;
        if (!filled) blankLines.push(line);
        line++;
        filled = false;
      } else if (byte !== CR) filled = true;
      previous = byte;
    }
    step.update((read += bytes.length));
  }
  step.finish();
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  return { utf8, mixedLineEndings: crlf > 0 && lf > 0, blankLines };
}

/** Writes the file as UTF-8, and with LF line endings outside quoted cells when asked (cells keep theirs). */
export async function transcodeToUtf8(file: string, from: Encoding, target: string, options: { lineEndings?: 'lf' } = {}): Promise<void> {
  const decoder = new TextDecoder(from);
  const out = createWriteStream(target, 'utf8');
  let inQuotes = false;
  let pendingCr = false;
  const normalise = (text: string) => {
    let result = '';
    for (const char of text) {
      if (pendingCr) {
        pendingCr = false;
        if (char !== '\n') result += '\r';
      }
      if (char === '"') inQuotes = !inQuotes;
      if (char === '\r' && !inQuotes) pendingCr = true;
      else result += char;
    }
    return result;
  };
  const convert = options.lineEndings === 'lf' ? normalise : (text: string) => text;
  // Always `stream: true`: Node 20's one-shot decode of windows-1252 takes a Latin-1 shortcut that turns 0x92 into
  // U+0092 instead of ’ (a test pins this).
  for await (const chunk of createReadStream(file)) {
    if (!out.write(convert(decoder.decode(chunk as Buffer, { stream: true })))) await once(out, 'drain');
  }
  out.end(convert(decoder.decode()) + (pendingCr ? '\r' : ''));
  await once(out, 'finish');
}
