import { expect, test, type Page } from '@playwright/test';

/** Console errors and uncaught exceptions of a page, to assert there are none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('the home page shows the API figures of the published snapshot, with no console errors', async ({ page, request }) => {
  const errors = watchErrors(page);
  const summary = await (await request.get('/api/v1/summary')).json();
  await page.goto('/');
  await expect(page.locator('h1')).toContainText('responsible artisanal and small-scale mining');

  for (const [key, value] of Object.entries(summary.figures)) {
    await expect(page.locator(`[data-figure="${key}"]`)).toHaveAttribute('data-value', String(value));
  }
  await expect(page.locator('[data-figure="sites"] .value')).toHaveText(String(summary.figures.sites));
  await expect(page.locator('[data-snapshot-id]')).toHaveText(summary.snapshot_id);
  expect(errors).toEqual([]);
});

test('the language switch shows the same figures in Spanish and French, and says so to the browser', async ({ page, request }) => {
  const errors = watchErrors(page);
  const { figures } = await (await request.get('/api/v1/summary')).json();
  await page.goto('/');
  await page.getByRole('link', { name: 'Español' }).click();
  await expect(page).toHaveURL(/\/es$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.locator('[data-figure="sites"] dt')).toHaveText('Minas evaluadas');
  await expect(page.locator('[data-figure="sites"]')).toHaveAttribute('data-value', String(figures.sites));

  await page.getByRole('link', { name: 'Français' }).click();
  await expect(page).toHaveURL(/\/fr$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('[data-figure="countries"] dt')).toHaveText('Pays');
  const date = new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(figures.latest_assessment_date));
  await expect(page.locator('[data-figure="latest_assessment_date"] .value')).toHaveText(date);
  expect(errors).toEqual([]);
});

test('the API description the footer links to renders every endpoint of the OpenAPI document', async ({ page, request }) => {
  const errors = watchErrors(page);
  const document = (await (await request.get('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  await page.goto('/es');
  await page.getByRole('link', { name: 'Descripción de la API' }).click();
  await expect(page).toHaveURL(/\/es\/developers$/);
  const shown = await page.locator('section.operation h2 code').allTextContents();
  const described = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} /api/v1${path}`));
  expect(shown.sort()).toEqual(described.sort());
  await expect(page.locator('#getSiteEvidence .badge')).toHaveText('requiere token');
  const [response] = await Promise.all([page.waitForResponse('**/api/v1/openapi.json'), page.getByRole('link', { name: 'El documento OpenAPI 3.1' }).click()]);
  expect(response.status()).toBe(200);
  // Showing the JSON, the browser asks for /favicon.ico on its own: it is sent to the portal's icon, not a 404.
  const icon = await request.get('/favicon.ico');
  expect([icon.status(), icon.url().endsWith('/favicon.svg'), icon.headers()['content-type']]).toEqual([200, true, 'image/svg+xml']);
  expect(errors).toEqual([]);
});

test('a keyboard user can skip the navigation to the content', async ({ page }) => {
  await page.goto('/fr/map');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#content')).toBeFocused();
});
