/**
 * Progress of the long steps of an ingest (hashing, archiving and landing a large file) for the person waiting on it.
 * On a terminal one line is redrawn in place; anywhere else (CI logs, pipes) a plain line is written now and then,
 * without control characters, because a log keeps every byte. A step that ends within a second prints nothing, so
 * ingesting small files stays as quiet as it always was.
 *
 * It writes only to the stream it is given, which the CLI makes stderr: stdout carries the results scripts read
 * (`--json`). Nothing here starts a timer: output happens when a step is updated or finished, at times read from a
 * clock that tests replace.
 */
import { Transform } from 'node:stream';

/** What progress is written to: process.stderr, or a fake one in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  /** The terminal's width (80 when absent or 0); read at each redraw, so a resized window is followed. */
  columns?: number;
  write(text: string): void;
}

export type ProgressUnit = 'rows' | 'bytes';

export interface StepOptions {
  /** How many units the step has to do. Without it, update() takes the fraction done. */
  total?: number;
  unit?: ProgressUnit;
}

export interface ProgressStep {
  /** With a total: how many units are done. Without one: the fraction done, 0 to 1. */
  update(done: number): void;
  /** Ends the step: "done", or the message given instead (e.g. "failed"). Later calls do nothing. */
  finish(message?: string): void;
}

export interface Progress {
  /** Starts a step. Steps are shown one at a time: finish one before starting the next. */
  start(label: string, options?: StepOptions): ProgressStep;
}

export interface ProgressSettings {
  /** Milliseconds from any fixed point. */
  now?: () => number;
}

/** A step that ends sooner prints nothing. */
export const QUIET_MS = 1000;
/** At most ten redraws a second: more costs terminal time and is not readable anyway. */
export const REDRAW_MS = 100;
/** Plain output: a line when another tenth of the work is done, or when this long has passed since the last one. */
export const LINE_EVERY_MS = 5000;

const BAR_MAX = 30;
const BAR_MIN = 10;
/** Room kept for the figures after the bar: `1.2M/3.0M rows, 600.0k rows/s, 12:34 left` or `999.9 MB/999.9 GB, …`. */
const TAIL_ROOM = 45;
/** 0.29 * 100 is 28.999…: without this, 29% done would read 28%. */
const EPSILON = 1e-9;
const DEFAULT_COLUMNS = 80;

/** Progress that goes nowhere: for callers with no person watching (tests, library use). */
export const noProgress: Progress = { start: () => ({ update() {}, finish() {} }) };

export function createProgress(stream: ProgressStream, settings: ProgressSettings = {}): Progress {
  if (stream === process.stdout) throw new Error('progress is written to stderr: stdout carries the results scripts read');
  const now = settings.now ?? (() => performance.now());
  const tty = stream.isTTY === true;

  return {
    start(given, options = {}) {
      // Labels carry file names, which may hold a newline or an escape: they would break the line or the terminal.
      const label = given.replace(/\p{Cc}/gu, '?');
      const { total, unit } = options;
      const startedAt = now();
      let done = 0;
      let shown = false;
      let finished = false;
      let lastWriteAt = 0;
      let lastTenth = 0;
      // Characters of the line now on the terminal: a shorter redraw must blank what the longer one left behind.
      let drawnWidth = 0;

      const fraction = () => clamp(total === undefined ? done : total > 0 ? done / total : 1);
      const details = (elapsed: number, withElapsed: boolean): string[] => {
        const f = fraction();
        const parts: string[] = [];
        if (total !== undefined) {
          parts.push(formatPair(done, total, unit));
          parts.push(formatRate(done / (elapsed / 1000), unit));
        }
        if (withElapsed) parts.push(`${formatClock(elapsed, Math.floor)} elapsed`);
        if (f > 0 && f < 1) parts.push(`${formatClock((elapsed * (1 - f)) / f, Math.round)} left`);
        return parts;
      };
      const redraw = (line: string, end = '') => {
        stream.write(`\r${line}${' '.repeat(Math.max(0, drawnWidth - width(line)))}${end}`);
        drawnWidth = width(line);
      };

      return {
        update(value) {
          if (finished) return;
          done = value;
          const at = now();
          const elapsed = at - startedAt;
          if (elapsed < QUIET_MS) return;
          const f = fraction();
          if (tty) {
            if (shown && at - lastWriteAt < REDRAW_MS) return;
            // A terminal of unknown size (a pseudo-terminal nobody sized, as under `script`) says 0 columns.
            redraw(barLine(label, f, details(elapsed, false), stream.columns || DEFAULT_COLUMNS));
          } else {
            // The closing line says it is complete; a "100%" line before it would say it twice.
            if (f >= 1) return;
            const tenth = Math.floor(f * 10 + EPSILON);
            if (shown && tenth <= lastTenth && at - lastWriteAt < LINE_EVERY_MS) return;
            stream.write(`${label}: ${Math.floor(f * 100 + EPSILON)}% (${details(elapsed, true).join(', ')})\n`);
            lastTenth = tenth;
          }
          shown = true;
          lastWriteAt = at;
        },
        finish(message) {
          if (finished) return;
          finished = true;
          const elapsed = now() - startedAt;
          if (!shown && elapsed < QUIET_MS) return;
          const parts: string[] = [];
          // A step that failed may have stopped anywhere: only a finished one is known to have done its total.
          if (message === undefined && total !== undefined) {
            parts.push(formatAmount(total, unit), formatRate(total / (elapsed / 1000), unit));
          }
          parts.push(`${formatClock(elapsed, Math.floor)} elapsed`);
          const line = `${label}: ${message ?? 'done'} (${parts.join(', ')})`;
          if (tty && shown) redraw(line, '\n');
          else stream.write(`${line}\n`);
        },
      };
    },
  };
}

