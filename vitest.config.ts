// Unit and integration tests: co-located `*.test.ts` files and the cross-cutting suites in tests/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { $warehouse: fileURLToPath(new URL('./warehouse', import.meta.url)) },
  },
  test: {
    include: ['{cli,ingest,warehouse,tests}/**/*.test.ts', 'portal/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'tests/e2e/**'],
    // DuckDB work runs in native threads; two forks match the two cores these machines have.
    pool: 'forks',
    maxWorkers: 2,
    // Integration tests build several demo snapshots each; on two busy cores one can take most of a minute.
    testTimeout: 90_000,
  },
});
