/**
 * `veta build`: copies the landed raw tables into a new database file, runs the models in dependency order and their
 * data tests, and publishes the file only if everything passed. The served snapshot is never written: a new one
 * replaces it by an atomic rename. The snapshot is named by a hash of its inputs (snapshot-id.ts), so building the
 * same inputs again gives the same id and the same figures; the last few published snapshots are kept by id.
 */
import { constants } from 'node:fs';
import { access, copyFile, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Database, quoteIdentifier, quoteLiteral, type Row } from '../gateway/duckdb.ts';
import type { VetaHome } from '../home.ts';
import { CATALOGUE_DIR, TRANSFORMS_DIR } from '../project-paths.ts';
import { VETA_VERSION } from '../version.ts';
import { compileTests, type DataTest, type TestedTable } from './data-tests.ts';
import { dictionaryEntries, writeDictionaryTable } from './data-dictionary.ts';
import { CATALOGUE_DOCS, CATALOGUE_SCHEMA, loadCatalogue } from './load-catalogue.ts';
import { applyMappings, ASSESSMENT_TABLE } from './apply-mappings.ts';
import { snapshotId as inputsId } from './snapshot-id.ts';
import { joinSplitChoices } from './join-split-choices.ts';
import { ensureWideColumns } from './wide-columns.ts';
import { prepareSources, readSources } from './raw-sources.ts';
import { ModelBuildError, ProjectError } from './errors.ts';
import { loadMacros, loadProject, type Model } from './model-project.ts';
import { readTableDocs, type TableDoc } from './table-docs.ts';
import { runUnitTests } from './unit-tests.ts';

export interface ModelResult {
  model: string;
  status: 'built' | 'failed' | 'skipped';
  rows?: number;
  error?: string;
}

export interface TestResult {
  test: string;
  model: string;
  passed: boolean;
  failing_rows: number;
  sample: Row[];
  /** Set when the test query itself could not run (a typo in an expression, a missing column). */
  error?: string;
}

export interface BuildReport {
  snapshot_id: string;
  models_built: number;
  models_failed: number;
  tests_passed: number;
  tests_failed: number;
  published: boolean;
  models: ModelResult[];
  tests: TestResult[];
  /** The snapshot file, kept whether or not it was published, so a failed build can be inspected. */
  file: string;
}

export interface BuildOptions {
  home: VetaHome;
  /** The SQL models (default: the project's transforms/). */
  transformsDir?: string;
  /** The standards catalogue (default: the project's warehouse/catalogue/). */
  catalogueDir?: string;
  /** Progress lines for a person; the report is the machine-readable result. */
  log?: (line: string) => void;
  /** How many published snapshots to keep (the served one always stays). */
  keep?: number;
  /**
   * `model` or `model+`: rebuild that model (and, with `+`, every model that reads it) on a copy of the published
   * snapshot, and test those only; the other models stay as published. Refused when new data has landed since.
   */
  select?: string;
  /** Stop at the first model or test that fails. */
  strict?: boolean;
}

export const DEFAULT_KEEP = 10;

const SAMPLE_ROWS = 5;

