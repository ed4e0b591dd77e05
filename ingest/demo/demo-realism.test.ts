/**
 * Whether the default demo tells a plausible story, checked on the written files against the catalogue CSVs read
 * independently of the generator: module 5 improves, module 3 findings are rare and make the buyer leave, module 4
 * plans are due within the review period and some run late, workforce and mercury figures hold together, premiums
 * follow the catalogue's formula, and every risk identified has its incident.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../../tests/helpers/parse-csv.ts';
import { writeDemoData, type DemoDataManifest } from './write-demo-data.ts';

type Rec = Record<string, string>;
const catalogueCsv = async (name: string) =>
  csvRecords(await readFile(fileURLToPath(new URL(`../../warehouse/catalogue/${name}`, import.meta.url)), 'utf8'));

let dir: string;
let manifest: DemoDataManifest;
let submissions: Rec[];
let actions: Rec[];
let sales: Rec[];
let incidents: Rec[];
let register: Rec[];
let requirementGroup: Map<string, string>;
let parameters: Map<string, number>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'veta-demo-realism-'));
  manifest = await writeDemoData(dir);
  submissions = csvRecords(await readFile(manifest.files.kobo_csv, 'utf8'), ';');
  sales = csvRecords(await readFile(manifest.files.sales_ledger, 'utf8'));
  incidents = csvRecords(await readFile(manifest.files.incidents, 'utf8'));
  register = csvRecords(await readFile(manifest.files.fairmined_register, 'utf8'));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(manifest.files.kobo_xlsx!);
  const sheet = workbook.getWorksheet('improvement_actions')!;
  const names = (sheet.getRow(1).values as string[]).slice(1);
  actions = [];
  sheet.eachRow((row, n) => {
    if (n > 1) actions.push(Object.fromEntries(names.map((name, i) => [name, String(row.getCell(i + 1).value ?? '')])));
  });
  requirementGroup = new Map(
    (await catalogueCsv('requirements.csv'))
      .filter((r) => r.version_id === 'craft-2.1' && r.annex_ii_group)
      .map((r) => [r.requirement_id.replace('craft-2.1.', 'r_').replaceAll('-', '_'), r.annex_ii_group]),
  );
  parameters = new Map((await catalogueCsv('parameters.csv')).map((p) => [`${p.parameter_id}@${p.version_id}`, Number(p.value)]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const year = (s: Rec) => s['identification/assessment_date'].slice(0, 4);
const statusesOf = (s: Rec, module: number) =>
  Object.entries(s).filter(([k]) => new RegExp(`^m${module}/r_M${module}_\\d+$`).test(k)) as [string, string][];
const addMonths = (date: string, months: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

describe('the demo data set', () => {
  it('improves module 5 over the years, from about a third conformant to about three quarters', () => {
    const shares = new Map<string, [number, number]>();
    for (const s of submissions) {
      for (const [, status] of statusesOf(s, 5)) {
        if (status === 'not_assessed' || status === 'not_applicable') continue;
        const [met, all] = shares.get(year(s)) ?? [0, 0];
        shares.set(year(s), [met + (status === 'conformant' ? 1 : 0), all + 1]);
      }
    }
    const years = [...shares.keys()].sort();
    const share = (y: string) => shares.get(y)![0] / shares.get(y)![1];
    expect(years[0]).toBe('2019');
    expect(years.at(-1)).toBe('2026');
    expect(share(years.at(-1)!)).toBeGreaterThan(share(years[0]) + 0.2);
    expect(share(years[0])).toBeLessThan(0.5);
    expect(share(years.at(-1)!)).toBeGreaterThan(0.6);
  });

  it('identifies module 3 risks at a few sites, after which the buyer no longer assesses that producer', () => {
    const sites = new Set(submissions.map((s) => s['site/site_code']));
    const findings = submissions.filter((s) => statusesOf(s, 3).some(([, status]) => status === 'risk_identified'));
    const riskSites = new Set(findings.map((s) => s['site/site_code']));
    expect(riskSites.size).toBeGreaterThanOrEqual(1);
    expect(riskSites.size / sites.size).toBeLessThanOrEqual(0.05);
    for (const finding of findings) {
      const later = submissions.filter(
        (s) => s['site/producer_code'] === finding['site/producer_code'] && s['identification/assessment_date'] >= finding['identification/assessment_date'],
      );
      expect(later.filter((s) => s['identification/assessor_role'] === 'buyer')).toEqual([]);
    }
  });

  it('plans module 4 mitigation within six months, and lets some plans run overdue', () => {
    const dateOf = new Map(submissions.map((s) => [s._uuid, s['identification/assessment_date']]));
    const m4 = actions.filter((a) => a.action_requirement.startsWith('r_M4_'));
    const firstListed = new Map<string, Rec>();
    // An action is listed again at later visits with its new status; its first listing is when it was planned.
    const parentSite = new Map(submissions.map((s) => [s._uuid, s['site/site_code']]));
    for (const a of m4) {
      const key = [parentSite.get(a._submission__uuid), a.action_requirement, a.action_description, a.action_due_date].join('|');
      if (!firstListed.has(key)) firstListed.set(key, a);
    }
    expect(firstListed.size).toBeGreaterThan(0);
    for (const a of firstListed.values()) {
      const assessed = dateOf.get(a._submission__uuid)!;
      expect(a.action_due_date > assessed).toBe(true);
      expect(a.action_due_date <= addMonths(assessed, parameters.get('craft.mitigation_review_months@craft-2.1')!)).toBe(true);
    }
    const overdue = m4.filter((a) => a.action_status === 'in_progress' && a.action_due_date < dateOf.get(a._submission__uuid)!);
    expect(overdue.length).toBeGreaterThan(0);
    const identified = submissions.filter((s) => statusesOf(s, 4).some(([, status]) => status === 'risk_identified'));
    expect(identified.length).toBeGreaterThan(0);
  });

  it('counts workforces an ASM site can have, with fewer minors and less mercury over time', () => {
    const byYear = new Map<string, { n: number; minors: number; gold: number; mercury: number }>();
    for (const s of submissions) {
      const [total, women, minors] = ['workers_total', 'workers_women', 'workers_under_18'].map((k) => Number(s[`workforce/${k}`]));
      expect(total).toBeGreaterThanOrEqual(10);
      expect(total).toBeLessThanOrEqual(400);
      expect(women).toBeLessThanOrEqual(total);
      expect(women / total).toBeGreaterThanOrEqual(0.04);
      expect(women / total).toBeLessThanOrEqual(0.46);
      expect(minors).toBeLessThanOrEqual(total);
      const kg = s['practices/mercury_kg_per_month'];
      expect(kg === '').toBe(s['practices/mercury_used'] === 'no');
      if (kg) expect(Number(kg)).toBeGreaterThanOrEqual(0.1);
      if (kg) expect(Number(kg)).toBeLessThanOrEqual(5);
      const y = byYear.get(year(s)) ?? { n: 0, minors: 0, gold: 0, mercury: 0 };
      y.n += 1;
      y.minors += minors > 0 ? 1 : 0;
      y.gold += s['site/minerals/gold'] === '1' ? 1 : 0;
      y.mercury += s['practices/mercury_used'] === 'yes' ? 1 : 0;
      byYear.set(year(s), y);
    }
    const [first, last] = [byYear.get('2019')!, byYear.get('2026')!];
    expect(last.minors / last.n).toBeLessThan(first.minors / first.n);
    expect(last.mercury / last.gold).toBeLessThan(first.mercury / first.gold);
    expect(first.mercury / first.gold).toBeGreaterThan(0.5);
  });

  it('never names a person or gives a phone number in evidence or incident summaries', () => {
    const people = new Set(submissions.map((s) => s['identification/assessor_name']));
    const texts = [
      ...submissions.flatMap((s) => Object.entries(s).filter(([k]) => k.endsWith('_evidence')).map(([, v]) => v)),
      ...incidents.map((i) => i.summary),
      ...actions.map((a) => `${a.action_description} ${a.action_responsible}`),
    ];
    for (const text of new Set(texts)) {
      expect(text).not.toMatch(/\+?\d[\d .-]{6,}\d/);
      for (const person of people) expect(text.includes(person), `${person} in "${text}"`).toBe(false);
    }
  });

  it('pays the Fairmined premium of the catalogue on certified sales only', () => {
    const gold = parameters.get('fairmined.premium_gold@fairmined-2.0')!;
    const extra = parameters.get('fairmined.premium_ecological_gold_extra@fairmined-2.0')!;
    const certified = new Map(register.map((r) => [r.producer_code, r]));
    for (const sale of sales) {
      const fine = Number(sale.fine_gold_grams);
      expect(Math.abs(fine - Number(sale.gold_grams) * Number(sale.fineness))).toBeLessThanOrEqual(0.01);
      const ecological = sale.is_ecological_gold === 'true';
      const expected = sale.fairmined_model === 'none' ? 0 : (fine / 1000) * (gold + (ecological ? extra : 0));
      expect(sale.premium_usd).toBe((Math.round(expected * 100) / 100).toFixed(2));
      expect(sale.period).toBe(sale.sale_date.slice(0, 7));
      expect(sale.sale_date <= '2026-09-30').toBe(true);
      if (sale.fairmined_model !== 'none') {
        expect(['labelled', 'incorporated']).toContain(sale.fairmined_model);
        expect(sale.sale_date >= certified.get(sale.producer_code)!.certified_on).toBe(true);
      } else expect(ecological).toBe(false);
    }
    expect(sales.some((s) => s.fairmined_model !== 'none' && s.is_ecological_gold === 'true')).toBe(true);
    expect(new Set(sales.map((s) => s.sale_id)).size).toBe(sales.length);
    expect(sales.map((s) => s.sale_date)).toEqual(sales.map((s) => s.sale_date).sort());
  });

  it('has producers selling 0.5 to 30 kg of gold in a full year', () => {
    const grams = new Map<string, number>();
    for (const s of sales.filter((s) => s.sale_date.startsWith('2025'))) grams.set(s.producer_code, (grams.get(s.producer_code) ?? 0) + Number(s.gold_grams));
    const firstSale = new Map<string, string>();
    for (const s of sales) if (!firstSale.has(s.producer_code)) firstSale.set(s.producer_code, s.sale_date);
    const fullYear = [...grams].filter(([code]) => firstSale.get(code)! < '2025-01-01').map(([, g]) => g / 1000);
    expect(fullYear.length).toBeGreaterThan(50);
    expect(Math.min(...fullYear)).toBeGreaterThanOrEqual(0.3);
    expect(Math.max(...fullYear)).toBeLessThanOrEqual(40);
  });

  it('certifies about one producer in seven, ecological ones without mercury or cyanide', () => {
    const share = register.length / manifest.producers;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.25);
    for (const r of register) {
      const own = submissions.filter((s) => s['site/producer_code'] === r.producer_code);
      expect(own.length).toBeGreaterThan(0);
      expect(own[0]['site/country']).toBe(r.country_code);
      expect(['certified', 'suspended']).toContain(r.status);
      if (r.is_ecological_gold === 'true') {
        expect(own.every((s) => s['practices/mercury_used'] === 'no' && s['practices/cyanide_used'] === 'no')).toBe(true);
      }
    }
  });

  it('logs an incident under the Annex II group for every module 3 and 4 risk identified', async () => {
    const groups = new Set((await catalogueCsv('annex_ii_groups.csv')).map((g) => g.annex_ii_group));
    const sites = new Set(submissions.map((s) => s['site/site_code']));
    for (const i of incidents) {
      expect(groups).toContain(i.annex_ii_group);
      expect(sites).toContain(i.site_code);
      expect(['low', 'medium', 'high', 'critical']).toContain(i.severity);
      expect(['open', 'mitigating', 'closed']).toContain(i.status);
      expect(['implementer', 'partner', 'ipis']).toContain(i.source);
    }
    for (const s of submissions) {
      for (const [column, status] of [...statusesOf(s, 3), ...statusesOf(s, 4)]) {
        if (status !== 'risk_identified') continue;
        const group = requirementGroup.get(column.split('/')[1]);
        // Logged on the day the risk was first identified (up to three days later), at this visit or an earlier one.
        const latest = new Date(Date.parse(`${s['identification/assessment_date']}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
        const logged = incidents.some((i) => i.site_code === s['site/site_code'] && i.annex_ii_group === group && i.reported_on <= latest);
        expect(logged, `${s['site/site_code']} ${column} ${s['identification/assessment_date']}`).toBe(true);
      }
    }
    expect(incidents.some((i) => i.source === 'ipis')).toBe(true);
  });

  it('counts in the manifest what the files hold', () => {
    expect(manifest).toMatchObject({
      submissions: submissions.length,
      sites: new Set(submissions.map((s) => s['site/site_code'])).size,
      producers: new Set(submissions.map((s) => s['site/producer_code'])).size,
      countries: 9,
      improvement_actions: actions.length,
      sales: sales.length,
      incidents: incidents.length,
      certified_producers: register.length,
      first_assessment_date: submissions.map((s) => s['identification/assessment_date']).sort()[0],
      latest_assessment_date: submissions.map((s) => s['identification/assessment_date']).sort().at(-1),
    });
    expect(manifest.producers).toBe(120);
  });
});
