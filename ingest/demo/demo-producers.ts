/**
 * The demo's producer organisations and their sites, as pure functions of the seed and the producer's position:
 * `demoProducer(context, 7)` always returns the same organisation, with its sites, their fixed places and traits
 * (type, minerals, workforce, mercury, formalisation), the dates they are assessed, their story, and the producer's
 * gold output and Fairmined certification. Nothing here depends on other producers, so the generator can rebuild
 * any producer on demand instead of holding them all.
 */
import { COUNTRIES, DEMO_COUNTRIES, UNITS, type CountryProfile, type DemoCountry, type SiteType } from './demo-countries.ts';
import { DAY_MS, dateMs, offsetMinutes } from './demo-dates.ts';
import { fill, NAMES } from './demo-names.ts';
import { DEMO_PLACES, type DemoPlace } from './demo-places.ts';
import { streamFor, type DemoRandom } from './demo-random.ts';
import { assessorFor } from './demo-assessors.ts';
import { planVisits, roleFor, type DemoVisit, type SiteStory } from './demo-visits.ts';

export interface DemoOptions {
  seed?: number;
  producers?: number;
  fromYear?: number;
  toYear?: number;
}

export interface DemoContext {
  seed: number;
  producers: number;
  fromYear: number;
  toYear: number;
  /** No assessment after this day (the demo's data end on 30 September 2026 at the latest). */
  lastMs: number;
}

export const LAST_ASSESSMENT_DATE = '2026-09-30';

export interface DemoSite {
  index: number;
  code: string;
  name: string;
  type: SiteType;
  minerals: string[];
  hasGold: boolean;
  admin1: string;
  lat: number;
  lon: number;
  altitude: number;
  workers0: number;
  /** Yearly growth factor of the workforce. */
  growth: number;
  womenShare: number;
  /** Share of workers under 18 when the site joins, and the factor it shrinks by each year. */
  under18Share: number;
  under18Decay: number;
  /** Mercury bought per month when the site joins (0: none), and when it stops. */
  mercuryKg: number;
  mercuryStopMs: number;
  cyanide: boolean;
  /** When the site's title or licence is in order (-Infinity: from the start, Infinity: not within the demo). */
  formalisedMs: number;
  /** Before formalisation: not even in a formal process at first. */
  informal: boolean;
  ownsTitle: boolean;
  visits: DemoVisit[];
  story: SiteStory;
}

export interface FairminedCertification {
  certifiedMs: number;
  ecological: boolean;
  model: 'labelled' | 'incorporated';
  /** When the certificate was suspended (Infinity: it was not). */
  suspendedMs: number;
}

export interface DemoProducer {
  index: number;
  code: string;
  name: string;
  country: DemoCountry;
  profile: CountryProfile;
  /** 0 (best) … 1: how readily the producer's sites meet requirements. */
  maturity: number;
  firstMs: number;
  buyer: string;
  sites: DemoSite[];
  annualGoldKg: number;
  fineness: number;
  fairmined: FairminedCertification | null;
  /** When the engaged buyer left after a module 3 finding (Infinity: it did not). */
  disengagedMs: number;
}

export function demoContext(options: DemoOptions = {}): DemoContext {
  const context = {
    seed: options.seed ?? 2021,
    producers: options.producers ?? 120,
    fromYear: options.fromYear ?? 2019,
    toYear: options.toYear ?? 2026,
  };
  if (!Number.isInteger(context.producers) || context.producers < 1) {
    throw new Error(`demo producers must be a whole number of at least 1, not ${context.producers}`);
  }
  if (!Number.isInteger(context.seed)) throw new Error(`demo seed must be a whole number, not ${context.seed}`);
  if (!Number.isInteger(context.fromYear) || !Number.isInteger(context.toYear) || context.fromYear > context.toYear) {
    throw new Error(`demo years must be whole and run forwards, not fromYear ${context.fromYear} to toYear ${context.toYear}`);
  }
  if (Date.UTC(context.fromYear, 0, 1) > dateMs(LAST_ASSESSMENT_DATE)) {
    throw new Error(`demo fromYear ${context.fromYear} starts after the last assessment date ${LAST_ASSESSMENT_DATE}`);
  }
  return { ...context, lastMs: Math.min(Date.UTC(context.toYear, 11, 31), dateMs(LAST_ASSESSMENT_DATE)) };
}