export async function buildSnapshot({
  home,
  transformsDir = TRANSFORMS_DIR,
  catalogueDir = CATALOGUE_DIR,
  log = () => {},
  keep = DEFAULT_KEEP,
  select,
  strict = false,
}: BuildOptions): Promise<BuildReport> {
  try {
    await access(home.warehouse);
  } catch {
    throw new ProjectError(`nothing has been ingested under ${home.root}: run \`veta ingest <file>\` or \`veta demo\` first`);
  }
  const snapshotId = await inputsId({ landing: home.warehouse, catalogueDir, transformsDir, mappingsDir: home.mappings });
  await mkdir(home.snapshots, { recursive: true });
  await removeAbandonedBuilds(home.snapshots);
  const file = path.join(home.snapshots, `${snapshotId}.duckdb`);
  // Named after this process: a build that was killed leaves its file behind, and the next build of the same inputs
  // must neither reopen it (half of it built already) nor remove the file of a build still running.
  const building = `${file}.${process.pid}.building`;
  if (select) {
    try {
      await copyFile(home.published, building);
    } catch {
      throw new ProjectError(`--select rebuilds on the published snapshot, and none is published yet: run \`veta build\` first`);
    }
  } else {
    await copyLanding(home.warehouse, building);
  }
  const db = await Database.open(building);
  const report: BuildReport = {
    snapshot_id: snapshotId,
    models_built: 0,
    models_failed: 0,
    tests_passed: 0,
    tests_failed: 0,
    published: false,
    models: [],
    tests: [],
    file,
  };
  try {
    let catalogue: TestedTable[] = [];
    if (select) {
      await sameLanding(db, home.warehouse);
      // What the selected models rebuild is described and recorded again below.
      await db.run('drop table meta.snapshot; drop table meta.data_dictionary; delete from audit.test_failures');
    } else {
      await db.run('create schema if not exists raw; create schema if not exists meta; create schema staging; create schema intermediate; create schema marts');
      await db.run(`create schema audit; create table audit.test_failures (test varchar, model varchar, row_json json)`);
      catalogue = await loadCatalogue(db, catalogueDir);
      log(`catalogue: ${catalogue.length} tables loaded`);
      for (const table of catalogue) await runTests(db, table, report, log);
      for (const applied of await applyMappings(db, home.mappings)) {
        const skipped = applied.skipped ? ` (${applied.skipped} left out: Veta's own export already holds those submissions)` : '';
        log(`mapping: ${applied.file} maps ${applied.rows} submissions of raw.${applied.source_table} onto Veta's assessment${skipped}`);
      }
      for (const joined of await joinSplitChoices(db, ASSESSMENT_TABLE)) {
        log(`choices: ${joined.question} put together from its one-column-per-choice export for ${joined.rows} rows`);
      }
      await ensureWideColumns(db, ASSESSMENT_TABLE);
    }
    const macros = await loadMacros(db, transformsDir);
    if (macros.length) log(`macros: ${macros.join(', ')}`);
    const project = await loadProject(db, transformsDir);
    const models = select ? selectModels(project, select) : project;
    log(
      select
        ? `models: rebuilding ${models.map((m) => m.relation).join(', ')} on the published snapshot`
        : `models: ${models.length} found in ${path.basename(transformsDir)}/, building in dependency order`,
    );
    if (select) {
      const docs = await readTableDocs(path.join(catalogueDir, CATALOGUE_DOCS), 'tables');
      catalogue = docs.map((doc) => ({ schema: CATALOGUE_SCHEMA, name: doc.name, doc }));
    }
    const unlanded = select
      ? new Set<string>()
      : new Set((await prepareSources(db, await readSources(transformsDir))).map((s) => `raw.${s.name}`));
    // Unit tests first: a rule that gives the wrong rows on a few rows need not be built on all of them.
    for (const unit of await runUnitTests(models, catalogueDir, transformsDir)) {
      report.tests.push({ test: unit.test, model: unit.model, passed: unit.passed, failing_rows: unit.passed ? 0 : 1, sample: [], error: unit.error });
      if (unit.passed) report.tests_passed += 1;
      else {
        report.tests_failed += 1;
        log(`  FAIL  test ${unit.test}: ${unit.error}`);
      }
    }
    // A partial rebuild reads models it does not rebuild, which the work database would not hold.
    const snapshotCatalog = select ? null : await attachWork(db);
    const failed = new Set<string>();
    const stopped = () => strict && (report.models_failed > 0 || report.tests_failed > 0);
    const fail = (relation: string, message: string) => {
      failed.add(relation);
      report.models_failed += 1;
      report.models.push({ model: relation, status: 'failed', error: message });
      log(`  FAIL  ${message}`);
    };
    for (const model of models) {
      if (stopped()) {
        failed.add(model.relation);
        report.models.push({ model: model.relation, status: 'skipped', error: '--strict: stopped at the first failure' });
        continue;
      }
      const absent = model.sources.find((source) => unlanded.has(source));
      if (absent) {
        fail(model.relation, `${model.relation}: nothing has landed in ${absent} yet: ingest a file of that source first`);
        continue;
      }
      const blocker = model.dependsOn.find((dep) => failed.has(dep));
      if (blocker) {
        failed.add(model.relation);
        report.models.push({ model: model.relation, status: 'skipped', error: `${blocker} did not build` });
        log(`  skip  ${model.relation} (${blocker} did not build)`);
        continue;
      }
      try {
        const rows = await buildModel(db, model, snapshotCatalog);
        report.models.push({ model: model.relation, status: 'built', rows });
        report.models_built += 1;
        log(`  ok    ${model.relation} (${rows} rows)`);
      } catch (error) {
        fail(model.relation, (error as Error).message);
      }
    }
    // Tests run once every model is built: a test may relate two models that do not depend on each other.
    for (const model of models.filter((m) => !failed.has(m.relation))) {
      if (stopped()) break;
      await runTests(db, { schema: model.layer, name: model.name, doc: model.doc }, report, log);
    }
    if (snapshotCatalog) await detachWork(db);
    const published = [...catalogue, ...project.map((m) => ({ schema: m.layer, name: m.name, doc: m.doc }))];
    await writeDictionaryTable(db, dictionaryEntries(published));
    await db.run(
      `create table meta.snapshot as select $id as snapshot_id, now()::timestamp as built_at, $version as veta_version`,
      { id: snapshotId, version: VETA_VERSION },
    );
    await db.run('checkpoint');
  } catch (error) {
    db.close();
    await rm(building, { force: true });
    throw error;
  }
  db.close();
  if (report.models_failed === 0 && report.tests_failed === 0) {
    await rename(building, file);
    await publish(file, home.published);
    report.published = true;
    await pruneSnapshots(home, keep);
  } else {
    // Kept for inspection under a name no server or export takes for a snapshot.
    report.file = path.join(home.snapshots, `${snapshotId}.failed.duckdb`);
    await rename(building, report.file);
  }
  return report;
}

