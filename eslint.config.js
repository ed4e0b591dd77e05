// Lint rules for the whole repository. Beyond the recommended sets, it enforces the layering: only the warehouse
// gateway may import the DuckDB engine, and the portal reaches the warehouse only through that gateway and the
// publishing rules that say what each tier may see.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

export default ts.config(
  {
    ignores: ['node_modules/', 'portal/build/', 'portal/.svelte-kit/', 'reports/', 'test-results/', '.veta/'],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@duckdb/node-api', message: 'Only warehouse/gateway/ talks to DuckDB: use its Database.' }] },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // The portal is served at the site root (no `paths.base`), and its language links are computed from the
      // current path, which resolve() cannot type; the API's own URLs are not SvelteKit routes at all.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    files: ['warehouse/gateway/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['portal/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@duckdb/node-api', message: 'The portal reads data through the API only.' }],
          patterns: [
            {
              regex: '^(\\$warehouse|(\\.\\./)+warehouse)/(?!gateway/|publish/|access/|home\\.ts$)',
              message:
                'The portal may use only the warehouse gateway (snapshot reader), the publishing rules (publish/), the token store (access/) and the home layout.',
            },
            { regex: '(\\.\\./)+(ingest|transforms|cli)/', message: 'The portal does not reach into other layers.' },
          ],
        },
      ],
    },
  },
);
