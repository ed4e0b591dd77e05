/**
 * Zip bombs, sent as ODK Central exports and as XLSX workbooks: members that each stay under the size at which their
 * ratio is judged but add up to gigabytes, a member that claims a few bytes and inflates to far more, one that claims
 * 4 GB from a few kilobytes, tens of thousands of tables, an archive that claims a million members. Each is refused
 * with an IngestError naming the file and saying why, before it fills the disk or the memory, and the warehouse keeps
 * what it had. (Members named to land outside the archive are in the malformed corpus, tests/malformed/.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ingestFile } from '../../ingest/ingest-file.ts';
import { MAX_ZIP_TABLES } from '../../ingest/odk/odk-tables.ts';
import { MAX_ZIP_MEMBERS } from '../../ingest/zip/unpack-zip.ts';
import type { Database } from '../../warehouse/gateway/duckdb.ts';
import { openLanding } from '../../warehouse/landing/open-landing.ts';
import { suiteDir } from './arbitraries.ts';
import { atScale, recordFigures } from './figures.ts';
import { expectIngestRefused } from './well-formed.ts';
import { deflated, stored, zipBytes, type ZipEntry } from '../helpers/zip-bytes.ts';

const MiB = 1024 * 1024;
const ROOT = 'veta_site_assessment_craft_2_1.csv';
const ODK_HEADER = 'SubmissionDate,site-site_code,KEY\n2024-01-01T00:00:00Z,CO-P001-S1,uuid:1\n';

let dir: string;
let db: Database;
let workbookParts: { name: string; content: Buffer }[];
let refusals = 0;

const temp = suiteDir();
beforeAll(async () => {
  dir = temp.path;
  db = await openLanding(path.join(dir, 'warehouse.duckdb'));
  // Something landed before the bombs come: a refused archive must leave it as it was.
  const ledger = path.join(dir, 'ledger.csv');
  await writeFile(ledger, 'sale_id,producer_code,sale_date,gold_grams,fineness\nS1,CO-P001,2024-01-05,12.5,0.92\n');
  await ingestFile(db, ledger, { archiveDir: path.join(dir, 'archive') });
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('main').addRows([['_uuid', '_submission_time'], ['u1', '2024-01-01']]);
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  workbookParts = await Promise.all(
    Object.values(zip.files)
      .filter((entry) => !entry.dir)
      .map(async (entry) => ({ name: entry.name, content: await entry.async('nodebuffer') })),
  );
}, 60_000);
afterAll(() => {
  recordFigures('hostile-zip', { cases: refusals, refused: refusals });
  db.close();
});

/** One entry's compressed body, shared by many members: the archive stays small whatever they claim. */
function many(count: number, name: (i: number) => string, content: Buffer): ZipEntry[] {
  const one = deflated('x', content);
  return Array.from({ length: count }, (_, i) => ({ ...one, name: name(i) }));
}

/** A small real workbook with the given members added, or put in place of its parts of the same name. */
function workbookWith(...entries: ZipEntry[]): Buffer {
  const names = new Set(entries.map((e) => e.name));
  return zipBytes([...workbookParts.filter((p) => !names.has(p.name)).map((p) => deflated(p.name, p.content)), ...entries]);
}

/** Ingests `bytes` as `name`: it must be refused with an IngestError saying `why`, the warehouse untouched. */
async function refused(name: string, bytes: Buffer, why: RegExp): Promise<void> {
  const folder = path.join(dir, name.replace(/\W+/g, '-'));
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, name);
  await writeFile(file, bytes);
  await expectIngestRefused(db, file, path.join(dir, 'archive'), why);
  refusals++;
}

describe('zip bombs', () => {
  // 100 members of 15 MiB of zeros, each under the 16 MiB below which a member's ratio is not judged: 1.5 GB from
  // 1.5 MB. Unpacked, they would have filled the temp folder before anything was refused.
  const spread = many(100, (i) => `veta_site_assessment_craft_2_1-part_${i}.csv`, Buffer.alloc(15 * MiB));

  it('refuses members that each stay small but together unpack to gigabytes, as an ODK export and as a workbook', async () => {
    await refused('spread.zip', zipBytes(spread), /the archive's 100 members would unpack to 1500 MB from 1\.5 MB \(\d+:1\): too large .* zip bomb/);
    await refused('spread.xlsx', workbookWith(...spread.map((e, i) => ({ ...e, name: `xl/media/image${i}.png` }))), /members would unpack to \d+ MB .* zip bomb/);
  });

  it('refuses a member that claims a few bytes and inflates to far more, as it is read', async () => {
    // 64 MiB of a CSV's text, declared as 100 bytes: the central directory is believed until the bytes say otherwise.
    const liar = deflated(ROOT, Buffer.concat([Buffer.from(ODK_HEADER), Buffer.alloc(64 * MiB, 0x30)]), 100);
    await refused('liar.zip', zipBytes([liar]), /member veta_site_assessment_craft_2_1\.csv unpacks to more than the 0\.0 MB it declares: refused as a possible zip bomb/);
    await refused('liar.xlsx', workbookWith({ ...liar, name: 'xl/worksheets/sheet1.xml' }), /member xl\/worksheets\/sheet1\.xml unpacks to more than .* zip bomb/);
  });

  it('refuses a member that claims 4 GB from a few kilobytes, before inflating it', async () => {
    const claim: ZipEntry = { ...deflated(ROOT, Buffer.from(ODK_HEADER)), uncompressedSize: 0xffff_fffe };
    await refused('claim.zip', zipBytes([claim]), /member veta_site_assessment_craft_2_1\.csv would unpack to 4096 MB .* zip bomb/);
    await refused('claim.xlsx', workbookWith({ ...claim, name: 'xl/worksheets/sheet1.xml' }), /would unpack to 4096 MB .* zip bomb/);
  });

  it('refuses an export of more tables than any form has, and an archive that claims a million members', async () => {
    // 5,000 tables in `npm test`; at full scale every member a zip without zip64 can hold.
    const tables = atScale(5_000, 65_535);
    const csvs = many(tables, (i) => `veta_site_assessment_craft_2_1-repeat_${i}.csv`, Buffer.from('PARENT_KEY,KEY\n'));
    await refused('tables.zip', zipBytes(csvs), new RegExp(`holds ${tables.toLocaleString('en')} CSV files to read as tables.*at most ${MAX_ZIP_TABLES.toLocaleString('en')}`));
    const claimed = zipBytes([stored(ROOT, Buffer.from(ODK_HEADER))], 1_000_000);
    await refused('million.zip', claimed, new RegExp(`lists 1,000,000 members: too many \\(the limit is ${MAX_ZIP_MEMBERS.toLocaleString('en')}\\)`));
    await refused('million.xlsx', zipBytes(workbookParts.map((p) => deflated(p.name, p.content)), 1_000_000), /lists 1,000,000 members: too many/);
  }, 300_000);

  it('refuses a deflate stream that is not one, naming the member', async () => {
    const garbage: ZipEntry = { name: ROOT, body: Buffer.from(deflateRawSync(Buffer.from(ODK_HEADER)).map((b, i) => (i > 2 ? b ^ 0x5a : b))), method: 'deflate', crc: 0, uncompressedSize: ODK_HEADER.length };
    await refused('garbage.zip', zipBytes([garbage]), /veta_site_assessment_craft_2_1\.csv/);
  });
});
