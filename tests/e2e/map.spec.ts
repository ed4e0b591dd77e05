// The impact map in a browser, in each language: the map reaches idle with no tile server, its table holds the API's
// figures (withheld ones said so), public markers sit at generalised places only, the filters work as a plain form,
// nothing logs an error, and the page stays within its weight budget (printed).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { MAP_MESSAGES } from '../../portal/src/lib/i18n/map-messages.ts';

const LOCALES = ['en', 'es', 'fr'] as const;
const SCREENSHOTS = path.join(import.meta.dirname, '../../reports/screenshots');
/** What the browser may download for the map page, compressed as served, maplibre included (bytes). */
const BUDGET = 600_000;


interface RegionsAnswer {
  snapshot_id: string;
  year: number;
  regions: { features: { id: string; properties: { value: number | null; suppressed: boolean } }[] };
}

for (const locale of LOCALES) {
  test(`the map in ${locale} reaches idle offline and its table is the API's`, async ({ page, request }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const prefix = locale === 'en' ? '' : `/${locale}`;
    await page.goto(`${prefix}/map?metric=workers.total`);
    await expect(page.locator('h1')).toHaveText(MAP_MESSAGES[locale].title);
    await expect(page.locator('[data-map-state]')).toHaveAttribute('data-map-state', 'idle', { timeout: 30_000 });
    await expect(page.locator('canvas.maplibregl-canvas')).toBeVisible();
    await expect(page.locator('.maplibregl-ctrl-attrib')).toContainText(MAP_MESSAGES[locale].credit);

    const body = (await (await request.get('/api/v1/map/regions?metric=workers.total')).json()) as RegionsAnswer;
    await expect(page.locator('[data-snapshot-id]')).toHaveText(body.snapshot_id);
    const shown = body.regions.features.filter((f) => f.properties.value !== null || f.properties.suppressed);
    await expect(page.locator('[data-table="regions"] tbody tr')).toHaveCount(shown.length);
    for (const feature of shown) {
      const row = page.locator(`[data-table="regions"] tr[data-admin1="${feature.id}"]`);
      await expect(row).toHaveAttribute('data-value', feature.properties.value === null ? '' : String(feature.properties.value));
      if (feature.properties.suppressed) await expect(row.locator('td').last()).toHaveText(MAP_MESSAGES[locale].withheld);
    }
    // Markers of the public tier are generalised places: admin-1 codes, never site codes.
    const places = await page.locator('[data-table="places"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-place')));
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) expect(place).toMatch(/^[A-Z]{2}(-[A-Z0-9~]+)?$/);
    // They are the public edition, held back by the publication lag, and the legend says as of which day.
    const sites = (await (await request.get('/api/v1/map/sites')).json()) as { precision: string; as_of_date: string };
    expect(sites.precision).toBe('generalised');
    await expect(page.locator('[data-public-edition]')).toHaveAttribute('data-public-edition', sites.as_of_date);
    // Nothing left the server the page came from.
    const origin = new URL(page.url()).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `map-${locale}.png`), fullPage: true });
  });
}

test('the map filters work as a plain form, without scripts', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/es/map');
  await page.getByLabel('Indicador').selectOption('workers.women');
  await page.getByLabel('País').selectOption('CO');
  await page.getByRole('button', { name: 'Mostrar' }).click();
  await expect(page).toHaveURL(/metric=workers\.women/);
  await expect(page.locator('h2[data-metric]')).toHaveAttribute('data-metric', 'workers.women');
  const countries = await page.locator('[data-table="regions"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-admin1')!.slice(0, 2)));
  expect(new Set(countries)).toEqual(new Set(countries.length ? ['CO'] : []));
  await context.close();
});

async function pageWeight(page: Page, url: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => void (bytes += event.encodedDataLength));
  await page.goto(url);
  await expect(page.locator('[data-map-state]')).toHaveAttribute('data-map-state', 'idle', { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return bytes;
}

test('the map page stays under 600 KB as transferred, maplibre included, and another metric costs only its values', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bytes = await pageWeight(page, '/map');
  // The outlines are the same for every metric: the browser revalidates them by their ETag, and no body comes back
  // (Chromium shows the answer it kept, as a 200, once the server has said 304).
  const outlines: { revalidated: boolean; body: number }[] = [];
  page.on('requestfinished', async (r) => {
    if (new URL(r.url()).pathname !== '/api/v1/map/shapes') return;
    outlines.push({ revalidated: (await r.headerValue('if-none-match')) !== null, body: (await r.sizes()).responseBodySize });
  });
  const again = await pageWeight(page, '/map?metric=workers.women');
  await context.close();
  console.log(`page weight (bytes transferred): /map ${bytes}, then another metric ${again}`);
  expect(bytes).toBeLessThanOrEqual(BUDGET);
  expect(outlines).toEqual([{ revalidated: true, body: 0 }]);
  expect(again).toBeLessThan(bytes / 4);
});
