// The supply-region pages in a browser, in each language: the figures a buyer reads are the API's, the pickers and the
// comparison work (with and without scripts), the CSV downloaded holds the API's figures, and nothing logs an error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { REGIONS_MESSAGES } from '../../portal/src/lib/i18n/regions-messages.ts';
import type { RegionProfile, RegionsIndex } from '../../portal/src/lib/regions/types.ts';
import { parseCsv } from '../helpers/parse-csv.ts';

const LOCALES = ['en', 'es', 'fr'] as const;
type Locale = (typeof LOCALES)[number];
const SCREENSHOTS = path.join(import.meta.dirname, '../../reports/screenshots');

/** Every test fails when its page logged an error or threw. */
const test = base.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
      page.on('pageerror', (error) => void errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

const prefix = (locale: Locale) => (locale === 'en' ? '' : `/${locale}`);

interface Place {
  country: string;
  admin1: string | null;
  mineral: string;
  suppressed: boolean;
}

function places(index: RegionsIndex): Place[] {
  return index.countries.flatMap((c) => [
    ...c.minerals.map((m) => ({ country: c.country_code, admin1: null, mineral: m.mineral, suppressed: m.suppressed })),
    ...c.admin1_units.flatMap((u) => u.minerals.map((m) => ({ country: c.country_code, admin1: u.admin1_code, mineral: m.mineral, suppressed: m.suppressed }))),
  ]);
}

const key = (p: Place) => [p.country, p.admin1, p.mineral].filter(Boolean).join('/');
const apiQuery = (p: Place) => `country=${p.country}${p.admin1 ? `&admin1=${p.admin1}` : ''}&mineral=${p.mineral}`;

/** The places the tests visit: Nariño's gold when the snapshot shows it, two other shown places, and a withheld one. */
async function choose(request: import('@playwright/test').APIRequestContext) {
  const index = (await (await request.get('/api/v1/regions')).json()) as RegionsIndex;
  const all = places(index);
  const shown = all.filter((p) => !p.suppressed && p.admin1 !== null && p.mineral !== 'all');
  expect(shown.length, 'the demo must have admin-1 profiles with enough sites').toBeGreaterThan(1);
  const main = shown.find((p) => key(p) === 'CO/CO-NAR/gold') ?? shown[0];
  const other = shown.find((p) => p.country !== main.country) ?? shown.find((p) => key(p) !== key(main))!;
  const withheld = all.find((p) => p.suppressed && p.admin1 !== null)!;
  expect(withheld, 'the demo must have a withheld profile').toBeTruthy();
  return { index, all, main, other, withheld };
}

async function profileOf(request: import('@playwright/test').APIRequestContext, place: Place): Promise<RegionProfile> {
  const response = await request.get(`/api/v1/regions/profile?${apiQuery(place)}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as RegionProfile;
}

/** `data-value` as the API would have it: a number where the API gave one. */
async function valueOf(locator: Locator): Promise<string | null> {
  return locator.getAttribute('data-value');
}
const asAttribute = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Moves the focused list to `value` with the arrow keys, one option at a time, as a keyboard user does. */
async function chooseByKeyboard(page: Page, value: string) {
  const focused = page.locator('select:focus');
  const values = await focused.locator('option:not([disabled])').evaluateAll((o) => o.map((x) => x.getAttribute('value') ?? ''));
  const target = values.indexOf(value);
  expect(target, `${value} among ${values.join(', ')}`).toBeGreaterThanOrEqual(0);
  const current = Math.max(values.indexOf(await focused.inputValue()), -1);
  const steps = target - current;
  for (let i = 0; i < Math.abs(steps); i += 1) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
  await expect(focused).toHaveValue(value);
}

async function expectFiguresOf(page: Page, profile: RegionProfile) {
  // The publication lag, when the snapshot sets one, is said with the trend.
  if (profile.years_until) await expect(page.locator('[data-years-until]')).toHaveAttribute('data-years-until', profile.years_until);
  else await expect(page.locator('[data-years-until]')).toHaveCount(0);
  await expect(page.locator('[data-snapshot-id]')).toHaveText(profile.snapshot_id);
  await expect(page.locator('[data-citation]')).toContainText(profile.snapshot_id);
  for (const column of ['sites_known', 'sites_assessed', 'sites_assessed_12_months', 'coverage', 'latest_assessment_date', 'median_months_since_assessment', 'open_actions', 'overdue_actions']) {
    expect([column, await valueOf(page.locator(`[data-figure="${column}"]`).first())]).toEqual([column, asAttribute(profile.profile[column])]);
  }
  for (const status of profile.statuses) {
    expect(await valueOf(page.locator(`.status-bars [data-status="${status.craft_status}"]`))).toBe(asAttribute(status.share));
  }
  expect(await page.locator('[data-risk]').evaluateAll((items) => items.map((i) => [i.getAttribute('data-risk'), i.getAttribute('data-value')]))).toEqual(
    profile.top_risks.map((r) => [r.requirement_id, String(r.share)]),
  );
  for (const year of profile.trend) {
    const row = page.locator(`.trend-table tr[data-year="${year.year}"]`);
    await expect(row).toHaveAttribute('data-suppressed', String(year.suppressed));
    if (!year.shares) continue;
    expect(await valueOf(row.locator('[data-figure="sites"]'))).toBe(String(year.sites));
    for (const [status, share] of Object.entries(year.shares)) expect(await valueOf(row.locator(`[data-status="${status}"]`))).toBe(String(share));
  }
}

for (const locale of LOCALES) {
  const m = REGIONS_MESSAGES[locale];

  test.describe(`in ${locale}`, () => {
    test('the regions page lists every profile of the API, with its count of sites', async ({ page, request }) => {
      const { index, all } = await choose(request);
      await page.goto(`${prefix(locale)}/regions`);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.locator('h1')).toHaveText(m.pageTitle);
      const links = page.locator('[data-profile]');
      expect((await links.evaluateAll((a) => a.map((x) => x.getAttribute('data-profile')))).sort()).toEqual(all.map(key).sort());
      const first = index.countries.flatMap((c) => c.minerals.map((x) => ({ c, x })))[0];
      await expect(page.locator(`[data-profile="${first.c.country_code}/${first.x.mineral}"] + .count`)).toHaveAttribute(
        'data-value',
        asAttribute(first.x.sites_known),
      );
      await expect(page.locator('[data-snapshot-id]')).toHaveText(index.snapshot_id);
      await page.screenshot({ path: path.join(SCREENSHOTS, `regions-${locale}.png`), fullPage: true });
    });

    test('the pickers narrow to the chosen country and place, and lead to the profile, by keyboard alone', async ({ page, request }) => {
      const { index, main } = await choose(request);
      await page.goto(`${prefix(locale)}/regions`);
      // Lists narrow once the page's script runs; a choice made before that is the server's to check (next test).
      await expect(page.locator('form[data-enhanced="true"]')).toHaveCount(1);
      await page.getByLabel(m.country, { exact: true }).focus();
      await chooseByKeyboard(page, main.country);
      const units = index.countries.find((c) => c.country_code === main.country)!.admin1_units;
      const admin1 = page.getByLabel(m.admin1);
      await expect(admin1.locator('option')).toHaveCount(units.length + 1);
      await page.keyboard.press('Tab');
      await expect(admin1).toBeFocused();
      await chooseByKeyboard(page, main.admin1!);
      const mineral = page.getByLabel(m.mineral, { exact: true });
      const minerals = units.find((u) => u.admin1_code === main.admin1)!.minerals;
      await expect(mineral.locator('option')).toHaveCount(minerals.length);
      await page.keyboard.press('Tab');
      await expect(mineral).toBeFocused();
      await chooseByKeyboard(page, main.mineral);
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: m.showProfile })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(`${prefix(locale)}/regions/${key(main)}`);
      await expect(page.locator('h1')).toBeVisible();
    });

    test('a profile shows the API\'s figures, its snapshot id and where to go next', async ({ page, request }) => {
      const { main } = await choose(request);
      const profile = await profileOf(request, main);
      await page.goto(`${prefix(locale)}/regions/${key(main)}`);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.locator('h1')).toContainText(profile.place.admin1_name![locale]);
      await expect(page.locator('[data-mineral]')).toContainText(profile.place.mineral_name![locale]);
      await expectFiguresOf(page, profile);
      const shownKnown = new Intl.NumberFormat(locale).format(profile.profile.sites_known as number);
      await expect(page.locator('[data-figure="sites_known"] .value')).toHaveText(shownKnown);
      await expect(page.getByRole('heading', { name: m.partnersTitle })).toBeVisible();
      // The public reads the edition held back by the publication lag, and the page says as of when.
      expect(profile.profile.edition).toBe('public');
      await expect(page.locator('[data-public-edition]')).toHaveAttribute('data-public-edition', profile.as_of_date!);
      // The PDF link names this very page for the renderer.
      await expect(page.locator('[data-pdf]')).toHaveAttribute('href', `/pdf${prefix(locale)}/regions/${key(main)}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `regions-profile-${locale}.png`), fullPage: true });
    });

    test('a profile with fewer than five sites says its figures are withheld, and shows none', async ({ page, request }) => {
      const { withheld } = await choose(request);
      const profile = await profileOf(request, withheld);
      expect(profile.suppressed).toBe(true);
      await page.goto(`${prefix(locale)}/regions/${key(withheld)}`);
      await expect(page.locator('[data-withheld-notice]')).toContainText(m.suppressedTitle);
      await expect(page.locator('[data-figure="sites_known"]')).toHaveCount(0);
      await expect(page.locator('[data-risk]')).toHaveCount(0);
      await expect(page.locator('.trend-table tbody tr')).toHaveCount(profile.trend.length);
      for (const year of profile.trend.filter((y) => y.suppressed)) {
        await expect(page.locator(`.trend-table tr[data-year="${year.year}"] .withheld`)).toHaveText(m.withheld);
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, `regions-withheld-${locale}.png`), fullPage: true });
    });

    test('the CSV downloaded from a profile holds the API\'s figures, labelled in the page\'s language', async ({ page, request }) => {
      const { main } = await choose(request);
      const profile = await profileOf(request, main);
      await page.goto(`${prefix(locale)}/regions/${key(main)}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-csv]').click()]);
      expect(download.suggestedFilename()).toBe(`veta-region-${key(main).replaceAll('/', '-')}-${profile.snapshot_id}.csv`);
      const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
      const [header, ...lines] = parseCsv(text.trimEnd());
      const records = lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
      expect(new Set(records.map((r) => r.snapshot_id))).toEqual(new Set([profile.snapshot_id]));
      const rows = records.filter((r) => r.section === 'profile');
      expect(Object.fromEntries(rows.map((r) => [r.measure, r.value]))).toEqual(
        Object.fromEntries(Object.entries(profile.profile).map(([k, v]) => [k, asAttribute(v)])),
      );
      expect(rows.find((r) => r.measure === 'admin1_code')?.label).toBe(profile.place.admin1_name![locale]);
      for (const year of profile.trend.filter((y) => y.shares)) {
        const engage = records.find((r) => r.section === 'trend' && r.year === String(year.year) && r.measure === 'engage_share');
        expect(engage?.value).toBe(String(year.shares!.engage));
      }
    });

    test('two regions compare side by side with the API\'s figures', async ({ page, request }) => {
      const { main, other } = await choose(request);
      const [a, b] = await Promise.all([profileOf(request, main), profileOf(request, other)]);
      await page.goto(`${prefix(locale)}/regions/${key(main)}`);
      await page.getByRole('combobox', { name: m.compareWith }).selectOption(key(other));
      await page.getByRole('button', { name: m.compare, exact: true }).click();
      await expect(page).toHaveURL(`${prefix(locale)}/regions/compare?a=${key(main)}&b=${key(other)}`);
      await expect(page.locator('h1')).toHaveText(m.compareTitle);
      await expect(page.locator('[data-snapshot-id]')).toHaveText(a.snapshot_id);
      for (const [side, profile] of [['a', a], ['b', b]] as const) {
        for (const column of ['sites_known', 'coverage', 'latest_assessment_date', 'open_actions', 'overdue_actions']) {
          await expect(page.locator(`td[data-side="${side}"][data-figure="${column}"]`)).toHaveAttribute('data-value', asAttribute(profile.profile[column]));
        }
        for (const status of profile.statuses) {
          await expect(page.locator(`td[data-side="${side}"][data-status="${status.craft_status}"]`)).toHaveAttribute('data-value', asAttribute(status.share));
        }
        await expect(page.locator(`td[data-side="${side}"] [data-risk]`)).toHaveCount(profile.top_risks.length);
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, `regions-compare-${locale}.png`), fullPage: true });
    });
  });
}

test('the pickers work without scripts: the server sends a plain form on, or says what is wrong', async ({ browser, request }) => {
  const { main } = await choose(request);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/es/regions');
  const m = REGIONS_MESSAGES.es;
  await page.getByLabel(m.country, { exact: true }).selectOption(main.country);
  // Without scripts every unit is listed: one of another country is refused with the reason.
  const foreign = (await page.getByLabel(m.admin1).locator('option').evaluateAll((o) => o.map((x) => x.getAttribute('value') ?? ''))).find(
    (v) => v && !v.startsWith(`${main.country}-`),
  )!;
  await page.getByLabel(m.admin1).selectOption(foreign);
  await page.getByRole('button', { name: m.showProfile }).click();
  await expect(page.getByRole('alert')).toContainText(foreign);
  await page.getByLabel(m.admin1).selectOption(main.admin1!);
  await page.getByLabel(m.mineral, { exact: true }).selectOption(main.mineral);
  await page.getByRole('button', { name: m.showProfile }).click();
  await expect(page).toHaveURL(`/es/regions/${key(main)}`);
  await context.close();
});

test('the language links keep the region and its mineral', async ({ page, request }) => {
  const { main } = await choose(request);
  await page.goto(`/regions/${key(main)}`);
  await page.getByRole('link', { name: 'Français' }).click();
  await expect(page).toHaveURL(`/fr/regions/${key(main)}`);
  await expect(page.locator('[data-mineral]')).toContainText(REGIONS_MESSAGES.fr.mineral);
});

test('an address that names no region answers 404 in the page\'s language', async ({ page, errors }) => {
  const response = await page.goto('/fr/regions/ZZ/all');
  expect(response?.status()).toBe(404);
  // The browser logs the page's own 404; that one is expected.
  expect(errors.splice(0)).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
  await expect(page.locator('h1')).toHaveText(REGIONS_MESSAGES.fr.notFoundTitle);
  await expect(page.getByRole('link', { name: REGIONS_MESSAGES.fr.backToRegions })).toBeVisible();
});

test('on paper, a profile keeps its figures and citation and drops the navigation', async ({ page, request }) => {
  const { main } = await choose(request);
  await page.goto(`/regions/${key(main)}`);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header nav').first()).toBeHidden();
  await expect(page.locator('[data-csv]')).toBeHidden();
  await expect(page.locator('[data-citation]')).toBeVisible();
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('[data-figure="sites_known"]')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'regions-print-en.png'), fullPage: true });
});

test('the PDF link renders the profile, with its snapshot id', async ({ page, request }) => {
  const { main } = await choose(request);
  const profile = await profileOf(request, main);
  await page.goto(`/es/regions/${key(main)}`);
  const href = (await page.locator('[data-pdf]').getAttribute('href'))!;
  const response = await request.get(href);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'veta-pdf-')), 'profile.pdf');
  writeFileSync(file, await response.body());
  const text = execFileSync('pdftotext', [file, '-']).toString();
  expect(text).toContain(profile.snapshot_id);
  expect(text).toContain(profile.place.admin1_name!.es);
});
