/** The demo's randomness: reproducible per seed and per entity, and UUIDs that are valid version 4. */
import { describe, expect, it } from 'vitest';
import { DemoRandom, deriveSeed, streamFor, uuidFor } from './demo-random.ts';

describe('DemoRandom', () => {
  it('repeats its draws for a seed and differs for another', () => {
    const draws = (seed: number) => Array.from({ length: 5 }, ((r) => () => r.next())(new DemoRandom(seed)));
    expect(draws(2021)).toEqual(draws(2021));
    expect(draws(2021)).not.toEqual(draws(2022));
    expect(draws(2021).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws integers within both bounds and keys by weight', () => {
    const random = new DemoRandom(1);
    const ints = Array.from({ length: 2000 }, () => random.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
    const keys = Array.from({ length: 2000 }, () => random.weighted({ never: 0, rare: 1, common: 9 }));
    expect(keys).not.toContain('never');
    expect(keys.filter((k) => k === 'common').length).toBeGreaterThan(1600);
  });

  it('writes version 4 UUIDs, one per entity, distinct across a million-submission scale', () => {
    expect(uuidFor(2021, 'uuid', '1/2/3')).toBe(uuidFor(2021, 'uuid', '1/2/3'));
    expect(uuidFor(2021, 'uuid', '1/2/3')).not.toBe(uuidFor(2022, 'uuid', '1/2/3'));
    // 300,000 draws from a 32-bit state would share about ten UUIDs; 122 random bits share none.
    const uuids = new Set<string>();
    for (let i = 0; i < 300_000; i += 1) {
      const uuid = uuidFor(2021, 'uuid', `${i % 997}/${i % 5}/${i}`);
      if (i % 1000 === 0) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      uuids.add(uuid);
    }
    expect(uuids.size).toBe(300_000);
  });

  it('derives independent streams per entity, the same whatever was drawn before', () => {
    expect(deriveSeed(2021, 'site', 1, 0)).toBe(deriveSeed(2021, 'site', 1, 0));
    expect(deriveSeed(2021, 'site', 1, 0)).not.toBe(deriveSeed(2021, 'site', 10));
    expect(deriveSeed(2021, 'site', 1, 0)).not.toBe(deriveSeed(2022, 'site', 1, 0));
    expect(streamFor(5, 'x').next()).toBe(streamFor(5, 'x').next());
  });
});
