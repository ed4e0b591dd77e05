import { link, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { Database } from './duckdb.ts';
import { NoSnapshotError, SnapshotReader } from './snapshot-reader.ts';

async function writeSnapshot(file: string, id: string, rows: number): Promise<void> {
  const db = await Database.open(file);
  await db.run(`create schema meta; create table meta.snapshot as select '${id}' as snapshot_id, now()::timestamp as built_at`);
  await db.run(`create table sites as select range as i from range(${rows})`);
  db.close();
}

describe('SnapshotReader', () => {
  it('says there is nothing to read before anything is published', async () => {
    const reader = new SnapshotReader(path.join(await tempDir(), 'published.duckdb'));
    await expect(reader.query('select 1')).rejects.toBeInstanceOf(NoSnapshotError);
  });

  it('answers from a newly published file after an atomic rename, naming the snapshot that answered', async () => {
    const dir = await tempDir();
    const published = path.join(dir, 'published.duckdb');
    await writeSnapshot(path.join(dir, 'a.duckdb'), 'snapshot-a', 10);
    await link(path.join(dir, 'a.duckdb'), published);
    const reader = new SnapshotReader(published);
    const count = 'select count(*)::integer as n from sites';
    expect(await reader.query(count)).toMatchObject({ rows: [{ n: 10 }], snapshot: { snapshot_id: 'snapshot-a' } });

    await writeSnapshot(path.join(dir, 'b.duckdb'), 'snapshot-b', 100);
    await rename(path.join(dir, 'b.duckdb'), published);
    expect(await reader.query(count)).toMatchObject({ rows: [{ n: 100 }], snapshot: { snapshot_id: 'snapshot-b' } });
    reader.close();
  });

  it('lets a query that started on the old snapshot finish on it', async () => {
    const dir = await tempDir();
    const published = path.join(dir, 'published.duckdb');
    await writeSnapshot(published, 'old', 5);
    const reader = new SnapshotReader(published);
    const answer = await reader.read(async (query, snapshot) => {
      await writeSnapshot(path.join(dir, 'new.duckdb'), 'new', 7);
      await rename(path.join(dir, 'new.duckdb'), published);
      // A second request arrives meanwhile and opens the new snapshot.
      expect((await reader.info()).snapshot_id).toBe('new');
      const [{ n }] = await query<{ n: number }>('select count(*)::integer as n from sites');
      return { n, id: snapshot.snapshot_id };
    });
    expect(answer).toEqual({ n: 5, id: 'old' });
    reader.close();
  });

  it('refuses a file that was not published by a build', async () => {
    const file = path.join(await tempDir(), 'published.duckdb');
    const db = await Database.open(file);
    await db.run('create table x (i integer)');
    db.close();
    await expect(new SnapshotReader(file).info()).rejects.toThrow(/meta/);
  });
});
