/** Producers and sites as pure functions of the seed and their position. */
import { describe, expect, it } from 'vitest';
import { COUNTRIES, DEMO_COUNTRIES } from './demo-countries.ts';
import { DEMO_PLACES } from './demo-places.ts';
import { demoContext, demoProducer, producerSlot } from './demo-producers.ts';

describe('demoProducer', () => {
  const context = demoContext();
  const producers = Array.from({ length: context.producers }, (_, i) => demoProducer(context, i));

  it('deals producers out by country weight, with stable codes', () => {
    for (const country of DEMO_COUNTRIES) {
      expect(producers.filter((p) => p.country === country), country).toHaveLength(COUNTRIES[country].producerWeight);
    }
    expect(new Set(producers.map((p) => p.code)).size).toBe(120);
    expect(producers.map((p) => p.code)).toContain('CO-P022');
    expect(producerSlot(120 + 0)).toEqual({ country: producerSlot(0).country, number: COUNTRIES[producerSlot(0).country].producerWeight + 1 });
  });

  it('gives the same producer for the same seed and position, another for another seed', () => {
    expect(JSON.stringify(demoProducer(context, 17))).toBe(JSON.stringify(producers[17]));
    expect(JSON.stringify(demoProducer(demoContext({ seed: 8 }), 17))).not.toBe(JSON.stringify(producers[17]));
  });

  it('places one to three sites per producer near a point of their unit, with the minerals of the region', () => {
    const sites = producers.flatMap((p) => p.sites.map((s) => ({ ...s, country: p.country, producer: p.code })));
    for (const site of sites) {
      expect(site.code).toBe(`${site.producer}-S${site.index + 1}`);
      const place = DEMO_PLACES.find((p) => p.admin1 === site.admin1)!;
      expect(place.country).toBe(site.country);
      expect(place.points.some(([lon, lat]) => Math.abs(lon - site.lon) <= 0.0100001 && Math.abs(lat - site.lat) <= 0.0100001)).toBe(true);
      expect(site.minerals.length).toBeGreaterThan(0);
    }
    for (const p of producers) expect(p.sites.length).toBeGreaterThanOrEqual(1);
    for (const p of producers) expect(p.sites.length).toBeLessThanOrEqual(3);
    const has = (country: string, mineral: string) => sites.some((s) => s.country === country && s.minerals.includes(mineral));
    expect(has('CD', 'tin') || has('CD', 'tantalum')).toBe(true);
    expect(has('BO', 'silver')).toBe(true);
    expect(has('TZ', 'coloured_gemstones')).toBe(true);
    expect(DEMO_COUNTRIES.every((c) => has(c, 'gold'))).toBe(true);
  });

  it('explains options it cannot use', () => {
    expect(() => demoContext({ producers: 0 })).toThrow('demo producers must be a whole number of at least 1, not 0');
    expect(() => demoContext({ fromYear: 2025, toYear: 2020 })).toThrow('demo years must be whole and run forwards, not fromYear 2025 to toYear 2020');
    expect(() => demoContext({ fromYear: 2027, toYear: 2028 })).toThrow('demo fromYear 2027 starts after the last assessment date 2026-09-30');
  });
});
