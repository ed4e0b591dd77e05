import { describe, expect, it } from 'vitest';
import { demoExport } from '../../tests/helpers/demo-home.ts';

const STAGES = ['informal', 'in_process', 'formalised'];

describe('organisation and practice answers of the demo', () => {
  it('moves each site forward through formalisation, with a title only once formalised', async () => {
    const { rows, cell } = await demoExport(40);
    const bySite = new Map<string, string[][]>();
    for (const row of rows) bySite.set(cell(row, 'site/site_code'), [...(bySite.get(cell(row, 'site/site_code')) ?? []), row]);
    for (const visits of bySite.values()) {
      const ordered = [...visits].sort((a, b) => cell(a, 'identification/assessment_date').localeCompare(cell(b, 'identification/assessment_date')));
      const stages = ordered.map((r) => STAGES.indexOf(cell(r, 'organisation/formalisation_stage')));
      expect(stages.every((s) => s >= 0)).toBe(true);
      expect(stages).toEqual([...stages].sort((a, b) => a - b));
    }
    for (const row of rows) {
      if (cell(row, 'organisation/has_mining_title') === 'yes') expect(cell(row, 'organisation/formalisation_stage')).toBe('formalised');
      expect(Number(cell(row, 'organisation/members_women'))).toBeLessThanOrEqual(Number(cell(row, 'organisation/members_total')));
      expect(Number(cell(row, 'practices/fatalities_12_months'))).toBeLessThanOrEqual(Number(cell(row, 'practices/accidents_12_months')));
      if (cell(row, 'practices/mercury_used') === 'no') expect(cell(row, 'practices/mercury_recovered_kg_per_month')).toBe('');
      const under18 = Number(cell(row, 'workforce/workers_under_18'));
      if (under18 === 0) expect(cell(row, 'workforce/workers_under_15')).toBe('');
      else expect(Number(cell(row, 'workforce/workers_under_15'))).toBeLessThanOrEqual(under18);
      if (cell(row, 'workforce/children_under_15_observed') === 'yes') expect(Number(cell(row, 'workforce/workers_under_15'))).toBeGreaterThan(0);
    }
  });

  it('has more environmental measures and fewer accidents in the last year than in the first', async () => {
    const { rows, cell } = await demoExport(60);
    const year = (r: string[]) => cell(r, 'identification/assessment_date').slice(0, 4);
    const years = [...new Set(rows.map(year))].sort();
    const mean = (y: string, f: (r: string[]) => number) => {
      const inYear = rows.filter((r) => year(r) === y);
      return inYear.reduce((sum, r) => sum + f(r), 0) / inYear.length;
    };
    const measures = (r: string[]) => cell(r, 'practices/environmental_measures').split(' ').filter(Boolean).length;
    const accidents = (r: string[]) => Number(cell(r, 'practices/accidents_12_months'));
    expect(mean(years.at(-1)!, measures)).toBeGreaterThan(mean(years[0], measures));
    expect(mean(years.at(-1)!, accidents)).toBeLessThan(mean(years[0], accidents));
  });
});
