import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, TEST_PRODUCERS } from '../../tests/helpers/demo-home.ts';
import { tempHome } from '../../tests/helpers/temp-home.ts';

describe('veta build', () => {
  it('writes the public extract of the snapshot it publishes, and fails loudly when it cannot', async () => {
    const home = await tempHome();
    // `veta demo` publishes through the same build; its last JSON line is the build's.
    const demo = await runCli(['demo', '--home', home.root, '--producers', String(TEST_PRODUCERS), '--json']);
    expect(demo.code).toBe(0);
    const { snapshot_id: id } = JSON.parse(demo.out.at(-1) ?? '{}');
    const folder = path.join(home.root, 'extracts', id, 'public');
    const pkg = JSON.parse(await readFile(path.join(folder, 'datapackage.json'), 'utf8'));
    expect(pkg['x-veta']).toMatchObject({ snapshot_id: id, tier: 'public' });
    expect(pkg.resources.map((r: { path: string }) => r.path)).toContain('marts__fct_impact_metrics.parquet');
    expect(demo.err.at(-1)).toMatch(new RegExp(`^wrote the public extract of snapshot ${id} to .*extracts/${id}/public$`));

    // A folder holding files no extract wrote is never emptied: the build says the snapshot is out, the extract not.
    // The same inputs build the same snapshot id, so the build writes to that folder again.
    await writeFile(path.join(folder, 'notes.txt'), 'kept by hand\n');
    const refused = await runCli(['build', '--home', home.root]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain(`snapshot ${id} is published, but its public extract could not be written to ${folder}`);
  }, 120_000);
});