/** The models `--select` names: `model` alone, or `model+` with every model that reads it, in build order. */
function selectModels(models: Model[], spec: string): Model[] {
  const withDependents = spec.endsWith('+');
  const name = withDependents ? spec.slice(0, -1) : spec;
  const target = models.find((m) => m.name === name || m.relation === name);
  if (!target) {
    throw new ProjectError(`--select ${spec}: no model is called ${name}; models: ${models.map((m) => m.name).join(', ')}`);
  }
  const chosen = new Set([target.relation]);
  // Models come in build order, so a model's readers come after it.
  for (const model of models) {
    if (withDependents && model.dependsOn.some((dep) => chosen.has(dep))) chosen.add(model.relation);
  }
  return models.filter((m) => chosen.has(m.relation));
}

/** Refuses a partial rebuild when data landed since the published snapshot: its raw tables would not hold it. */
async function sameLanding(db: Database, landing: string): Promise<void> {
  await db.run(`attach ${quoteLiteral(landing)} as landing (read_only)`);
  try {
    const [{ differing }] = await db.query<{ differing: number }>(
      `select count(*)::integer as differing from (
           (select batch_id from landing.meta.ingest_batches except select batch_id from meta.ingest_batches)
           union all
           (select batch_id from meta.ingest_batches except select batch_id from landing.meta.ingest_batches)
       )`,
    );
    if (differing > 0) {
      throw new ProjectError(`--select: ${differing} ingest batches differ from the published snapshot's: run a full \`veta build\``);
    }
  } finally {
    await db.run('detach landing');
  }
}

/**
 * Removes what builds that did not finish left in the snapshots folder: a `<id>.duckdb.<pid>.building` file (and its
 * write-ahead log and spill folder) whose process is gone, because it was killed or the machine stopped. A build that fails on its
 * own removes its file; one that is killed cannot.
 */
