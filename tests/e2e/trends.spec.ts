// The Trends page and the home page's impact figures in a browser, in each language: the charts are SVG in the HTML
// before any script runs, the figures shown (charts' tables, headline figures) are the API's, withheld figures are
// gaps and never zeros, the filters work with and without scripts, the CSV holds the API's figures, tooltips answer
// the pointer and the keyboard, nothing logs an error, and the pages stay light (their weights are printed).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import type { HeadlineImpactAnswer, SeriesAnswer, SeriesRow } from '../../portal/src/lib/server/api/routes/metrics-types.ts';
import { HOME_MESSAGES } from '../../portal/src/lib/i18n/home-messages.ts';
import { TRENDS_MESSAGES } from '../../portal/src/lib/i18n/trends-messages.ts';
import { parseCsv } from '../helpers/parse-csv.ts';

const LOCALES = ['en', 'es', 'fr'] as const;
type Locale = (typeof LOCALES)[number];
const REPORTS = path.join(import.meta.dirname, '../../reports');
const SCREENSHOTS = path.join(REPORTS, 'screenshots');
/** What the browser may download for each page, compressed as served (bytes). */
const BUDGET = { home: 50_000, trends: 200_000 };

const prefix = (locale: Locale) => (locale === 'en' ? '' : `/${locale}`);

async function api<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  return (await response.json()) as T;
}

/** The series the page's default view shows: the headline metrics, every country, every mineral. */
async function headlineSeries(request: APIRequestContext, search = ''): Promise<SeriesAnswer> {
  const { figures } = await api<HeadlineImpactAnswer>(request, '/api/v1/summary/impact');
  const metrics = figures.map((f) => `metric=${f.metric_id}`).join('&');
  return api<SeriesAnswer>(request, `/api/v1/metrics/series?${metrics}${search}`);
}

/** A page's table rows of one chart as the API's rows would give them: value (or null), withheld or not. */
async function tableOf(page: Page, metric: string) {
  const rows = page.locator(`section[data-metric="${metric}"] tbody tr`);
  const out: { year: number; value: number | null; suppressed: boolean }[] = [];
  for (const row of await rows.all()) {
    const value = await row.getAttribute('data-value');
    out.push({ year: Number(await row.getAttribute('data-year')), value: value === '' ? null : Number(value), suppressed: (await row.getAttribute('data-suppressed')) === 'true' });
  }
  return out;
}

const asTable = (rows: SeriesRow[]) => rows.map((r) => ({ year: r.year, value: r.value, suppressed: r.suppressed }));

/** The page's figures equal the API's, chart by chart, and each withheld one reads "withheld" with a × on the chart. */
async function expectFigures(page: Page, series: SeriesAnswer, locale: Locale) {
  const sections = page.locator('section[data-metric]');
  await expect(sections).toHaveCount(series.metrics.length);
  for (const metric of series.metrics) {
    const rows = series.series.filter((r) => r.metric_id === metric.metric_id);
    const section = page.locator(`section[data-metric="${metric.metric_id}"]`);
    expect(await tableOf(page, metric.metric_id)).toEqual(asTable(rows));
    const withheld = rows.filter((r) => r.suppressed);
    for (const row of withheld) {
      await expect(section.locator(`tbody tr[data-year="${row.year}"] td`).nth(1)).toHaveText(TRENDS_MESSAGES[locale].withheld);
    }
    // One point per figure shown and one × per withheld figure: a gap is never drawn as a zero.
    const marks = section.locator('svg.veta-plot g[aria-label="dot"]');
    await expect(marks.locator('circle')).toHaveCount(rows.length - withheld.length);
    await expect(marks.locator('path')).toHaveCount(withheld.length);
  }
}

for (const locale of LOCALES) {
  test(`the ${locale} Trends page shows the API's figures by year, each chart with its definition`, async ({ page, request }) => {
    const series = await headlineSeries(request);
    const { metrics } = await api<{ metrics: { metric_id: string; title: Record<string, string>; formula: Record<string, string> }[] }>(request, '/api/v1/metrics');
    await page.goto(`${prefix(locale)}/trends`);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expect(page.locator('h1')).toHaveText(TRENDS_MESSAGES[locale].title);
    await expectFigures(page, series, locale);
    // The public's totals of the early years are withheld, so this page shows both kinds.
    expect(series.series.some((r) => r.suppressed) && series.series.some((r) => !r.suppressed)).toBe(true);
    for (const { metric_id } of series.metrics) {
      const definition = metrics.find((m) => m.metric_id === metric_id)!;
      const section = page.locator(`section[data-metric="${metric_id}"]`);
      await expect(section.locator('h2')).toHaveText(definition.title[locale]);
      await expect(section.locator('.definition')).toContainText(definition.formula.en);
    }
    await expect(page.locator('[data-snapshot-id]')).toHaveText(series.snapshot_id);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `trends-${locale}.png`), fullPage: true });
  });
}

