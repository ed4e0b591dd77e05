import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../gateway/duckdb.ts';
import { isWithheld, tableView, type DictionaryColumn, type TableView } from './tier-view.ts';

const column = (name: string, type: string, unit: string | null, sensitivity = 'public'): DictionaryColumn => ({
  schema_name: 'marts',
  table_name: 'fct_places',
  table_description: 'Places by year',
  grain: 'one row per place and year (place_id, year)',
  column_name: name,
  column_type: type,
  unit,
  sensitivity,
  description: name,
});

const COLUMNS = [
  column('place_id', 'VARCHAR', null),
  column('year', 'INTEGER', 'year'),
  column('place_lon', 'DOUBLE', 'degrees (WGS84)'),
  column('sites_known', 'INTEGER', 'sites'),
  column('gold_g', 'DOUBLE', 'g'),
  column('top_risk', 'VARCHAR', null),
  column('site_names', 'VARCHAR', null, 'personal'),
];

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
  await db.run(`create schema marts; create table marts.fct_places as select * from (values
    ('CO-ANT', 2024, -75.5::double, 12, 800.0::double, 'M3-1', 'x'), ('CO-ANT', 2025, -75.5, 3, 90.0, 'M4-2', 'y'), ('PE-MDD', 2025, -70.1, 9, 400.0, 'M1-1', 'z'))
    t(place_id, year, place_lon, sites_known, gold_g, top_risk, site_names)`);
});
afterEach(() => db.close());

const rows = (view: TableView) => db.query(`${view.sql} order by place_id, year`);

describe('tableView', () => {
  it('shows the public the public columns, withholds all but key and place on small counts, keeping the place drawn', async () => {
    const view = tableView(COLUMNS, 'public', { minCount: 5, publicUntil: null }) as TableView;
    expect(view.minCount).toBe(5);
    expect(await rows(view)).toEqual([
      { place_id: 'CO-ANT', year: 2024, place_lon: -75.5, sites_known: 12, gold_g: 800, top_risk: 'M3-1', suppressed: false },
      // What is most at risk at three sites would describe one of them as surely as a figure: it goes too.
      { place_id: 'CO-ANT', year: 2025, place_lon: -75.5, sites_known: null, gold_g: null, top_risk: null, suppressed: true },
      { place_id: 'PE-MDD', year: 2025, place_lon: -70.1, sites_known: 9, gold_g: 400, top_risk: 'M1-1', suppressed: false },
    ]);
  });

  it('holds back from the public the years that end after the as-of date less the lag, and only from the public', async () => {
    const rules = { minCount: 5, publicUntil: '2025-06-30' };
    const view = tableView(COLUMNS, 'public', rules) as TableView;
    expect(view.yearsUntil).toBe('2025-06-30');
    expect((await rows(view)).map((r) => `${r.place_id} ${r.year}`)).toEqual(['CO-ANT 2024']);
    const restricted = tableView(COLUMNS, 'restricted', rules) as TableView;
    expect(restricted.yearsUntil).toBeNull();
    expect(await rows(restricted)).toHaveLength(3);
  });

  it('shows the public the public edition of a table of the present, and restricted tiers the current one', async () => {
    await db.run(`create table marts.fct_now as select * from (values
      ('public', 'CO-ANT', 7, date '2026-03-29'), ('current', 'CO-ANT', 9, date '2026-09-29'), ('current', 'PE-MDD', 6, date '2026-09-29'))
      t(edition, place_id, sites_known, as_of_date)`);
    const now = [column('edition', 'VARCHAR', null), column('place_id', 'VARCHAR', null), column('sites_known', 'INTEGER', 'sites'), column('as_of_date', 'DATE', null)].map(
      (c) => ({ ...c, table_name: 'fct_now', grain: 'one row per edition and place (edition, place_id)' }),
    );
    const read = async (tier: 'public' | 'restricted') => {
      const view = tableView(now, tier, { minCount: 5, publicUntil: '2026-03-29' }) as TableView;
      return { edition: view.edition, rows: (await db.query(`${view.sql} order by place_id`)).map((r) => `${r.edition} ${r.place_id} ${r.sites_known}`) };
    };
    expect(await read('public')).toEqual({ edition: 'public', rows: ['public CO-ANT 7'] });
    // A withheld row keeps the edition's day, the same on every row: it says nothing of the few sites behind it.
    await db.run(`update marts.fct_now set sites_known = 2 where edition = 'public'`);
    const withheld = tableView(now, 'public', { minCount: 5, publicUntil: '2026-03-29' }) as TableView;
    expect(await db.query(withheld.sql)).toEqual([{ edition: 'public', place_id: 'CO-ANT', sites_known: null, as_of_date: '2026-03-29', suppressed: true }]);
    expect(await read('restricted')).toEqual({ edition: 'current', rows: ['current CO-ANT 9', 'current PE-MDD 6'] });
    // A table without editions is read whole.
    expect((tableView(COLUMNS, 'restricted') as TableView).edition).toBeNull();
  });

  it('refuses the public a table whose rows are about one site, saying which key', () => {
    const sites = COLUMNS.map((c) => ({ ...c, grain: 'one row per site (site_id)' }));
    sites[0] = { ...sites[0], column_name: 'site_id', sensitivity: 'restricted' };
    const view = tableView(sites, 'public');
    expect(isWithheld(view) && view.reason).toBe('its rows are about one site_id, which only restricted tiers see');
  });
});