async function removeAbandonedBuilds(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    // Without a pid: the name builds had before they were named after their process.
    const match = /^[0-9a-f]{16}\.duckdb\.(?:(\d+)\.)?building(?:\.wal|\.tmp)?$/.exec(name);
    if (match && !(match[1] && processRuns(Number(match[1])))) await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Keeps the `keep` most recent published snapshots (the one served always among them); older ones are removed. */
async function pruneSnapshots(home: VetaHome, keep: number): Promise<void> {
  const files = (await readdir(home.snapshots)).filter((name) => /^[0-9a-f]{16}\.duckdb$/.test(name));
  const dated = await Promise.all(files.map(async (name) => ({ name, mtime: (await stat(path.join(home.snapshots, name))).mtimeMs })));
  const served = await stat(home.published).catch(() => undefined);
  const old = dated.sort((a, b) => b.mtime - a.mtime).slice(keep);
  for (const { name } of old) {
    const file = path.join(home.snapshots, name);
    if (served && (await stat(file)).ino === served.ino) continue;
    await rm(file, { force: true });
    // Its open-data extracts go with it: they could no longer be checked against the snapshot they name.
    await rm(path.join(home.root, 'extracts', name.replace(/\.duckdb$/, '')), { recursive: true, force: true });
  }
}


/**
 * The snapshot starts as a copy of the landing warehouse's file, so it carries the raw tables and the ingest ledger as
 * they landed and every figure can be traced in it. Copying the file, not its tables one by one, spares decoding and
 * encoding every landed row again (most of a minute at a million submissions). A read-only handle holds DuckDB's lock
 * on the landing meanwhile, so no ingest writes it mid-copy; a write-ahead log an ingest left comes along, and the
 * snapshot replays it when it opens, as a read of the landing would.
 */
async function copyLanding(landing: string, building: string): Promise<void> {
  const lock = await Database.open(landing, { readOnly: true });
  try {
    await copyFile(landing, building, constants.COPYFILE_FICLONE);
    await copyFile(`${landing}.wal`, `${building}.wal`, constants.COPYFILE_FICLONE).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  } catch (error) {
    await rm(building, { force: true });
    await rm(`${building}.wal`, { force: true });
    throw error;
  } finally {
    lock.close();
  }
}

/**
 * The in-memory database that holds, while a full build runs, a table of each staging and intermediate model. Those
 * models are views in the snapshot (no copy of the rows), but a view is computed again by every model and data test
 * that reads it: at 10,000 submissions most of the build went to computing the same few intermediate views over and
 * over (56 CPU seconds; 11 with this, `npm run bench`). The search path puts this database first for those two schemas, so
 * `intermediate.x` in a model or a test reads the table while the build runs; once it is detached, the views in the
 * snapshot resolve to the snapshot's own relations, as they did before.
 */
const WORK = 'build_work';
const VIEW_LAYERS = ['staging', 'intermediate'] as const;

/** Attaches the work database and returns the snapshot's catalog name, which creating a model must now spell out. */
async function attachWork(db: Database): Promise<string> {
  const [{ name }] = await db.query<{ name: string }>('select current_database() as name');
  await db.run(`attach ':memory:' as ${WORK}; ${VIEW_LAYERS.map((layer) => `create schema ${WORK}.${layer}`).join('; ')}`);
  const schemas = await db.query<{ schema_name: string }>(
    // `main` (where the macros are) counts as internal, like pg_catalog and information_schema, which are not wanted.
    `select schema_name from duckdb_schemas() where database_name = $name and schema_name not in ('pg_catalog', 'information_schema')
     order by schema_name`,
    { name },
  );
  const searched = [...VIEW_LAYERS.map((layer) => `${WORK}.${layer}`), ...schemas.map((s) => `${quoteIdentifier(name)}.${quoteIdentifier(s.schema_name)}`)];
  await db.run(`set search_path = ${quoteLiteral(searched.join(','))}`);
  return name;
}

async function detachWork(db: Database): Promise<void> {
  await db.run(`reset search_path; detach ${WORK}`);
}

/**
 * Staging and intermediate models are views (no copy); marts are tables the API reads fast. With the work database
 * attached (`snapshotCatalog` set), a view is also materialised there once, and every name is created in the
 * snapshot's catalog explicitly: the search path would otherwise create `staging.x` in the work database.
 */
async function buildModel(db: Database, model: Model, snapshotCatalog: string | null): Promise<number> {
  const kind = model.layer === 'marts' ? 'table' : 'view';
  const relation = `${model.layer}.${quoteIdentifier(model.name)}`;
  const target = snapshotCatalog ? `${quoteIdentifier(snapshotCatalog)}.${relation}` : relation;
  try {
    await db.run(`create or replace ${kind} ${target} as\n${model.sql}`);
    if (model.layer === 'marts') await checkContract(db, target, model.doc);
    // From the model's SQL, not from the view: DuckDB binds a view's query in the view's own catalog, so reading the
    // view would compute what it reads again instead of taking the tables kept here.
    else if (snapshotCatalog) await db.run(`create or replace table ${WORK}.${relation} as\n${model.sql}`);
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::integer as n from ${relation}`);
    return n;
  } catch (error) {
    throw new ModelBuildError(model.relation, path.basename(model.file), (error as Error).message, { cause: error });
  }
}

async function runTests(db: Database, table: TestedTable, report: BuildReport, log: (line: string) => void): Promise<void> {
  for (const test of compileTests(table)) {
    const result = await runTest(db, test);
    report.tests.push(result);
    if (result.passed) report.tests_passed += 1;
    else {
      report.tests_failed += 1;
      const detail = result.error ?? `${result.failing_rows} failing rows, e.g. ${JSON.stringify(result.sample[0])}`;
      log(`  FAIL  test ${test.id}: ${detail}`);
    }
  }
}

/** A published table must have exactly the columns and types its documentation declares, in that order. */
async function checkContract(db: Database, relation: string, doc: TableDoc): Promise<void> {
  const actual = await db.query<{ column_name: string; column_type: string }>(`select column_name, column_type from (describe ${relation})`);
  const declared = doc.columns.map((c) => ({ column_name: c.name, column_type: c.type ?? '' }));
  const problems: string[] = [];
  const width = Math.max(actual.length, declared.length);
  for (let i = 0; i < width; i += 1) {
    const got = actual[i];
    const want = declared[i];
    if (!want) problems.push(`column ${got.column_name} (${got.column_type}) is not declared`);
    else if (!got) problems.push(`declared column ${want.column_name} is missing`);
    else if (got.column_name !== want.column_name) problems.push(`column ${i + 1} is ${got.column_name}, declared ${want.column_name}`);
    else if (got.column_type !== want.column_type) problems.push(`column ${got.column_name} is ${got.column_type}, declared ${want.column_type}`);
  }
  if (problems.length) throw new Error(`does not match its documented contract: ${problems.join('; ')}`);
}

async function runTest(db: Database, test: DataTest): Promise<TestResult> {
  let failing: number;
  try {
    // Counting the failing rows reads only the columns the test's condition needs, where keeping them reads every
    // column of every row the condition looks at: most tests pass, and only one that fails is run again for its rows.
    [{ failing }] = await db.query<{ failing: number }>(`select count(*)::integer as failing from (${test.sql}) as failing`);
    if (failing > 0) {
      await db.run(`insert into audit.test_failures select $test, $model, to_json(failing) from (${test.sql}) as failing`, {
        test: test.id,
        model: test.model,
      });
    }
  } catch (error) {
    const message = `the test query failed: ${(error as Error).message}`;
    return { test: test.id, model: test.model, passed: false, failing_rows: 0, sample: [], error: message };
  }
  if (failing === 0) return { test: test.id, model: test.model, passed: true, failing_rows: 0, sample: [] };
  const sample = await db.query<{ row_json: string }>(
    `select row_json::varchar as row_json from audit.test_failures where test = $test limit ${SAMPLE_ROWS}`,
    { test: test.id },
  );
  return { test: test.id, model: test.model, passed: false, failing_rows: failing, sample: sample.map((r) => JSON.parse(r.row_json)) };
}

/**
 * Readers that have the old file open keep reading it; new opens see the new one. The snapshot stays under its id
 * (a hard link shares the bytes), so a report can name the snapshot it was built from.
 */
async function publish(file: string, published: string): Promise<void> {
  const staged = `${published}.next`;
  await rm(staged, { force: true });
  await link(file, staged);
  await rename(staged, published);
}
