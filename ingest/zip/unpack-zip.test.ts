import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { deflated, stored, zipBytes } from '../../tests/helpers/zip-bytes.ts';
import { checkZipLimits, listZip, MAX_ZIP_MEMBERS, unpackZip, ZipRefusedError, type ZipMember } from './unpack-zip.ts';

const MiB = 1024 * 1024;

async function archive(bytes: Buffer): Promise<string> {
  const file = path.join(await tempDir(), 'export.zip');
  await writeFile(file, bytes);
  return file;
}

describe('checkZipLimits', () => {
  const member = (name: string, uncompressedSize: number, compressedSize: number): ZipMember => ({ name, isDirectory: false, uncompressedSize, compressedSize });

  it('refuses members that each stay under the size their ratio is judged at, but add up to a zip bomb', () => {
    const spread = Array.from({ length: 1000 }, (_, i) => member(`part-${i}.csv`, 15 * MiB, 15 * 1024));
    expect(() => checkZipLimits(spread)).toThrow(ZipRefusedError);
    expect(() => checkZipLimits(spread)).toThrow(
      "the archive's 1000 members would unpack to 15000 MB from 15 MB (1024:1): too large for what they hold, refused as a possible zip bomb",
    );
  });

  it('lets through what exports are: many small tables, and large ones that compress as text does', () => {
    expect(() => checkZipLimits(Array.from({ length: 1000 }, (_, i) => member(`part-${i}.csv`, 64 * 1024, 8 * 1024)))).not.toThrow();
    expect(() => checkZipLimits([member('root.csv', 400 * MiB, 40 * MiB), member('repeat.csv', 15 * MiB, 20 * 1024)])).not.toThrow();
  });
});

describe('listZip and unpackZip', () => {
  it('refuses a member with a NUL in its name, naming it', async () => {
    const file = await archive(zipBytes([stored('survey.csv\u0000.txt', Buffer.from('KEY\n'))]));
    await expect(listZip(file)).rejects.toThrow('member "survey.csv\\u0000.txt" has a NUL character in its name: refused');
  });

  it('refuses an archive that claims more members than it may list, before listing one', async () => {
    const file = await archive(zipBytes([stored('survey.csv', Buffer.from('KEY\n'))], MAX_ZIP_MEMBERS + 1));
    await expect(listZip(file)).rejects.toThrow(`the archive lists ${(MAX_ZIP_MEMBERS + 1).toLocaleString('en')} members: too many`);
  });

  it('stops a member that inflates past the size it declares, as a zip bomb, having written no more than that', async () => {
    const file = await archive(zipBytes([deflated('survey.csv', Buffer.alloc(8 * MiB, 0x30), 1000)]));
    const out = await tempDir();
    await expect(unpackZip(file, (m) => path.join(out, m.name))).rejects.toThrow(
      /member survey\.csv unpacks to more than the 0\.0 MB it declares: refused as a possible zip bomb/,
    );
    await expect(unpackZip(file, (m) => path.join(out, m.name))).rejects.toBeInstanceOf(ZipRefusedError);
    expect(await readdir(out)).toEqual(['survey.csv']);
    expect((await stat(path.join(out, 'survey.csv'))).size).toBeLessThanOrEqual(1000);
  });
});
