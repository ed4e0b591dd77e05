import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../tests/helpers/parse-csv.ts';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { generateForm } from '../../warehouse/forms/generate-form.ts';
import { odkRepeatColumns, odkRootColumns } from '../odk/odk-export-columns.ts';
import { writeDemoData } from './write-demo-data.ts';

async function tables(file: string) {
  const zip = await JSZip.loadAsync(await readFile(file));
  const read = async (name: string) => parseCsv(await zip.file(name)!.async('string'));
  return { names: Object.keys(zip.files).sort(), root: await read('veta_site_assessment_craft_2_1.csv'), actions: await read('veta_site_assessment_craft_2_1-improvement_actions.csv') };
}

describe('the demo ODK Central CSV zip export', () => {
  it('holds the root table and the repeat, linked by PARENT_KEY and KEY, in Central column order', async () => {
    const manifest = await writeDemoData(await tempDir(), { producers: 8, xlsx: false });
    const { names, root, actions } = await tables(manifest.files.odk_zip!);
    expect(names).toEqual(['veta_site_assessment_craft_2_1-improvement_actions.csv', 'veta_site_assessment_craft_2_1.csv']);
    const form = await generateForm('craft-2.1');
    expect(root[0]).toEqual(odkRootColumns(form).map((c) => c.header));
    expect(actions[0]).toEqual(odkRepeatColumns(form, 'improvement_actions').map((c) => c.header));
    expect(root.length - 1).toBe(manifest.submissions);
    expect(actions.length - 1).toBe(manifest.improvement_actions);
    const keys = new Set(root.slice(1).map((r) => r[root[0].indexOf('KEY')]));
    for (const row of actions.slice(1)) {
      const parent = row[actions[0].indexOf('PARENT_KEY')];
      expect(keys.has(parent)).toBe(true);
      expect(row[actions[0].indexOf('KEY')]).toMatch(new RegExp(`^${parent}/improvement_actions\\[\\d+\\]$`));
    }
    const latitude = root[0].indexOf('site-gps-Latitude');
    expect(root.slice(1).every((r) => Number.isFinite(Number(r[latitude])) && r[latitude] !== '')).toBe(true);
  });

  it('is the same bytes for the same seed', async () => {
    const [a, b] = await Promise.all([tempDir(), tempDir()]);
    const first = await writeDemoData(a, { producers: 4, xlsx: false });
    const second = await writeDemoData(b, { producers: 4, xlsx: false });
    expect(await readFile(second.files.odk_zip!)).toEqual(await readFile(first.files.odk_zip!));
  });

  // The real ODK Central export in the project's shared data shows the conventions the writer follows; a clone
  // without that folder beside it has nothing to compare against.
  const SAMPLE = fileURLToPath(new URL('../../../shared/data/odk-central-flora-quadrat', import.meta.url));
  it.skipIf(!existsSync(SAMPLE))('follows the naming of a real ODK Central export (Flora Quadrat 0.4)', async () => {
    const [realRoot] = parseCsv(await readFile(path.join(SAMPLE, 'build_Flora-Quadrat-0-4_1564384341.csv'), 'utf8'));
    const [realRepeat] = parseCsv(await readFile(path.join(SAMPLE, 'build_Flora-Quadrat-0-4_1564384341-taxon_encounter.csv'), 'utf8'));
    const root = odkRootColumns(await generateForm('craft-2.1')).map((c) => c.header);
    expect(root[0]).toBe(realRoot[0]);
    expect(realRoot).toContain('meta-instanceID');
    expect(root).toContain('meta-instanceID');
    expect(realRoot.filter((c) => c.endsWith('-Latitude')).length).toBeGreaterThan(0);
    expect(root.filter((c) => /-gps-(Latitude|Longitude|Altitude|Accuracy)$/.test(c))).toHaveLength(4);
    expect(realRepeat.slice(-2)).toEqual(['PARENT_KEY', 'KEY']);
    // The 2019 server wrote KEY, SubmitterID, SubmitterName, Status; current ones add attachment and review columns.
    expect(realRoot.slice(-4)).toEqual(['KEY', 'SubmitterID', 'SubmitterName', 'Status']);
    expect(root.slice(-10, -7)).toEqual(realRoot.slice(-4, -1));
    expect(root).toContain('Status');
  });
});
