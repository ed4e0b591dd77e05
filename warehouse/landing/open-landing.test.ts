import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../tests/helpers/temp-home.ts';
import { MEMORY_LIMIT_VARIABLE, type Database } from '../gateway/duckdb.ts';
import { capLandingMemory, openLanding } from './open-landing.ts';

const open: Database[] = [];
afterEach(() => {
  open.splice(0).forEach((db) => db.close());
  vi.unstubAllEnvs();
});

async function landing(): Promise<Database> {
  const db = await openLanding(path.join(await tempDir(), 'warehouse.duckdb'));
  open.push(db);
  return db;
}

const setting = async (db: Database, name: string) =>
  (await db.query<{ value: string }>('select current_setting($name)::varchar as value', { name }))[0].value;

describe('the landing warehouse', () => {
  it('lands with one DuckDB thread, filling one row group at a time', async () => {
    expect(await setting(await landing(), 'threads')).toBe('1');
  });

  it('caps DuckDB at half a gigabyte and a megabyte a column, lowering the cap for a narrower file', async () => {
    vi.stubEnv(MEMORY_LIMIT_VARIABLE, '');
    const db = await landing();
    await capLandingMemory(db, 2_000);
    // DuckDB shows the cap in binary units: 2,512 MB is 2.3 GiB.
    expect(await setting(db, 'memory_limit')).toBe('2.3 GiB');
    await capLandingMemory(db, 140);
    expect(await setting(db, 'memory_limit')).toBe('621.7 MiB');
  });

  it('keeps a lower cap set in VETA_MEMORY_LIMIT, and lowers a higher one', async () => {
    vi.stubEnv(MEMORY_LIMIT_VARIABLE, '300MB');
    const low = await landing();
    await capLandingMemory(low, 140);
    expect(await setting(low, 'memory_limit')).toBe('286.1 MiB');
    vi.stubEnv(MEMORY_LIMIT_VARIABLE, '8GiB');
    const high = await landing();
    await capLandingMemory(high, 140);
    expect(await setting(high, 'memory_limit')).toBe('621.7 MiB');
  });
});
