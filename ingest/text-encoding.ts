/**
 * Field offices save CSV from Excel in Spanish or French locales, which writes Windows-1252, not UTF-8. DuckDB reads
 * only UTF-8 (and Latin-1, which gets `’`, `€` and `œ` wrong) without the encodings extension, which an offline
 * machine cannot install; so a file that is not valid UTF-8 is converted before it lands, as is one whose line endings
 * change from record to record. Both passes stream.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { isUtf8 } from 'node:buffer';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileHead } from './file-head.ts';
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
  const profiler = new TextProfiler();
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    profiler.update(bytes);
    step.update((read += bytes.length));
  }
  step.finish();
  return profiler.finish();
}

/** profileText's work a chunk at a time, wherever the chunks are cut. */
export class TextProfiler {
  private readonly utf8 = new Utf8Check();
  private readonly records = new RecordScan();

  update(bytes: Buffer): void {
    this.utf8.update(bytes);
    this.records.update(bytes);
  }

  finish(): TextProfile {
    return { utf8: this.utf8.finish(), ...this.records.finish() };
  }
}

/** How much of a file profileHead reads: the header of any export Veta reads within the first read. */
const HEAD_BYTES = 256 * 1024;

/**
 * What a file's first bytes say of it: whether they are UTF-8, and whether line 1 is empty. For a caller that checks
 * the rest as it reads the whole file on its own (archive-input.ts); line endings and later empty lines are its to find.
 */
export async function profileHead(file: string): Promise<TextProfile> {
  const head = await fileHead(file, HEAD_BYTES);
  // A character the head's end cuts in two is not a fault of the file.
  const utf8 = isUtf8(head.length < HEAD_BYTES ? head : head.subarray(0, incompleteTail(head)));
  const records = new RecordScan();
  records.update(head.subarray(0, head.indexOf(LF) + 1));
  return { utf8, mixedLineEndings: false, blankLines: records.finish().blankLines };
}

/** Large reads: the scans below cost per call as well as per byte. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Whether a stream of chunks is valid UTF-8, a chunk at a time with Node's native check. A character cut by a chunk's
 * end is checked whole with the next chunk.
 */
export class Utf8Check {
  private valid = true;
  private carry: Buffer = Buffer.alloc(0);

  update(chunk: Buffer): void {
    if (!this.valid || chunk.length === 0) return;
    let bytes = chunk;
    if (this.carry.length > 0) {
      // Only the cut character is joined with the chunk's first bytes, not the whole chunk copied.
      const take = Math.min(chunk.length, sequenceLength(this.carry[0]) - this.carry.length);
      const joined = Buffer.concat([this.carry, chunk.subarray(0, take)]);
      if (joined.length < sequenceLength(joined[0])) {
        this.carry = joined;
        return;
      }
      this.carry = Buffer.alloc(0);
      if (!isUtf8(joined)) {
        this.valid = false;
        return;
      }
      bytes = chunk.subarray(take);
    }
    const cut = incompleteTail(bytes);
    if (!isUtf8(bytes.subarray(0, cut))) this.valid = false;
    else this.carry = Buffer.from(bytes.subarray(cut));
  }

  finish(): boolean {
    return this.valid && this.carry.length === 0;
  }
}

/** The bytes a UTF-8 character starting with `lead` takes (1 for a byte no character starts with: isUtf8 refuses it). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Where a character the chunk's end cuts short begins, or the chunk's length when none is cut. */
function incompleteTail(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    // The last byte that is not a continuation byte starts the last character.
    if ((bytes[i] & 0xc0) !== 0x80) return bytes.length - i < sequenceLength(bytes[i]) ? i : bytes.length;
  }
  return bytes.length;
}

/**
 * The records of a delimited text, followed quote by quote a chunk at a time: which are empty, and how they end.
 * The loop skips every byte above `"` at once, which is most of them.
 */
class RecordScan {
  private inQuotes = false;
  private line = 1;
  private crlf = 0;
  private lf = 0;
  /** The last byte of the previous chunk, for a CRLF a chunk's end cuts in two. */
  private last = -1;
  /** Whether the current record holds anything but carriage returns so far. */
  private filled = false;
  private readonly blankLines: number[] = [];

  update(bytes: Buffer): void {
    let inQuotes = this.inQuotes;
    // Where the current record began in this chunk (0 when it began in an earlier one).
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte > QUOTE) continue;
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === LF && !inQuotes) {
        if ((i > 0 ? bytes[i - 1] : this.last) === CR) this.crlf++;
        else this.lf++;
        if (!this.filled && onlyCarriageReturns(bytes, start, i)) this.blankLines.push(this.line);
        this.line++;
        this.filled = false;
        start = i + 1;
      }
    }
    if (!this.filled && !onlyCarriageReturns(bytes, start, bytes.length)) this.filled = true;
    this.inQuotes = inQuotes;
    if (bytes.length > 0) this.last = bytes[bytes.length - 1];
  }

  finish(): Omit<TextProfile, 'utf8'> {
    return { mixedLineEndings: this.crlf > 0 && this.lf > 0, blankLines: this.blankLines };
  }
}

function onlyCarriageReturns(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== CR) return false;
  return true;
}

/**
 * What a look at a file's line breaks, without following its quotes, tells at native speed: that it has no empty
 * record and one line ending, for nearly every export; else that the quote-by-quote profile must say (a quoted cell
 * may hold a break of its own). One byte is kept across chunks, so a pair a chunk's end cuts in two is seen.
 */
export class LineBreakScan {
  private lf = 0;
  private crlf = 0;
  private maybeBlank = false;
  private last = -1;
  /** Whether a line break ended what came before: at the start too, where a break makes line 1 empty. */
  private pendingLf = true;

  update(bytes: Buffer): void {
    if (bytes.length === 0) return;
    // A line break that ended the previous chunk, followed by another break: an empty record, or a cell's.
    if (this.pendingLf && (bytes[0] === LF || bytes[0] === CR)) this.maybeBlank = true;
    for (let at = bytes.indexOf(LF); at >= 0; at = bytes.indexOf(LF, at + 1)) {
      this.lf++;
      if ((at > 0 ? bytes[at - 1] : this.last) === CR) this.crlf++;
      if (at + 1 < bytes.length && (bytes[at + 1] === LF || bytes[at + 1] === CR)) this.maybeBlank = true;
    }
    this.pendingLf = bytes[bytes.length - 1] === LF;
    this.last = bytes[bytes.length - 1];
  }

  /** True when the file surely has no empty record and one line ending; false when only profileText can tell. */
  finish(): boolean {
    return !this.maybeBlank && (this.crlf === 0 || this.crlf === this.lf);
  }
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
