// Restricted pages in a browser: the public is asked to sign in (and the API refuses it), a refused token is said so,
// an implementer signs in with a token made by `veta token`, sees the sites, a site's "why this status" down to the
// file row, and the data-quality review, in each language, with the API's figures; signing out closes it again.
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { ACCESS_MESSAGES } from '../../portal/src/lib/i18n/access-messages.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOME = 'reports/e2e-home';
const SCREENSHOTS = path.join(ROOT, 'reports/screenshots');

// A refused sign-in answers 401 on purpose: the browser logs the failed resource, which is not a page error.
test.use({ expectedConsoleErrors: [/status of 401/] });

function makeToken(tier: string, name: string): string {
  const out = execFileSync(process.execPath, ['cli/bin.js', 'token', 'create', '--home', HOME, '--tier', tier, '--name', name, '--json'], { cwd: ROOT, encoding: 'utf8' });
  return (JSON.parse(out) as { token: string }).token;
}

async function signIn(page: Page, token: string, prefix = ''): Promise<void> {
  await page.goto(`${prefix}/signin`);
  await page.locator('input[name="token"]').fill(token);
  await page.locator('main button[type="submit"]').click();
}

test('the public is asked to sign in, and a refused token is said so', async ({ page, request }) => {
  expect((await request.get('/api/v1/sites')).status()).toBe(403);
  await page.goto('/sites');
  await expect(page.locator('main')).toContainText(ACCESS_MESSAGES.en.needsSignIn);
  await signIn(page, 'veta_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  await expect(page.getByRole('alert')).toContainText('the token is unknown');
  await expect(page.locator('header')).toContainText(ACCESS_MESSAGES.en.signIn);
});

test('an implementer signs in, reads the sites, a status down to its file row, and the data quality', async ({ page, request }) => {
  const token = makeToken('implementer', 'E2E field team');
  const auth = { authorization: `Bearer ${token}` };
  await signIn(page, token);
  await expect(page).toHaveURL(/\/sites$/);
  await expect(page.locator('header')).toContainText('E2E field team (implementer)');

  const list = (await (await request.get('/api/v1/sites', { headers: auth })).json()) as { sites: { site_id: string; craft_status: string | null }[] };
  await expect(page.locator('[data-table="sites"] tbody tr')).toHaveCount(list.sites.length);
  const flagged = list.sites.find((s) => s.craft_status && s.craft_status !== 'engage') ?? list.sites[0];
  await page.locator(`tr[data-site="${flagged.site_id}"] a`).click();
  const evidence = (await (await request.get(`/api/v1/sites/${flagged.site_id}/evidence`, { headers: auth })).json()) as {
    evidence: { requirement_id: string; source_row: number }[];
  };
  await expect(page.locator('h2#explain')).toHaveText(ACCESS_MESSAGES.en.explainTitle);
  await expect(page.locator('[data-table="evidence"] tbody tr')).toHaveCount(evidence.evidence.length);
  for (const row of evidence.evidence) {
    await expect(page.locator(`[data-table="evidence"] tr[data-requirement="${row.requirement_id}"] td`).nth(6)).toHaveText(String(row.source_row));
  }
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'site-profile-en.png'), fullPage: true });

  const quality = (await (await request.get('/api/v1/quality', { headers: auth })).json()) as { batches: unknown[] };
  for (const prefix of ['', '/es', '/fr'] as const) {
    const locale = prefix ? (prefix.slice(1) as 'es' | 'fr') : 'en';
    await page.goto(`${prefix}/quality`);
    await expect(page.locator('h1')).toHaveText(ACCESS_MESSAGES[locale].qualityTitle);
    await expect(page.locator('[data-table="batches"] tbody tr')).toHaveCount(quality.batches.length);
    await page.goto(`${prefix}/sites/${flagged.site_id}`);
    await expect(page.locator('h2#assessments')).toHaveText(ACCESS_MESSAGES[locale].assessmentsTitle);
    await page.screenshot({ path: path.join(SCREENSHOTS, `quality-${locale}.png`), fullPage: true });
  }

  await page.locator('header button[type="submit"]').click();
  await page.goto('/sites');
  await expect(page.locator('main')).toContainText(ACCESS_MESSAGES.en.needsSignIn);
});

test('a partner sees only the producers its token names, and no data-quality review', async ({ page, request }) => {
  const all = (await (await request.get('/api/v1/sites', { headers: { authorization: `Bearer ${makeToken('admin', 'E2E admin')}` } })).json()) as {
    sites: { site_id: string; producer_id: string }[];
  };
  const producer = all.sites[0].producer_id;
  const out = execFileSync(
    process.execPath,
    ['cli/bin.js', 'token', 'create', '--home', HOME, '--tier', 'partner', '--name', 'E2E refiner', '--producers', producer, '--json'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  await signIn(page, (JSON.parse(out) as { token: string }).token, '/fr');
  await expect(page).toHaveURL(/\/fr\/sites$/);
  const shown = await page.locator('[data-table="sites"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-site')));
  expect(shown.sort()).toEqual(all.sites.filter((s) => s.producer_id === producer).map((s) => s.site_id).sort());
  await expect(page.locator('header nav.sections')).not.toContainText(ACCESS_MESSAGES.fr.navQuality);
  await page.goto('/fr/quality');
  await expect(page.locator('main')).toContainText(ACCESS_MESSAGES.fr.needsSignIn);
  // A region's profile: the current edition, as of the snapshot's as-of date, without the public's note.
  const places = (await (await request.get('/api/v1/regions')).json()) as { countries: { country_code: string }[] };
  const country = places.countries[0].country_code;
  await page.goto(`/fr/regions/${country}`);
  const current = (await (await request.get(`/api/v1/regions/profile?country=${country}`, { headers: { authorization: `Bearer ${makeToken('admin', 'E2E admin')}` } })).json()) as {
    as_of_date: string;
    profile: { edition: string };
  };
  expect(current.profile.edition).toBe('current');
  await expect(page.locator('[data-as-of]')).toHaveAttribute('datetime', current.as_of_date);
  await expect(page.locator('[data-public-edition]')).toHaveCount(0);
});
