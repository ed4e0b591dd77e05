// The versions in stack-notes are the ones that work on Node 20 here; a caret would let npm drift past them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
const root = read('../../package.json');
const portal = read('../../portal/package.json');

describe('package pins', () => {
  it('pins every dependency to an exact version', () => {
    for (const manifest of [root, portal]) {
      for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
        expect([name, version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+(-[\w.]+)?$/)]);
      }
    }
  });

  it('gives the portal server the same runtime versions as the command line', () => {
    for (const [name, version] of Object.entries(portal.dependencies)) {
      expect([name, root.dependencies[name]]).toEqual([name, version]);
    }
  });
});
