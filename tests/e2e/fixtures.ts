// The browser tests' shared fixture: every test fails when its page logged a console error or threw, unless the
// spec names the errors it expects (a refused sign-in answers 401 on purpose, and the browser logs it).
import { expect, test as base } from '@playwright/test';

export const test = base.extend<{ errors: string[]; expectedConsoleErrors: RegExp[] }>({
  expectedConsoleErrors: [[], { option: true }],
  errors: [
    async ({ page, expectedConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && !expectedConsoleErrors.some((e) => e.test(message.text()))) errors.push(message.text());
      });
      page.on('pageerror', (error) => void errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
