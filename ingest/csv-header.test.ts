import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tests/helpers/temp-home.ts';
import { readCsvHeader } from './csv-header.ts';

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
