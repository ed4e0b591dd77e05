// Every page of the portal in every language, as the public sees it: it answers 200, says its language to the
// browser, has one main landmark and a first-level heading, labels every form control, and logs no error. The
// restricted pages answer the public with a sign-in prompt rather than an error.
import { expect, test } from './fixtures.ts';
import { inLocale, LOCALES, pagesToVisit } from './pages-to-visit.ts';

for (const locale of LOCALES) {
  test(`every page in ${locale} answers, in its language, with landmarks, a heading and labelled controls`, async ({ page, request }) => {
    for (const path of await pagesToVisit(request)) {
      const url = inLocale(locale, path);
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(200);
      await expect(page.locator('html'), url).toHaveAttribute('lang', locale);
      await expect(page.locator('main'), url).toHaveCount(1);
      await expect(page.locator('main h1'), url).toHaveCount(1);
      const unlabelled = await page.locator('main select, main input:not([type=hidden]), main textarea').evaluateAll((controls) =>
        controls
          .filter((c) => !(c as { labels?: ArrayLike<unknown> | null }).labels?.length && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
          .map((c) => c.outerHTML.slice(0, 80)),
      );
      expect(unlabelled, url).toEqual([]);
    }
  });
}