/**
 * A pass-through stream that tells a step how many bytes have gone by: hashing and archiving a file are streamed in
 * JS, so they can say how far they are, where DuckDB cannot be asked.
 */
export function meter(step: ProgressStep): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      step.update(bytes);
      callback(null, chunk);
    },
  });
}

/**
 * `label ██████░░░░  40% 1.2 GB/3.0 GB, 85.0 MB/s, 0:18 left`, kept one column short of the terminal's width: a line
 * that fills the last column makes some terminals wrap, and `\r` then returns to the wrong row. The bar's width
 * depends on the label and the terminal only, so it does not jump about as the figures after it change length; when
 * they do not fit, they go (the time left last), and a label too long for even the shortest bar is shortened.
 */
function barLine(label: string, f: number, parts: string[], columns: number): string {
  const room = Math.max(columns, 20) - 1;
  const percent = `${Math.floor(f * 100 + EPSILON)}%`.padStart(4);
  const fixed = 1 + 1 + percent.length; // the spaces around the bar, and the percent
  const name = width(label) + fixed + BAR_MIN > room ? truncate(label, room - fixed - BAR_MIN) : label;
  const barWidth = Math.min(BAR_MAX, Math.max(BAR_MIN, room - width(name) - fixed - TAIL_ROOM));
  const tailRoom = room - width(name) - fixed - barWidth;
  const tail = [parts, parts.filter((part) => part.endsWith(' left')), []]
    .map((kept) => (kept.length ? ` ${kept.join(', ')}` : ''))
    .find((candidate) => width(candidate) <= tailRoom);
  return `${name} ${bar(f, barWidth)} ${percent}${tail ?? ''}`;
}

function bar(f: number, size: number): string {
  const filled = Math.floor(f * size + EPSILON);
  return '█'.repeat(filled) + '░'.repeat(size - filled);
}

/** Width in characters as a terminal counts them (file names may hold accents, which are one code point each). */
function width(text: string): number {
  return [...text].length;
}

function truncate(text: string, size: number): string {
  const chars = [...text];
  return chars.length <= size ? text : `${chars.slice(0, Math.max(0, size - 1)).join('')}…`;
}

function clamp(f: number): number {
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
}

const COUNT_SCALES: [number, string][] = [
  [1e3, 'k'],
  [1e6, 'M'],
  [1e9, 'G'],
];
const BYTE_SCALES: [number, string][] = [
  [1e3, ' kB'],
  [1e6, ' MB'],
  [1e9, ' GB'],
  [1e12, ' TB'],
];

/** 950 → "950", 1_234_567 → "1.2M"; bytes in the decimal units file managers use: 1_234_567 → "1.2 MB". */
function scaled(n: number, scales: [number, string][], small: string): string {
  if (Math.round(n) < 1000) return `${Math.round(n)}${small}`;
  // The first scale where the rounded figure stays under 1000, so 999_960 reads "1.0M", never "1000.0k".
  const [divisor, suffix] = scales.find(([d]) => Math.round((n / d) * 10) / 10 < 1000) ?? scales[scales.length - 1];
  return `${(n / divisor).toFixed(1)}${suffix}`;
}

function formatAmount(n: number, unit: ProgressUnit | undefined): string {
  if (unit === 'bytes') return scaled(n, BYTE_SCALES, ' B');
  return `${scaled(n, COUNT_SCALES, '')}${unit === 'rows' ? ' rows' : ''}`;
}

function formatPair(done: number, total: number, unit: ProgressUnit | undefined): string {
  if (unit === 'bytes') return `${formatAmount(done, unit)}/${formatAmount(total, unit)}`;
  return `${scaled(done, COUNT_SCALES, '')}/${formatAmount(total, unit)}`;
}

function formatRate(perSecond: number, unit: ProgressUnit | undefined): string {
  return `${formatAmount(Number.isFinite(perSecond) ? perSecond : 0, unit)}/s`;
}

/** 75_000 ms → "1:15"; an hour or more → "1:02:03". */
function formatClock(ms: number, round: (x: number) => number): string {
  const seconds = Math.max(0, round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
