import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../tests/helpers/parse-csv.ts';
import { MAP_MESSAGES } from './map-messages.ts';

describe('map words', () => {
  it('name the CRAFT statuses as the catalogue titles them, in each language', async () => {
    const [header, ...rows] = parseCsv(await readFile(new URL('../../../../warehouse/catalogue/craft_statuses.csv', import.meta.url), 'utf8'), ',');
    const col = (name: string) => header.indexOf(name);
    for (const locale of ['en', 'es', 'fr'] as const) {
      const titles = Object.fromEntries(rows.map((r) => [r[col('craft_status')], r[col(`title_${locale}`)]]));
      expect(MAP_MESSAGES[locale].statuses).toEqual(titles);
    }
  });
});
