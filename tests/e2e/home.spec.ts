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

test('the API description the footer links to is served', async ({ page }) => {
  await page.goto('/es');
  const [response] = await Promise.all([page.waitForResponse('**/api/v1/openapi.json'), page.getByRole('link', { name: 'Descripción de la API' }).click()]);
  expect(response.status()).toBe(200);
  expect((await response.json()).paths).toHaveProperty('/summary');
});
