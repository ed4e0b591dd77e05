/**
 * Writes Veta's demo data set into one directory: the KoboToolbox exports of the CRAFT 2.1 site-assessment form
 * (`;` CSV as Kobo writes it, the same cells `,`-separated, and the XLSX with its improvement_actions sheet), the
 * producers' production and sales ledger, the incident log and the Fairmined register. The same options always give
 * the same bytes. Submissions are streamed in `_submission_time` order and never held together, so the generator
 * scales to a million of them for benchmarks (`producers: 90_000`, or cap with `maxSubmissions`).
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { formId } from '../../warehouse/forms/build-xlsform.ts';
import { BufferedFileWriter } from './buffered-file-writer.ts';
import { csvLine, KOBO_COMMA, KOBO_SEMICOLON, PLAIN_CSV } from './csv-line.ts';
import { assessSite, type SiteAssessment } from './demo-assessments.ts';
import { DEMO_VERSION_ID, readDemoCatalogue, type DemoCatalogue } from './demo-catalogue.ts';
import { DAY_MS, koboSubmissionTime } from './demo-dates.ts';
import { INCIDENTS_HEADER, producerIncidents, type Incident } from './demo-incidents.ts';
import { monthSales, registerRow, REGISTER_HEADER, SALES_HEADER, salesProfile, type Premiums, type SalesProfile } from './demo-ledgers.ts';
import { demoContext, demoProducer, type DemoContext, type DemoOptions, type DemoProducer } from './demo-producers.ts';
import { streamFor, uuidFor } from './demo-random.ts';
import { koboRowWriter, submissionAnswers } from './kobo-submission-row.ts';
import { KoboXlsxWriter } from './kobo-xlsx-writer.ts';
import { OdkCentralZipWriter } from './odk-central-zip-writer.ts';
import { planSubmissions } from './plan-submissions.ts';

export interface DemoDataOptions extends DemoOptions {
  /** Keep only the earliest submissions, as if the export had been taken then; the other files end at that moment too. */
  maxSubmissions?: number;
  /**
   * Write the XLSX export (default). Excel sheets stop at 1,048,576 rows, which the improvement actions of about
   * 200,000 submissions reach, and exceljs is the slowest writer here: benchmarks at scale turn it off.
   */
  xlsx?: boolean;
  /** Write the ODK Central CSV zip export (default). */
  odk?: boolean;
}

export interface DemoDataFiles {
  kobo_csv: string;
  kobo_csv_comma: string;
  /** null when written without the XLSX export. */
  kobo_xlsx: string | null;
  /** ODK Central "CSV (zip)" export of the same submissions; null when written without it. */
  odk_zip: string | null;
  sales_ledger: string;
  incidents: string;
  fairmined_register: string;
}

export interface DemoDataManifest {
  seed: number;
  files: DemoDataFiles;
  submissions: number;
  sites: number;
  producers: number;
  countries: number;
  /** submissions × requirements of the form */
  requirement_statuses: number;
  improvement_actions: number;
  sales: number;
  incidents: number;
  certified_producers: number;
  first_assessment_date: string | null;
  latest_assessment_date: string | null;
}

const KOBO_BASE = `${formId(DEMO_VERSION_ID)}_-_all_versions_-_xml_values`;

/** File names in the directory; the `,` export says so in its name, the `;` one is named as Kobo names it. */
export const DEMO_DATA_FILE_NAMES: Readonly<Record<keyof DemoDataFiles, string>> = {
  kobo_csv: `${KOBO_BASE}.csv`,
  kobo_csv_comma: `${KOBO_BASE}_-_comma_separated.csv`,
  kobo_xlsx: `${KOBO_BASE}.xlsx`,
  odk_zip: `${formId(DEMO_VERSION_ID)}.zip`,
  sales_ledger: 'production_sales_ledger.csv',
  incidents: 'incidents.csv',
  fairmined_register: 'fairmined_register.csv',
};

export const IMPROVEMENT_ACTIONS_SHEET = 'improvement_actions';
export const ACTION_COLUMNS = ['action_requirement', 'action_target_status', 'action_description', 'action_responsible', 'action_due_date', 'action_status'] as const;
/** Every demo action aims at meeting its requirement. */
const TARGET_STATUS = 'conformant';
export const ACTION_LINK_COLUMNS = ['_index', '_parent_table_name', '_parent_index', '_submission__uuid', '_submission__id'] as const;
const ACTION_NUMERIC = [...ACTION_COLUMNS.map(() => false), true, false, true, false, true];