/**
 * Countries are dealt out by smooth weighted round-robin, so any number of producers keeps the weights and a
 * producer's country and number within it follow from its position alone.
 */
const PATTERN = (() => {
  const weights = DEMO_COUNTRIES.map((c) => COUNTRIES[c].producerWeight);
  const total = weights.reduce((a, b) => a + b, 0);
  const current = weights.map(() => 0);
  const counts = weights.map(() => 0);
  const slots: { country: DemoCountry; rank: number }[] = [];
  for (let i = 0; i < total; i += 1) {
    weights.forEach((w, c) => (current[c] += w));
    const best = current.indexOf(Math.max(...current));
    current[best] -= total;
    slots.push({ country: DEMO_COUNTRIES[best], rank: counts[best]++ });
  }
  return slots;
})();

export function producerSlot(index: number): { country: DemoCountry; number: number } {
  const { country, rank } = PATTERN[index % PATTERN.length];
  return { country, number: Math.floor(index / PATTERN.length) * COUNTRIES[country].producerWeight + rank + 1 };
}

const PLACES_BY_COUNTRY = new Map<DemoCountry, DemoPlace[]>(DEMO_COUNTRIES.map((c) => [c, DEMO_PLACES.filter((p) => p.country === c)]));

const WORKERS: Readonly<Record<SiteType, readonly [number, number]>> = {
  underground: [20, 400],
  open_pit: [15, 300],
  alluvial: [12, 250],
  processing: [10, 80],
};
/** Women work more as selectors, washers and processors than underground. */
const WOMEN: Readonly<Record<SiteType, readonly [number, number]>> = {
  underground: [0.05, 0.15],
  open_pit: [0.08, 0.3],
  alluvial: [0.15, 0.42],
  processing: [0.2, 0.42],
};
const CYANIDE_BY_TYPE: Readonly<Record<SiteType, number>> = { underground: 1.2, open_pit: 0.8, alluvial: 0.3, processing: 2 };
const YEAR_MS = 365.25 * DAY_MS;

/** One assessment mission to the producer per year, at least five months after the previous one. */
function missionDays(context: DemoContext, random: DemoRandom, firstYear: number): { year: number; ms: number }[] {
  const missions: { year: number; ms: number }[] = [];
  let previous = -Infinity;
  for (let year = firstYear; year <= context.toYear; year += 1) {
    const start = Date.UTC(year, 0, 2);
    const end = Math.min(Date.UTC(year, 11, 20), context.lastMs - 4 * DAY_MS);
    if (end < start) break;
    let ms = start + random.int(0, Math.floor((end - start) / DAY_MS)) * DAY_MS;
    if (ms - previous < 150 * DAY_MS) ms = previous + random.int(150, 200) * DAY_MS;
    if (ms > end) continue;
    missions.push({ year, ms });
    previous = ms;
  }
  return missions;
}

function mineralsOf(random: DemoRandom, admin1: string): string[] {
  const unit = UNITS[admin1];
  const others = Object.entries(unit.minerals ?? {});
  const goldFree = others.length > 0 && random.chance(unit.goldFree ?? 0);
  const minerals = goldFree ? [] : ['gold'];
  for (const [mineral, share] of others) if (random.chance(goldFree ? Math.min(1, share * 1.5) : share)) minerals.push(mineral);
  if (!minerals.length) minerals.push(others[0][0]);
  return minerals;
}

