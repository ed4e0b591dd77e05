// Browser end-to-end tests: Debian's Chromium against the built portal serving the demo snapshot.
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../portal/src/lib/server/pdf/chromium-launch.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORT = Number(process.env.VETA_E2E_PORT ?? 4319);
const HOME = 'reports/e2e-home';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: `${ROOT}/reports/test-results`,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: `${ROOT}/reports/playwright.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
  webServer: {
    // The same path a new user takes: demo data, then the server (which builds the portal when its sources changed).
    command: `node cli/bin.js demo --home ${HOME} && node cli/bin.js serve --home ${HOME} --host 127.0.0.1 --port ${PORT}`,
    cwd: ROOT,
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
