// The progress reporter on a terminal and in a log, driven by a fake clock: every string it writes, exactly.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createProgress, meter, type ProgressStream } from './progress.ts';

/** A stream that records writes, and a clock the test moves by hand. */
function setup(stream: { isTTY?: boolean; columns?: number } = {}) {
  const writes: string[] = [];
  const clock = { t: 0 };
  const target: ProgressStream = { ...stream, write: (text) => void writes.push(text) };
  const progress = createProgress(target, { now: () => clock.t });
  return { writes, clock, progress };
}

const bar = (filled: number, empty: number) => '█'.repeat(filled) + '░'.repeat(empty);

describe('progress on a terminal', () => {
  it('redraws one line in place, at most ten times a second, and ends it with the outcome and a newline', () => {
    const { writes, clock, progress } = setup({ isTTY: true, columns: 80 });
    const step = progress.start('landing ledger.csv', { total: 3_000_000_000, unit: 'bytes' });
    clock.t = 1000;
    step.update(300_000_000);
    clock.t = 1050;
    step.update(400_000_000); // 50 ms after the last redraw: skipped
    clock.t = 1100;
    step.update(1_500_000_000);
    clock.t = 2000;
    step.finish();

    const first = `landing ledger.csv ${bar(1, 9)}  10% 300.0 MB/3.0 GB, 300.0 MB/s, 0:09 left`;
    const second = `landing ledger.csv ${bar(5, 5)}  50% 1.5 GB/3.0 GB, 1.4 GB/s, 0:01 left`;
    const last = 'landing ledger.csv: done (3.0 GB, 1.5 GB/s, 0:02 elapsed)';
    expect(writes).toEqual([
      `\r${first}`,
      // Blanks over what the longer line before it left on the screen.
      `\r${second}${' '.repeat(first.length - second.length)}`,
      `\r${last}${' '.repeat(second.length - last.length)}\n`,
    ]);
  });

  it('prints nothing for a step that ends within a second', () => {
    const { writes, clock, progress } = setup({ isTTY: true, columns: 80 });
    const step = progress.start('hashing ledger.csv', { total: 1000, unit: 'bytes' });
    clock.t = 500;
    step.update(500);
    clock.t = 999;
    step.update(1000);
    step.finish();
    expect(writes).toEqual([]);
  });

  it('drops the figures a narrow terminal has no room for, the time left last', () => {
    const { writes, clock, progress } = setup({ isTTY: true, columns: 60 });
    const step = progress.start('landing ledger.csv', { total: 3_000_000, unit: 'rows' });
    clock.t = 2000;
    step.update(1_200_000);
    expect(writes).toEqual([`\rlanding ledger.csv ${bar(4, 6)}  40% 0:03 left`]);
  });

  it('shows rows and their rate when the total is a number of rows', () => {
    const { writes, clock, progress } = setup({ isTTY: true, columns: 100 });
    const step = progress.start('landing ledger.csv', { total: 3_000_000, unit: 'rows' });
    clock.t = 2000;
    step.update(1_200_000);
    // 100 columns leave room for the widest bar after the label and the figures.
    expect(writes).toEqual([`\rlanding ledger.csv ${bar(12, 18)}  40% 1.2M/3.0M rows, 600.0k rows/s, 0:03 left`]);
  });

  it('shortens a label too long for the shortest bar, and keeps bar and percent', () => {
    const { writes, clock, progress } = setup({ isTTY: true, columns: 40 });
    const step = progress.start('landing a-very-long-file-name-from-kobo.csv');
    clock.t = 1000;
    step.update(0.25);
    expect(writes).toEqual([`\rlanding a-very-long-fi… ${bar(2, 8)}  25%`]);
    expect(writes[0].length - 1).toBe(39);
  });

  it.each([undefined, 0])('takes a fraction when there is no total, and assumes 80 columns for a width of %s', (columns) => {
    const { writes, clock, progress } = setup({ isTTY: true, columns });
    const step = progress.start('landing ledger.csv');
    clock.t = 3000;
    step.update(0.75);
    expect(writes).toEqual([`\rlanding ledger.csv ${bar(7, 3)}  75% 0:01 left`]);
  });

  it('ends with the message given instead of "done", and without the total it may not have reached', () => {
    const { writes, clock, progress } = setup({ isTTY: true, columns: 80 });
    const step = progress.start('landing ledger.csv', { total: 3_000_000, unit: 'rows' });
    clock.t = 1000;
    step.update(3_000_000);
    clock.t = 3500;
    step.finish('failed');
    step.finish(); // a second finish (a finally after a catch) writes nothing more
    step.update(10); // nor does an update after the end
    const drawn = `landing ledger.csv ${bar(10, 0)} 100% 3.0M/3.0M rows, 3.0M rows/s`;
    const last = 'landing ledger.csv: failed (0:03 elapsed)';
    expect(writes).toEqual([`\r${drawn}`, `\r${last}${' '.repeat(drawn.length - last.length)}\n`]);
  });

  it('writes the closing line alone for a step that took over a second without an update', () => {
    const { writes, clock, progress } = setup({ isTTY: true, columns: 80 });
    const step = progress.start('archiving ledger.csv', { total: 2500, unit: 'bytes' });
    clock.t = 1500;
    step.finish();
    expect(writes).toEqual(['archiving ledger.csv: done (2.5 kB, 1.7 kB/s, 0:01 elapsed)\n']);
  });
});