/** KoboToolbox asset version ids: "v" and 21 characters of this alphabet. */
const VERSION_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const CACHED_PRODUCERS = 2048;

/**
 * Producers and site histories recently used. Sites of a producer are assessed on consecutive days, so their rows
 * come close together; a site's next visit comes a year later, by which time a large run has let it go and simply
 * generates it again (it is a pure function of the seed).
 */
class HistoryCache {
  private readonly entries = new Map<number, { producer: DemoProducer; histories: Map<number, SiteAssessment[]> }>();

  constructor(
    private readonly context: DemoContext,
    private readonly catalogue: DemoCatalogue,
  ) {}

  get(producerIndex: number, siteIndex: number): { producer: DemoProducer; history: SiteAssessment[] } {
    let entry = this.entries.get(producerIndex);
    if (entry) this.entries.delete(producerIndex);
    else entry = { producer: demoProducer(this.context, producerIndex), histories: new Map() };
    this.entries.set(producerIndex, entry);
    if (this.entries.size > CACHED_PRODUCERS) this.entries.delete(this.entries.keys().next().value!);
    let history = entry.histories.get(siteIndex);
    if (!history) {
      const site = entry.producer.sites.find((s) => s.index === siteIndex)!;
      history = assessSite(this.context.seed, this.catalogue, entry.producer, site);
      entry.histories.set(siteIndex, history);
    }
    return { producer: entry.producer, history };
  }
}

function validationStatus(seed: number, key: string, submittedMs: number, exportedMs: number): string {
  const random = streamFor(seed, 'validation', key);
  // Recent submissions often wait for review.
  if (exportedMs - submittedMs < 45 * DAY_MS && random.chance(0.6)) return '';
  return random.weighted({ validation_status_approved: 85, '': 10, validation_status_on_hold: 3, validation_status_not_approved: 2 });
}

