// Every page in every language passes axe-core's WCAG 2.1 A and AA audit: as the public sees it, and the restricted
// pages (sites, a site's profile with its evidence, data quality) as a signed-in implementer sees them. Contrast,
// names, landmarks and ARIA are checked by rule here; keyboard use of the filters and the map's table alternative
// are exercised by the regions and map suites.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { axeViolations } from './axe-audit.ts';
import { expect, test } from './fixtures.ts';
import { inLocale, LOCALES, pagesToVisit } from './pages-to-visit.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOME = 'reports/e2e-home';

for (const locale of LOCALES) {
  test(`every public page in ${locale} passes the WCAG 2.1 AA audit`, async ({ page, request }) => {
    const found: string[] = [];
    for (const path of await pagesToVisit(request)) {
      await page.goto(inLocale(locale, path));
      if (path === '/map') await expect(page.locator('[data-map-state]')).toHaveAttribute('data-map-state', 'idle', { timeout: 30_000 });
      found.push(...(await axeViolations(page)).map((v) => `${inLocale(locale, path)}: ${v}`));
    }
    expect(found).toEqual([]);
  });
}

test('the restricted pages pass the WCAG 2.1 AA audit, signed in as an implementer', async ({ page, context, baseURL }) => {
  const out = execFileSync(process.execPath, ['cli/bin.js', 'token', 'create', '--home', HOME, '--tier', 'implementer', '--name', 'E2E audit', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  await context.addCookies([{ name: 'veta_session', value: (JSON.parse(out) as { token: string }).token, url: baseURL! }]);
  const sites = (await (await page.request.get('/api/v1/sites')).json()) as { sites: { site_id: string; craft_status: string }[] };
  // A site with a status other than engage has evidence to show.
  const flagged = sites.sites.find((s) => s.craft_status !== 'engage') ?? sites.sites[0];
  const found: string[] = [];
  for (const locale of LOCALES) {
    for (const path of ['/sites', `/sites/${encodeURIComponent(flagged.site_id)}`, '/quality', '/map']) {
      await page.goto(inLocale(locale, path));
      await expect(page.locator('main h1')).toHaveCount(1);
      if (path === '/map') await expect(page.locator('[data-map-state]')).toHaveAttribute('data-map-state', 'idle', { timeout: 30_000 });
      found.push(...(await axeViolations(page)).map((v) => `${inLocale(locale, path)}: ${v}`));
    }
  }
  expect(found).toEqual([]);
});
