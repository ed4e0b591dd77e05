import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';

const SCREENSHOTS = 'reports/screenshots';
const LANGS = [
  { lang: 'en', prefix: '', title: 'Annual report', data: 'Open data' },
  { lang: 'es', prefix: '/es', title: 'Informe anual', data: 'Datos abiertos' },
  { lang: 'fr', prefix: '/fr', title: 'Rapport annuel', data: 'Données ouvertes' },
] as const;

/** Console errors and uncaught exceptions of a page, to assert there are none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

interface ReportBody {
  snapshot_id: string;
  year: number;
  coverage: { sites: number | null; producers: number | null; countries: number };
  numbers: { metric_id: string; value: number | null }[];
  countries: { country_code: string; withheld: boolean; values: Record<string, { value: number | null }> }[];
}

/** The report year the tests read: the newest complete one (the newest year is still being assessed). */
async function reportYear(request: import('@playwright/test').APIRequestContext): Promise<number> {
  const index = await (await request.get('/api/v1/reports')).json();
  return (index.years[1] ?? index.years[0]).year;
}

for (const { lang, prefix, title, data } of LANGS) {
  test(`the annual report in ${lang} shows the API's figures and the snapshot it was built from`, async ({ page, request }) => {
    const errors = watchErrors(page);
    const year = await reportYear(request);
    await page.goto(`${prefix}/reports`);
    await expect(page.locator('h1')).toHaveText(lang === 'en' ? 'Annual reports' : lang === 'es' ? 'Informes anuales' : 'Rapports annuels');
    await page.screenshot({ path: `${SCREENSHOTS}/reports-index-${lang}.png`, fullPage: true });
    await page.locator(`[data-year="${year}"] a`).click();
    await expect(page).toHaveURL(new RegExp(`${prefix}/reports/${year}$`));
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('h1')).toHaveText(`${title} ${year}`);

    const report = (await (await request.get(`/api/v1/reports/${year}?lang=${lang}`)).json()) as ReportBody;
    await expect(page.locator('[data-snapshot-id]').first()).toHaveText(report.snapshot_id);
    await expect(page.locator('[data-figure="sites_assessed"]')).toHaveAttribute('data-value', String(report.coverage.sites ?? ''));
    expect(report.numbers.length).toBeGreaterThan(0);
    for (const figure of report.numbers) {
      await expect(page.locator(`[data-figure="${figure.metric_id}"]`)).toHaveAttribute('data-value', String(figure.value ?? ''));
    }
    for (const country of report.countries.filter((c) => !c.withheld)) {
      await expect(page.locator(`[data-country="${country.country_code}"] [data-metric="workers.total"]`)).toHaveAttribute(
        'data-value',
        String(country.values['workers.total'].value ?? ''),
      );
    }
    // Every chart comes with a table of its figures, and the report says where its stories of change stand.
    await expect(page.locator('figure.chart svg[role="img"]').first()).toBeVisible();
    await expect(page.locator('#stories')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/reports-${lang}.png`, fullPage: true });

    // On paper: no portal navigation, the report itself.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('body > div > header')).toBeHidden();
    await expect(page.locator('article.report h1')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test(`the open-data page in ${lang} offers the served snapshot's extract with checksums that match`, async ({ page, request }) => {
    const errors = watchErrors(page);
    const list = await (await request.get('/api/v1/extracts')).json();
    const served = list.extracts.find((e: { is_served: boolean }) => e.is_served);
    await page.goto(`${prefix}/data`);
    await expect(page.locator('h1')).toHaveText(data);
    await expect(page.locator('[data-snapshot-id]')).toHaveText(served.snapshot_id);
    await expect(page.locator('[data-citation]')).toContainText(served.snapshot_id);
    await expect(page.locator('[data-restricted-note]')).toBeVisible();
    await expect(page.locator('[data-dictionary="marts.fct_impact_metrics"]')).toBeAttached();

    const link = page.locator('[data-file="marts__fct_impact_metrics.csv"] a');
    const download = await request.get((await link.getAttribute('href')) ?? '');
    expect(download.status()).toBe(200);
    const listed = served.tables.flatMap((t: { files: { file: string; sha256: string }[] }) => t.files).find((f: { file: string }) => f.file === 'marts__fct_impact_metrics.csv');
    expect(createHash('sha256').update(await download.body()).digest('hex')).toBe(listed.sha256);
    await expect(page.locator('[data-file="marts__fct_impact_metrics.csv"] code')).toHaveText(listed.sha256);
    await page.screenshot({ path: `${SCREENSHOTS}/data-${lang}.png`, fullPage: true });
    expect(errors).toEqual([]);
  });
}

test('the report downloads as a PDF whose pages carry its snapshot id', async ({ page, request }) => {
  test.setTimeout(90_000);
  const year = await reportYear(request);
  await page.goto(`/es/reports/${year}`);
  const snapshotId = (await page.locator('[data-snapshot-id]').first().textContent())?.trim() ?? '';
  expect(snapshotId).toMatch(/^[0-9a-f]{16}$/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href="/pdf/es/reports/${year}"]`).click()]);
  expect(download.suggestedFilename()).toBe(`veta-es-reports-${year}-${snapshotId}.pdf`);
  const file = `reports/screenshots/reports-${year}-es.pdf`;
  await download.saveAs(file);
  const pdf = await readFile(file);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (existsSync('/usr/bin/pdftotext')) {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThan(1);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(snapshotId);
    expect(text).toContain(`Informe anual ${year}`);
  } else {
    // Without poppler-utils: count the page objects, and read the id from the file name the server gave.
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0).toBeGreaterThan(1);
  }
});

test('the PDF route refuses pages it does not print', async ({ request }) => {
  for (const path of ['/pdf/api/v1/health', '/pdf/data', '/pdf/es/map', '/pdf/reports']) {
    const response = await request.get(path);
    expect([path, response.status()]).toEqual([path, 400]);
  }
});