export async function writeDemoData(dir: string, options: DemoDataOptions = {}): Promise<DemoDataManifest> {
  const context = demoContext(options);
  const catalogue = await readDemoCatalogue();
  const plan = planSubmissions(context, options.maxSubmissions);
  const dataEndMs = plan.count < plan.total ? Math.min(context.lastMs, plan.cutoffMs) : context.lastMs;
  const lastSubmissionMs = plan.count ? plan.submittedMs[plan.count - 1] : context.lastMs;
  const exportedMs = (Math.floor(lastSubmissionMs / DAY_MS) + 1) * DAY_MS + 9 * 3_600_000;

  await mkdir(dir, { recursive: true });
  const file = (key: keyof DemoDataFiles) => path.join(dir, DEMO_DATA_FILE_NAMES[key]);
  const files: DemoDataFiles = {
    kobo_csv: file('kobo_csv'),
    kobo_csv_comma: file('kobo_csv_comma'),
    kobo_xlsx: options.xlsx === false ? null : file('kobo_xlsx'),
    odk_zip: options.odk === false ? null : file('odk_zip'),
    sales_ledger: file('sales_ledger'),
    incidents: file('incidents'),
    fairmined_register: file('fairmined_register'),
  };
  const scratch = await mkdtemp(path.join(tmpdir(), 'veta-demo-'));
  try {
    const kobo = await writeKoboExports(context, catalogue, plan, files, exportedMs, scratch);
    const ledgers = await writeLedgers(context, catalogue, files, dataEndMs);
    return {
      seed: context.seed,
      files,
      ...kobo,
      requirement_statuses: kobo.submissions * catalogue.requirements.length,
      ...ledgers,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeKoboExports(
  context: DemoContext,
  catalogue: DemoCatalogue,
  plan: ReturnType<typeof planSubmissions>,
  files: DemoDataFiles,
  exportedMs: number,
  scratch: string,
) {
  const header = catalogue.columns.map((c) => c.header);
  const semicolon = new BufferedFileWriter(files.kobo_csv);
  const comma = new BufferedFileWriter(files.kobo_csv_comma);
  const actionsAside = new BufferedFileWriter(path.join(scratch, 'actions.jsonl'));
  const xlsx = files.kobo_xlsx ? new KoboXlsxWriter(files.kobo_xlsx, new Date(exportedMs)) : null;
  const odk = files.odk_zip ? new OdkCentralZipWriter(catalogue.form, catalogue.formId, scratch) : null;
  const mainSheet = catalogue.formId.slice(0, 31);
  await semicolon.write(`${csvLine(header, KOBO_SEMICOLON)}\r\n`);
  await comma.write(`${csvLine(header, KOBO_COMMA)}\r\n`);
  await xlsx?.startSheet(mainSheet, header);

  const versions = [0, 1].map((k) => `v${streamFor(context.seed, 'form-version', k).chars(VERSION_ALPHABET, 21)}`);
  const secondVersionMs = Date.UTC(Math.ceil((context.fromYear + context.toYear) / 2), 0, 1);
  const ids = streamFor(context.seed, 'submission-ids');
  let id = ids.int(150_000_000, 400_000_000);
  const cache = new HistoryCache(context, catalogue);
  const koboRow = koboRowWriter(catalogue.columns);
  const sites = new Set<string>();
  const producers = new Set<number>();
  const countries = new Set<string>();
  let actionCount = 0;
  let first: string | null = null;
  let latest: string | null = null;

  for (let i = 0; i < plan.count; i += 1) {
    const { producer, history } = cache.get(plan.producer[i], plan.site[i]);
    const site = producer.sites.find((s) => s.index === plan.site[i])!;
    const assessment = history[plan.visit[i]];
    const { visit } = assessment;
    const key = `${producer.index}/${site.index}/${visit.index}`;
    const uuid = uuidFor(context.seed, 'uuid', key);
    id += ids.int(1, 40);
    const index = i + 1;
    const answers = submissionAnswers(context.seed, catalogue, producer, site, assessment, uuid);
    const row = koboRow(answers, {
      _id: String(id),
      _uuid: uuid,
      _submission_time: koboSubmissionTime(visit.submittedUtcMs),
      _validation_status: validationStatus(context.seed, key, visit.submittedUtcMs, exportedMs),
      _notes: '',
      _status: 'submitted_via_web',
      _submitted_by: '',
      __version__: visit.startUtcMs < secondVersionMs ? versions[0] : versions[1],
      _tags: '',
      _index: String(index),
    });
    await semicolon.write(`${csvLine(row, KOBO_SEMICOLON)}\r\n`);
    await comma.write(`${csvLine(row, KOBO_COMMA)}\r\n`);
    await xlsx?.addRow(row, catalogue.numeric);
    await odk?.addSubmission(
      answers,
      {
        SubmissionDate: new Date(visit.submittedUtcMs).toISOString(),
        KEY: `uuid:${uuid}`,
        SubmitterID: String(100 + (producer.index % 40)),
        SubmitterName: visit.role === 'self' ? 'producer' : visit.role,
        AttachmentsPresent: '0',
        AttachmentsExpected: '0',
        Status: '',
        ReviewState: validationStatus(context.seed, key, visit.submittedUtcMs, exportedMs) ? 'approved' : '',
        DeviceID: visit.deviceId,
        Edits: '0',
        FormVersion: catalogue.form.settings[0].version,
      },
      assessment.actions,
    );
    for (const a of xlsx ? assessment.actions : []) {
      await actionsAside.write(`${JSON.stringify([a.requirement, TARGET_STATUS, a.description, a.responsible, a.dueDate, a.status, index, uuid, id])}\n`);
    }
    actionCount += assessment.actions.length;
    sites.add(site.code);
    producers.add(producer.index);
    countries.add(producer.country);
    if (first === null || visit.date < first) first = visit.date;
    if (latest === null || visit.date > latest) latest = visit.date;
  }
  await Promise.all([semicolon.close(), comma.close(), actionsAside.close()]);
  if (odk && files.odk_zip) await odk.close(files.odk_zip, new Date(exportedMs));

  if (xlsx) {
    await xlsx.startSheet(IMPROVEMENT_ACTIONS_SHEET, [...ACTION_COLUMNS, ...ACTION_LINK_COLUMNS]);
    const lines = createInterface({ input: createReadStream(path.join(scratch, 'actions.jsonl'), 'utf8'), crlfDelay: Infinity });
    let actionIndex = 0;
    for await (const line of lines) {
      const [requirement, target, description, responsible, due, status, parent, uuid, submissionId] = JSON.parse(line) as string[];
      actionIndex += 1;
      const cells = [requirement, target, description, responsible, due, status, String(actionIndex), mainSheet, String(parent), uuid, String(submissionId)];
      await xlsx.addRow(cells, ACTION_NUMERIC);
    }
    await xlsx.close();
  }

  return {
    submissions: plan.count,
    sites: sites.size,
    producers: producers.size,
    countries: countries.size,
    improvement_actions: actionCount,
    first_assessment_date: first,
    latest_assessment_date: latest,
  };
}

async function writeLedgers(context: DemoContext, catalogue: DemoCatalogue, files: DemoDataFiles, dataEndMs: number) {
  const premiums: Premiums = {
    goldUsdPerKg: catalogue.premiumGoldUsdPerKg,
    ecologicalExtraUsdPerKg: catalogue.premiumEcologicalExtraUsdPerKg,
  };
  const profiles: SalesProfile[] = [];
  const incidents: Incident[] = [];
  const register: string[][] = [];
  for (let p = 0; p < context.producers; p += 1) {
    const producer = demoProducer(context, p);
    if (producer.annualGoldKg > 0 && producer.firstMs <= dataEndMs) profiles.push(salesProfile(producer));
    incidents.push(...producerIncidents(context.seed, catalogue.requirements, producer, dataEndMs));
    const row = registerRow(producer, dataEndMs);
    if (row) register.push(row);
  }

  // Month by month, so a large run never holds more than one month of sales.
  const ledger = new BufferedFileWriter(files.sales_ledger);
  await ledger.write(`${csvLine(SALES_HEADER, PLAIN_CSV)}\n`);
  let sales = 0;
  const end = new Date(dataEndMs);
  for (let year = context.fromYear; year <= end.getUTCFullYear(); year += 1) {
    const lastMonth = year === end.getUTCFullYear() ? end.getUTCMonth() + 1 : 12;
    for (let month = 1; month <= lastMonth; month += 1) {
      const monthRows = profiles.flatMap((profile) => monthSales(context.seed, profile, year, month, dataEndMs, premiums));
      monthRows.sort((a, b) => a.dateMs - b.dateMs || a.producer - b.producer);
      for (const sale of monthRows) {
        sales += 1;
        await ledger.write(`${csvLine([`SL-${String(sales).padStart(7, '0')}`, ...sale.cells], PLAIN_CSV)}\n`);
      }
    }
  }
  await ledger.close();

  incidents.sort((a, b) => a.reportedMs - b.reportedMs || a.siteCode.localeCompare(b.siteCode));
  const incidentLog = new BufferedFileWriter(files.incidents);
  await incidentLog.write(`${csvLine(INCIDENTS_HEADER, PLAIN_CSV)}\n`);
  for (const [n, incident] of incidents.entries()) {
    await incidentLog.write(`${csvLine([`INC-${String(n + 1).padStart(5, '0')}`, ...incident.cells], PLAIN_CSV)}\n`);
  }
  await incidentLog.close();

  register.sort((a, b) => a[3].localeCompare(b[3]) || a[0].localeCompare(b[0]));
  const registerFile = new BufferedFileWriter(files.fairmined_register);
  await registerFile.write([REGISTER_HEADER, ...register].map((row) => `${csvLine(row, PLAIN_CSV)}\n`).join(''));
  await registerFile.close();

  return { sales, incidents: incidents.length, certified_producers: register.length };
}

/** `npx tsx ingest/demo/write-demo-data.ts <dir> [producers] [maxSubmissions] [--no-xlsx]`: writes a data set, prints its manifest. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const [dir, producers, maxSubmissions] = args.filter((a) => !a.startsWith('--'));
  if (!dir) throw new Error('usage: write-demo-data.ts <dir> [producers] [maxSubmissions] [--no-xlsx]');
  const started = Date.now();
  const manifest = await writeDemoData(dir, {
    producers: producers ? Number(producers) : undefined,
    maxSubmissions: maxSubmissions ? Number(maxSubmissions) : undefined,
    xlsx: !args.includes('--no-xlsx'),
  });
  process.stdout.write(`${JSON.stringify({ ...manifest, seconds: (Date.now() - started) / 1000 }, null, 2)}\n`);
}