function demoSite(
  context: DemoContext,
  producer: { index: number; code: string; country: DemoCountry; home: DemoPlace; firstYear: number; ecological: boolean },
  index: number,
  missions: { year: number; ms: number }[],
): DemoSite {
  const random = streamFor(context.seed, 'site', producer.index, index);
  const profile = COUNTRIES[producer.country];
  const place = index === 0 || random.chance(0.85) ? producer.home : random.pick(PLACES_BY_COUNTRY.get(producer.country)!);
  const unit = UNITS[place.admin1];
  const type = random.weighted(unit.siteTypes);
  const minerals = mineralsOf(random, place.admin1);
  const hasGold = minerals.includes('gold');
  const [lon, lat] = random.pick(place.points);
  const names = NAMES[producer.country];

  const firstYear = index === 0 || random.chance(0.6) ? producer.firstYear : Math.min(context.toYear, producer.firstYear + random.int(1, 2));
  const annual: number[] = [];
  for (const mission of missions) {
    if (mission.year < firstYear || (annual.length > 0 && random.chance(0.08))) continue;
    // The team visits a producer's sites on consecutive days of the same mission.
    const ms = mission.ms + (index + random.int(0, 1)) * DAY_MS;
    if (ms <= context.lastMs) annual.push(ms);
  }
  const planned = planVisits(random, annual, profile, offsetMinutes(profile.utcOffset), context.lastMs);
  const firstMs = planned.visits[0]?.dateMs ?? Date.UTC(firstYear, 0, 1);

  const formalising = random.chance(profile.formalising);
  const chemicalsPossible = hasGold && !producer.ecological;
  return {
    index,
    code: `${producer.code}-S${index + 1}`,
    name: fill(random.pick(names.siteForms[type]), random.pick(names.siteNames)),
    type,
    minerals,
    hasGold,
    admin1: place.admin1,
    // Jitter of at most 0.01° in each axis: the places were sampled at least 0.015° inside their unit.
    lat: Number((lat + random.between(-0.01, 0.01)).toFixed(6)),
    lon: Number((lon + random.between(-0.01, 0.01)).toFixed(6)),
    altitude: random.between(unit.altitude[0], unit.altitude[1]),
    workers0: Math.round(random.logBetween(...WORKERS[type])),
    growth: random.between(0.96, 1.08),
    womenShare: random.between(...WOMEN[type]),
    under18Share: random.chance(profile.underAge) ? random.between(0.01, 0.08) : 0,
    under18Decay: random.between(0.3, 0.7),
    mercuryKg: chemicalsPossible && random.chance(profile.mercury) ? 1 : 0,
    // Mercury use goes on for at least a year and stops after five on average (retorts first, then gravity methods).
    mercuryStopMs: firstMs + (1 - Math.log(1 - random.next()) * 4) * YEAR_MS,
    cyanide: chemicalsPossible && random.chance(Math.min(0.9, profile.cyanide * CYANIDE_BY_TYPE[type])),
    formalisedMs: formalising ? firstMs + random.between(0.5, 5) * YEAR_MS : -Infinity,
    informal: formalising && random.chance(0.15),
    ownsTitle: !formalising && random.chance(0.35),
    visits: planned.visits.map((v) => ({ ...v, role: 'self', assessor: '', deviceId: '' })),
    story: planned.story,
  };
}