test('the charts are SVG in the HTML before any script runs, and the filters work as a plain form', async ({ browser, request }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const series = await headlineSeries(request);
  await page.goto('/trends');
  await expect(page.locator('section[data-metric] svg.veta-plot')).toHaveCount(series.metrics.length);
  await expect(page.locator('section[data-metric] svg.veta-plot circle').first()).toBeVisible();

  await page.getByLabel(TRENDS_MESSAGES.en.country).selectOption('CO');
  await page.getByLabel(TRENDS_MESSAGES.en.mineral).selectOption('gold');
  await page.getByRole('button', { name: TRENDS_MESSAGES.en.show }).click();
  await expect(page).toHaveURL(/\/trends\?topic=headline&country=CO&mineral=gold$/);
  await expectFigures(page, await headlineSeries(request, '&country=CO&mineral=gold'), 'en');
  await context.close();
});

test('with scripts, a filter redraws the charts in place, and a share is shown country by country', async ({ page, request }) => {
  await page.goto('/es/trends');
  await expect(page.locator('.chart').first()).toHaveAttribute('data-tooltips', 'on');
  // A mark that a full page load would wipe out: the charts must change without one.
  await page.evaluate(() => void ((globalThis as Record<string, unknown>).stayedOnPage = true));
  await page.getByLabel(TRENDS_MESSAGES.es.topic).selectOption('production');
  await page.getByRole('button', { name: TRENDS_MESSAGES.es.show }).click();
  await expect(page).toHaveURL(/\/es\/trends\?topic=production&country=&mineral=all$/);
  const { metrics } = await api<{ metrics: { metric_id: string; theme: string }[] }>(request, '/api/v1/metrics');
  const production = metrics.filter((m) => m.theme === 'production').map((m) => `metric=${m.metric_id}`).join('&');
  const series = await api<SeriesAnswer>(request, `/api/v1/metrics/series?${production}`);
  const share = series.metrics.find((m) => m.breakdown === 'by_country')!;
  expect(share, 'the production topic holds a share').toBeTruthy();
  await expect(page.locator('section[data-metric]')).toHaveCount(series.metrics.length);
  const section = page.locator(`section[data-metric="${share.metric_id}"]`);
  await expect(section.locator('.breakdown')).toHaveText(TRENDS_MESSAGES.es.byCountry);
  // No total for a share: one row per country and year, as the API gives them.
  const rows = series.series.filter((r) => r.metric_id === share.metric_id);
  expect(rows.every((r) => r.country_code !== null)).toBe(true);
  await expect(section.locator('tbody tr')).toHaveCount(rows.length);
  await expect(section.locator('.veta-plot-swatch').first()).toBeVisible();
  expect(await page.evaluate(() => (globalThis as Record<string, unknown>).stayedOnPage)).toBe(true);
});

test('a chart answers the pointer and the keyboard with the figure of a year', async ({ page, request }) => {
  const series = await headlineSeries(request);
  await page.goto('/fr/trends');
  const metric = series.metrics[0].metric_id;
  const shown = series.series.filter((r) => r.metric_id === metric && r.value !== null);
  const chart = page.locator(`section[data-metric="${metric}"] .chart`);
  await expect(chart).toHaveAttribute('data-tooltips', 'on');
  await chart.locator('svg.veta-plot g[aria-label="dot"]').first().locator('> *').last().hover();
  const tip = page.locator(`section[data-metric="${metric}"] .chart-tip`);
  await expect(tip).toBeVisible();
  const last = shown.at(-1)!;
  const figure = new Intl.NumberFormat('fr', { maximumFractionDigits: 1 }).format(last.value!);
  await expect(tip).toContainText(`${last.year}`);
  await expect(tip).toContainText(figure);

  // The keyboard walks the withheld years too, which say so.
  const first = series.series.find((r) => r.metric_id === metric)!;
  await chart.focus();
  await page.keyboard.press('Home');
  await expect(tip).toHaveText(`${first.year}: ${first.suppressed ? TRENDS_MESSAGES.fr.withheldShort : new Intl.NumberFormat('fr').format(first.value!)}`);
  await page.keyboard.press('ArrowRight');
  await expect(tip).toContainText(`${first.year + 1}`);
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();
});