describe('progress in a log', () => {
  it('writes a line at the start, at each further tenth, every 5 s while stuck, and one at the end', () => {
    const { writes, clock, progress } = setup();
    const step = progress.start('landing ledger.csv');
    const at = (t: number, fraction: number) => {
      clock.t = t;
      step.update(fraction);
    };
    at(400, 0.05); // within the first second: nothing yet
    at(1000, 0.1);
    at(1500, 0.15); // same tenth
    at(2000, 0.2);
    at(2100, 0.45); // several tenths at once: one line
    at(7000, 0.46); // stuck for 4.9 s: nothing
    at(7100, 0.46); // stuck for 5 s: a line says it is still going
    at(8000, 1); // complete: the closing line says so
    step.finish();
    expect(writes).toEqual([
      'landing ledger.csv: 10% (0:01 elapsed, 0:09 left)\n',
      'landing ledger.csv: 20% (0:02 elapsed, 0:08 left)\n',
      'landing ledger.csv: 45% (0:02 elapsed, 0:03 left)\n',
      'landing ledger.csv: 46% (0:07 elapsed, 0:08 left)\n',
      'landing ledger.csv: done (0:08 elapsed)\n',
    ]);
    // A log keeps every byte: no carriage returns or escape sequences, whole lines only.
    const text = writes.join('');
    expect(text.includes('\r') || text.includes('\u001b')).toBe(false);
    expect(writes.every((line) => line.endsWith('\n') && line.indexOf('\n') === line.length - 1)).toBe(true);
  });

  it('shows bytes done, the rate and the time left when the total is known', () => {
    const { writes, clock, progress } = setup({ isTTY: false, columns: 80 });
    const step = progress.start('hashing ledger.csv', { total: 178_221_102, unit: 'bytes' });
    clock.t = 1200;
    step.update(50_000_000);
    clock.t = 4000;
    step.update(178_221_102);
    step.finish();
    expect(writes).toEqual([
      'hashing ledger.csv: 28% (50.0 MB/178.2 MB, 41.7 MB/s, 0:01 elapsed, 0:03 left)\n',
      'hashing ledger.csv: done (178.2 MB, 44.6 MB/s, 0:04 elapsed)\n',
    ]);
  });

  it('prints nothing for a step that ends within a second', () => {
    const { writes, clock, progress } = setup();
    const step = progress.start('landing ledger.csv', { total: 10, unit: 'rows' });
    clock.t = 900;
    step.update(9);
    step.finish();
    expect(writes).toEqual([]);
  });

  it('counts in thousands and millions without reading "1000.0k", and times of an hour or more with hours', () => {
    const { writes, clock, progress } = setup();
    const rows = progress.start('landing a.csv', { total: 999_960, unit: 'rows' });
    clock.t = 1000;
    rows.finish();
    const few = progress.start('landing b.csv', { total: 950, unit: 'rows' });
    clock.t = 3000;
    few.finish();
    const long = progress.start('landing c.csv');
    clock.t = 3000 + 3_723_000;
    long.update(0.5);
    expect(writes).toEqual([
      'landing a.csv: done (1.0M rows, 1.0M rows/s, 0:01 elapsed)\n',
      'landing b.csv: done (950 rows, 475 rows/s, 0:02 elapsed)\n',
      'landing c.csv: 50% (1:02:03 elapsed, 1:02:03 left)\n',
    ]);
  });

  it('writes a file name with a newline or an escape in it as one harmless line', () => {
    const { writes, clock, progress } = setup();
    const step = progress.start('landing bad\nname\u001b[2J.csv');
    clock.t = 1000;
    step.finish();
    expect(writes).toEqual(['landing bad?name?[2J.csv: done (0:01 elapsed)\n']);
  });

  it('refuses stdout, where the results scripts read go', () => {
    expect(() => createProgress(process.stdout)).toThrow(
      'progress is written to stderr: stdout carries the results scripts read',
    );
  });
});

describe('meter', () => {
  it('passes bytes through unchanged and tells the step how many have gone by', async () => {
    const seen: number[] = [];
    const chunks: Buffer[] = [];
    await pipeline(
      Readable.from([Buffer.from('abc'), Buffer.from('defg')]),
      meter({ update: (done) => void seen.push(done), finish() {} }),
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk);
          callback();
        },
      }),
    );
    expect(Buffer.concat(chunks).toString()).toBe('abcdefg');
    expect(seen).toEqual([3, 7]);
  });
});