export function demoProducer(context: DemoContext, index: number): DemoProducer {
  const { country, number } = producerSlot(index);
  const profile = COUNTRIES[country];
  const names = NAMES[country];
  const random = streamFor(context.seed, 'producer', index);
  const code = `${country}-P${String(number).padStart(3, '0')}`;
  const home = random.pick(PLACES_BY_COUNTRY.get(country)!);
  const name = fill(random.pick(names.organisationForms), random.pick(names.organisationNames));
  const wantsFairmined = random.chance(profile.fairmined);
  const ecological = wantsFairmined && random.chance(profile.ecological);
  // Certified producers are the better organised ones: Fairmined sits above CRAFT.
  const maturity = random.next() * (wantsFairmined ? 0.6 : 1);
  const firstYear = random.int(context.fromYear, Math.max(context.fromYear, Math.min(context.toYear, context.fromYear + 5)));
  const missions = missionDays(context, random, firstYear);
  const siteCount = Number(random.weighted({ 1: 55, 2: 30, 3: 15 }));
  const buyer = random.pick(names.buyers);
  const fineness = random.between(...profile.fineness);

  const base = { index, code, country, home, firstYear, ecological };
  const sites = Array.from({ length: siteCount }, (_, s) => demoSite(context, base, s, missions)).filter((s) => s.visits.length);
  const firstMs = Math.min(...sites.map((s) => s.visits[0].dateMs), missions[0]?.ms ?? Infinity);

  const goldSites = sites.filter((s) => s.hasGold);
  const goldWorkers = goldSites.reduce((sum, s) => sum + s.workers0, 0);
  // Roughly 20–120 g of gold per worker and year, within the 0.5–30 kg an ASM organisation typically produces.
  const annualGoldKg = goldWorkers ? Math.min(30, Math.max(0.5, goldWorkers * random.between(0.02, 0.12))) : 0;
  for (const site of goldSites) {
    if (site.mercuryKg) site.mercuryKg = Math.min(5, Math.max(0.1, ((annualGoldKg * site.workers0) / goldWorkers / 12) * random.between(1.3, 3)));
  }

  const disengagedMs = Math.min(
    ...sites.flatMap((s) => s.story.risks.filter((e) => e.module === 'M3').map((e) => s.visits[e.visit].dateMs)),
  );
  let fairmined: FairminedCertification | null = null;
  if (wantsFairmined && goldSites.length && Number.isFinite(firstMs)) {
    const certifiedMs = firstMs + random.int(180, 720) * DAY_MS;
    // A module 3 finding before certification stops it; one after suspends the certificate.
    if (certifiedMs <= context.lastMs && !(disengagedMs < certifiedMs)) {
      let suspendedMs = Number.isFinite(disengagedMs) ? disengagedMs + random.int(10, 40) * DAY_MS : Infinity;
      if (!Number.isFinite(suspendedMs) && random.chance(0.05)) suspendedMs = certifiedMs + random.int(365, 900) * DAY_MS;
      fairmined = {
        certifiedMs,
        ecological,
        model: random.chance(0.6) ? 'labelled' : 'incorporated',
        suspendedMs: suspendedMs <= context.lastMs ? suspendedMs : Infinity,
      };
      // Certified producers manage mercury and phase it out within about two years.
      for (const site of goldSites) site.mercuryStopMs = Math.min(site.mercuryStopMs, certifiedMs + 2 * YEAR_MS);
    }
  }

  for (const site of sites) {
    const roles = streamFor(context.seed, 'roles', index, site.index);
    for (const visit of site.visits) {
      const certified = fairmined !== null && fairmined.certifiedMs <= visit.dateMs && visit.dateMs < fairmined.suspendedMs;
      visit.role = roleFor(roles, visit, !(disengagedMs <= visit.dateMs), certified);
      const assessor = assessorFor(roles, context.seed, country, index, visit.role);
      visit.assessor = assessor.name;
      visit.deviceId = assessor.deviceId;
    }
  }

  return { index, code, name, country, profile, maturity, firstMs, buyer, sites, annualGoldKg, fineness, fairmined, disengagedMs };
}

/** How many producers the demo needs for at least `sites` sites: producers come whole, with one to three sites each. */
export function producersForSites(options: DemoOptions, sites: number): number {
  const context = demoContext({ ...options, producers: 1 });
  let count = 0;
  let producers = 0;
  while (count < sites) {
    count += demoProducer(context, producers).sites.length;
    producers += 1;
  }
  return producers;
}
