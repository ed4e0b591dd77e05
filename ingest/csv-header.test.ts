import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/helpers/temp-home.ts';
import { HeaderTooLongError, MAX_HEADER_BYTES, readCsvHeader, uniqueNames } from './csv-header.ts';

async function header(content: string) {
  const file = path.join(await tempDir(), 'export.csv');
  await writeFile(file, content);
  return readCsvHeader(file);
}

describe('readCsvHeader', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,3\n', ',', ['a', 'b', 'c']],
    ['semicolon, quoted as Kobo writes it', '"site/a";"site/b"\r\n"1";"2"\r\n', ';', ['site/a', 'site/b']],
    ['tab', 'a\tb\n1\t2\n', '\t', ['a', 'b']],
    ['a delimiter inside quotes does not count', '"a;x","b;y",c\n', ',', ['a;x', 'b;y', 'c']],
    ['a quoted newline in the header', '"first\nline";b\n1;2\n', ';', ['first\nline', 'b']],
    ['doubled quotes', '"say ""hi""";b\n', ';', ['say "hi"', 'b']],
  ])('%s', async (_name, content, delimiter, columns) => {
    expect(await header(content)).toMatchObject({ delimiter, columns });
  });

  it('notices and strips a UTF-8 byte-order mark', async () => {
    expect(await header('\uFEFF_uuid;name\n')).toEqual({ delimiter: ';', columns: ['_uuid', 'name'], hasBom: true });
  });
});

describe('readCsvHeader on long first lines', () => {
  it('reads on past its first read when a wide export has a longer header', async () => {
    const columns = Array.from({ length: 20_000 }, (_, i) => `module_${i % 9}/question_${i}`);
    expect((await header(`${columns.join(';')}\r\n${columns.map(() => '1').join(';')}\r\n`)).columns).toEqual(columns);
  });

  it('refuses a first line that does not end within the limit: no line breaks, or a quote left open', async () => {
    const file = path.join(await tempDir(), 'export.csv');
    await writeFile(file, `"a;b;${'c'.repeat(MAX_HEADER_BYTES)}\n1;2;3\n`);
    await expect(readCsvHeader(file)).rejects.toThrow(HeaderTooLongError);
    await expect(readCsvHeader(file)).rejects.toThrow('line 1: the header runs past 4 MiB without ending');
  });
});

describe('uniqueNames', () => {
  it('gives names DuckDB can hold: repeated ones without case numbered, a NUL made U+FFFD', () => {
    expect(uniqueNames(['Name', 'name', 'NAME', 'a\u0000b'])).toEqual(['Name', 'name_1', 'NAME_2', 'a\uFFFDb']);
  });
});
