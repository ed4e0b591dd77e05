import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../tests/helpers/temp-home.ts';
import { detectFormat, type Detected } from './detect-format.ts';

const detected: Detected[] = [];
afterEach(async () => {
  await Promise.all(detected.splice(0).map((d) => d.dispose()));
});

describe('detectFormat', () => {
  it('reads a SurveyCTO export whose questions are named like what every object inherits', async () => {
    // `constructor` once looked itself up among SurveyCTO's renames, found Object's, and failed with a TypeError.
    const file = path.join(await tempDir(), 'visita.csv');
    await writeFile(file, 'KEY,SubmissionDate,formdef_version,constructor,toString,__proto__\nuuid:1,2024-01-01,3,a,b,c\n');
    const result = await detectFormat(file);
    detected.push(result);
    expect(result).toMatchObject({ format: 'surveycto-csv', mapped: false });
    expect(result.parts[0].header.columns).toEqual(['KEY', 'SubmissionDate', 'formdef_version', 'constructor', 'toString', '__proto__']);
  });
});