test('the CSV of a chart holds the API figures, withheld ones empty', async ({ page, request }) => {
  const series = await headlineSeries(request, '&country=PE');
  await page.goto('/fr/trends?country=PE');
  const metric = series.metrics[1].metric_id;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`section[data-metric="${metric}"] a.csv`).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`veta_${metric}_PE_all_${series.snapshot_id}.csv`);
  const [header, ...rows] = parseCsv(await readFile(await download.path(), 'utf8'));
  const cell = (row: string[], name: string) => row[header.indexOf(name)];
  const expected = series.series.filter((r) => r.metric_id === metric);
  expect(rows.filter((r) => r.length > 1).map((r) => [Number(cell(r, 'year')), cell(r, 'value'), cell(r, 'suppressed'), cell(r, 'country'), cell(r, 'snapshot_id')])).toEqual(
    expected.map((r) => [r.year, r.value === null ? '' : String(r.value), String(r.suppressed), 'Pérou', series.snapshot_id]),
  );
});

for (const locale of LOCALES) {
  test(`the ${locale} home page heads with the API's impact figures of the latest complete year`, async ({ page, request }) => {
    const impact = await api<HeadlineImpactAnswer>(request, '/api/v1/summary/impact');
    await page.goto(`${prefix(locale)}/`);
    await expect(page.locator('h2#impact')).toHaveText(HOME_MESSAGES[locale].impact.replace('{year}', String(impact.year)));
    await expect(page.locator('[data-impact]')).toHaveCount(impact.figures.length);
    for (const figure of impact.figures) {
      const card = page.locator(`[data-impact="${figure.metric_id}"]`);
      await expect(card).toHaveAttribute('data-value', figure.value === null ? '' : String(figure.value));
      await expect(card.locator('a')).toHaveAttribute('href', `${prefix(locale)}/trends#metric-${figure.metric_id}`);
    }
    const women = impact.figures.find((f) => f.metric_id === 'workers.women')!;
    await expect(page.locator('[data-impact="workers.women"] .value')).toHaveText(new Intl.NumberFormat(locale).format(women.value!));
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `home-${locale}.png`), fullPage: true });
    // A headline figure leads to its chart.
    await page.locator('[data-impact="workers.women"] a').click();
    await expect(page.locator('section#metric-workers\\.women')).toBeVisible();
  });
}

/** Bytes the browser received for a page and everything it loaded, as sent (compressed where the server compresses). */
async function pageWeight(page: Page, url: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => void (bytes += event.encodedDataLength));
  await page.goto(url, { waitUntil: 'networkidle' });
  await cdp.detach();
  return bytes;
}

test('the home page stays under 50 KB and the Trends page under 200 KB, as transferred', async ({ browser }) => {
  const urls = [
    ['home', '/'],
    ['home', '/es'],
    ['home', '/fr'],
    ['trends', '/trends'],
    ['trends', '/es/trends?topic=production'],
    ['trends', '/fr/trends?topic=workforce&country=CO&mineral=gold'],
    ['trends', '/trends?topic=incidents'],
  ] as const;
  const weights: { page: string; url: string; bytes: number }[] = [];
  for (const [kind, url] of urls) {
    // A fresh context each time: nothing comes from the cache.
    const context = await browser.newContext();
    weights.push({ page: kind, url, bytes: await pageWeight(await context.newPage(), url) });
    await context.close();
  }
  console.log(['page weights (bytes transferred):', ...weights.map((w) => `  ${w.url.padEnd(52)} ${String(w.bytes).padStart(7)}`)].join('\n'));
  await mkdir(REPORTS, { recursive: true });
  await writeFile(path.join(REPORTS, 'page-weights.json'), `${JSON.stringify(weights, null, 2)}\n`);
  for (const w of weights) expect.soft(w.bytes, `${w.url} over budget`).toBeLessThanOrEqual(BUDGET[w.page as keyof typeof BUDGET]);
});
