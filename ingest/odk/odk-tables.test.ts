import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { deflated, zipBytes } from '../../tests/helpers/zip-bytes.ts';
import { koboHeader, MAX_ZIP_TABLES, readOdkZip } from './odk-tables.ts';

describe('koboHeader', () => {
  it("renames ODK's columns to KoboToolbox's paths", () => {
    expect(koboHeader('site-gps-Latitude', false)).toBe('site/_gps_latitude');
    expect(koboHeader('KEY', false)).toBe('_uuid');
    expect(koboHeader('PARENT_KEY', true)).toBe('_submission__uuid');
    expect(koboHeader('actions-action_type', true)).toBe('actions/action_type');
  });

  it('keeps a column named like what every object inherits as the text it is', () => {
    // These once came back as functions (Object.prototype's), and broke whatever read the header next.
    for (const column of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(koboHeader(column, false)).toBe(column);
      expect(koboHeader(column, true)).toBe(column);
      expect(koboHeader(`site-${column}`, false)).toBe(`site/${column}`);
    }
    expect(koboHeader('site-gps-constructor', false)).toBe('site/gps/constructor');
  });
});

describe('readOdkZip', () => {
  it('refuses an export of more tables than any form has, before unpacking one', async () => {
    const dir = await tempDir();
    const table = deflated('x', Buffer.from('PARENT_KEY,KEY\n'));
    const file = path.join(dir, 'export.zip');
    await writeFile(file, zipBytes(Array.from({ length: MAX_ZIP_TABLES + 1 }, (_, i) => ({ ...table, name: `form-repeat_${i}.csv` }))));
    await expect(readOdkZip(file, dir)).rejects.toThrow(`holds 1,001 CSV files to read as tables; an ODK Central export holds its root table and one per repeat group (at most 1,000 are read)`);
  });
});
