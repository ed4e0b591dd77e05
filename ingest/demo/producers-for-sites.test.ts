import { describe, expect, it } from 'vitest';
import { demoContext, demoProducer, producersForSites } from './demo-producers.ts';

describe('producersForSites', () => {
  it.each([1, 25, 100])('gives the fewest whole producers that have at least %i sites', (sites) => {
    const producers = producersForSites({}, sites);
    const context = demoContext({ producers });
    const count = (n: number) => Array.from({ length: n }, (_, i) => demoProducer(context, i).sites.length).reduce((a, b) => a + b, 0);
    expect(count(producers)).toBeGreaterThanOrEqual(sites);
    expect(count(producers - 1)).toBeLessThan(sites);
  });
});
