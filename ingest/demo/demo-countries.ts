/**
 * What the demo assumes about artisanal mining in each of its nine countries: language, clock, how many producers,
 * how common mercury, cyanide, child labour, formalisation processes and Annex II risks are, and per admin-1 unit the
 * kind of sites and minerals. These are plausible orders of magnitude for a demo, not statistics: they shape the data
 * so that the portal shows the patterns field teams report (3T in the Kivus, silver in Potosí, tanzanite in Manyara,
 * placer gold without mercury in Mongolia, armed groups and illegal taxation in the DRC, Colombia and Burkina Faso).
 */

export type DemoCountry = 'CO' | 'PE' | 'BO' | 'EC' | 'BF' | 'GH' | 'CD' | 'TZ' | 'MN';
export type DemoLanguage = 'es' | 'fr' | 'en';
export type SiteType = 'underground' | 'open_pit' | 'alluvial' | 'processing';

export interface CountryProfile {
  language: DemoLanguage;
  /** UTC offset of the units the demo uses (the DRC's eastern provinces are on UTC+2). */
  utcOffset: string;
  /** Relative number of producers. */
  producerWeight: number;
  /** Share of gold sites amalgamating with mercury when they join. */
  mercury: number;
  cyanide: number;
  /** Share of sites with workers under 18 when they join. */
  underAge: number;
  /** Share of sites still in a formalisation process when they join. */
  formalising: number;
  /** Chance that a site has one module 3 finding in its history, and which requirement it concerns. */
  m3Risk: number;
  m3Keys: Readonly<Record<string, number>>;
  /** Chance that a site has a module 4 risk identified, and which requirement it concerns. */
  m4Risk: number;
  m4Keys: Readonly<Record<string, number>>;
  /** Share of producers that become Fairmined certified, and of those, Ecological Gold. */
  fairmined: number;
  ecological: number;
  /** Fineness of the doré or sponge gold sold. */
  fineness: readonly [number, number];
}

const CHILD_LABOUR_MAINLY = { 'M3-3': 3, 'M3-2': 1 };
const TAXES_MAINLY = { 'M4-4': 3, 'M4-5': 2, 'M4-2': 1 };

export const COUNTRIES: Readonly<Record<DemoCountry, CountryProfile>> = {
  CO: {
    language: 'es', utcOffset: '-05:00', producerWeight: 22, mercury: 0.8, cyanide: 0.25, underAge: 0.15, formalising: 0.3,
    m3Risk: 0.025, m3Keys: { 'M3-6': 3, 'M3-3': 2, 'M3-2': 1 }, m4Risk: 0.25, m4Keys: { 'M4-1': 3, 'M4-4': 2, 'M4-3': 2, 'M4-2': 1 },
    fairmined: 0.4, ecological: 0.35, fineness: [0.85, 0.93],
  },
  PE: {
    language: 'es', utcOffset: '-05:00', producerWeight: 20, mercury: 0.9, cyanide: 0.3, underAge: 0.2, formalising: 0.45,
    m3Risk: 0.025, m3Keys: { 'M3-3': 3, 'M3-2': 2 }, m4Risk: 0.15, m4Keys: { 'M4-2': 2, 'M4-3': 2, 'M4-4': 2 },
    fairmined: 0.35, ecological: 0.1, fineness: [0.88, 0.94],
  },
  BO: {
    language: 'es', utcOffset: '-04:00', producerWeight: 9, mercury: 0.85, cyanide: 0.1, underAge: 0.2, formalising: 0.15,
    m3Risk: 0.015, m3Keys: CHILD_LABOUR_MAINLY, m4Risk: 0.08, m4Keys: TAXES_MAINLY,
    fairmined: 0.4, ecological: 0.1, fineness: [0.86, 0.93],
  },
  EC: {
    language: 'es', utcOffset: '-05:00', producerWeight: 9, mercury: 0.75, cyanide: 0.4, underAge: 0.1, formalising: 0.25,
    m3Risk: 0.015, m3Keys: CHILD_LABOUR_MAINLY, m4Risk: 0.1, m4Keys: { 'M4-4': 2, 'M4-2': 1, 'M4-5': 1 },
    fairmined: 0.3, ecological: 0.1, fineness: [0.85, 0.92],
  },
  BF: {
    language: 'fr', utcOffset: '+00:00', producerWeight: 16, mercury: 0.9, cyanide: 0.2, underAge: 0.45, formalising: 0.3,
    m3Risk: 0.025, m3Keys: { 'M3-3': 4, 'M3-6': 1, 'M3-2': 1 }, m4Risk: 0.25, m4Keys: { 'M4-4': 4, 'M4-1': 3, 'M4-2': 1 },
    fairmined: 0, ecological: 0, fineness: [0.8, 0.9],
  },
  GH: {
    language: 'en', utcOffset: '+00:00', producerWeight: 9, mercury: 0.85, cyanide: 0.1, underAge: 0.3, formalising: 0.25,
    m3Risk: 0.02, m3Keys: CHILD_LABOUR_MAINLY, m4Risk: 0.15, m4Keys: { 'M4-2': 2, 'M4-4': 2, 'M4-1': 1 },
    fairmined: 0.05, ecological: 0, fineness: [0.86, 0.93],
  },
  CD: {
    language: 'fr', utcOffset: '+02:00', producerWeight: 20, mercury: 0.6, cyanide: 0.02, underAge: 0.4, formalising: 0.3,
    m3Risk: 0.04, m3Keys: { 'M3-6': 6, 'M3-3': 3, 'M3-2': 1 }, m4Risk: 0.35, m4Keys: { 'M4-1': 5, 'M4-4': 4, 'M4-2': 2 },
    fairmined: 0, ecological: 0, fineness: [0.8, 0.92],
  },
  TZ: {
    language: 'en', utcOffset: '+03:00', producerWeight: 9, mercury: 0.85, cyanide: 0.15, underAge: 0.35, formalising: 0.2,
    m3Risk: 0.02, m3Keys: CHILD_LABOUR_MAINLY, m4Risk: 0.1, m4Keys: TAXES_MAINLY,
    fairmined: 0.1, ecological: 0, fineness: [0.85, 0.93],
  },
  MN: {
    language: 'en', utcOffset: '+08:00', producerWeight: 6, mercury: 0.1, cyanide: 0, underAge: 0.1, formalising: 0.2,
    m3Risk: 0.01, m3Keys: CHILD_LABOUR_MAINLY, m4Risk: 0.05, m4Keys: TAXES_MAINLY,
    fairmined: 0.6, ecological: 1, fineness: [0.9, 0.96],
  },
};

export interface UnitProfile {
  siteTypes: Readonly<Record<SiteType, number>>;
  /** Rough elevation band of the unit's mining areas, metres. */
  altitude: readonly [number, number];
  /** Minerals mined with (or instead of) gold, with the share of sites that have each. */
  minerals?: Readonly<Record<string, number>>;
  /** Share of sites that mine no gold at all (3T-only pits, gemstone mines). */
  goldFree?: number;
}

const types = (underground: number, open_pit: number, alluvial: number, processing: number) => ({
  underground,
  open_pit,
  alluvial,
  processing,
});
const KIVU_3T = { tin: 0.4, tantalum: 0.3, tungsten: 0.12 };

export const UNITS: Readonly<Record<string, UnitProfile>> = {
  'CO-ANT': { siteTypes: types(4, 2, 3, 1), altitude: [80, 1800] },
  'CO-NAR': { siteTypes: types(6, 1, 2, 1), altitude: [50, 2400] },
  'CO-CAU': { siteTypes: types(4, 1, 4, 1), altitude: [50, 2200] },
  'CO-CHO': { siteTypes: types(0, 1, 8, 1), altitude: [30, 400] },
  'CO-BOL': { siteTypes: types(5, 2, 2, 1), altitude: [50, 1200] },
  'PE-MDD': { siteTypes: types(0, 1, 9, 0), altitude: [180, 350] },
  'PE-PUN': { siteTypes: types(8, 1, 1, 1), altitude: [3800, 5100], minerals: { silver: 0.1 } },
  'PE-ARE': { siteTypes: types(7, 1, 0, 2), altitude: [300, 3500], minerals: { silver: 0.15 } },
  'PE-LAL': { siteTypes: types(8, 1, 0, 1), altitude: [2500, 4000], minerals: { silver: 0.15 } },
  'BO-L': { siteTypes: types(4, 1, 5, 1), altitude: [450, 4200] },
  'BO-P': { siteTypes: types(8, 1, 0, 1), altitude: [3600, 4600], minerals: { silver: 0.6, tin: 0.2 } },
  'BO-O': { siteTypes: types(8, 1, 0, 1), altitude: [3700, 4200], minerals: { tin: 0.5, silver: 0.3 } },
  'EC-Z': { siteTypes: types(6, 1, 2, 2), altitude: [800, 2000] },
  'EC-E': { siteTypes: types(0, 1, 9, 0), altitude: [10, 300] },
  'EC-O': { siteTypes: types(6, 1, 0, 3), altitude: [600, 1500], minerals: { silver: 0.1 } },
  'EC-A': { siteTypes: types(6, 1, 1, 2), altitude: [100, 1500], minerals: { copper: 0.1 } },
  'BF-PON': { siteTypes: types(4, 4, 1, 2), altitude: [250, 400] },
  'BF-GAN': { siteTypes: types(4, 4, 1, 2), altitude: [250, 350] },
  'BF-SOM': { siteTypes: types(4, 4, 0, 2), altitude: [270, 380] },
  'BF-COM': { siteTypes: types(4, 4, 1, 2), altitude: [250, 450] },
  'GH-AH': { siteTypes: types(2, 3, 4, 1), altitude: [150, 350] },
  'GH-WP': { siteTypes: types(2, 3, 5, 1), altitude: [50, 300] },
  'GH-EP': { siteTypes: types(1, 3, 5, 1), altitude: [150, 600] },
  'CD-SK': { siteTypes: types(3, 4, 3, 1), altitude: [900, 2200], minerals: KIVU_3T, goldFree: 0.3 },
  'CD-NK': { siteTypes: types(3, 5, 2, 1), altitude: [600, 2100], minerals: KIVU_3T, goldFree: 0.35 },
  'CD-MA': { siteTypes: types(2, 4, 4, 1), altitude: [450, 900], minerals: { tin: 0.45, tantalum: 0.2 }, goldFree: 0.25 },
  'CD-OR': { siteTypes: types(3, 3, 4, 1), altitude: [500, 1400] },
  'TZ-27': { siteTypes: types(6, 3, 1, 2), altitude: [1100, 1300] },
  'TZ-18': { siteTypes: types(4, 4, 1, 2), altitude: [1130, 1300] },
  'TZ-13': { siteTypes: types(5, 4, 1, 2), altitude: [1150, 1600] },
  'TZ-14': { siteTypes: types(5, 3, 2, 1), altitude: [1200, 1800], minerals: { coloured_gemstones: 0.1 } },
  'TZ-26': { siteTypes: types(8, 2, 0, 1), altitude: [1000, 1800], minerals: { coloured_gemstones: 0.9 }, goldFree: 0.85 },
  'MN-049': { siteTypes: types(0, 3, 7, 1), altitude: [600, 1200] },
  'MN-041': { siteTypes: types(1, 3, 6, 1), altitude: [1600, 2200] },
  'MN-047': { siteTypes: types(0, 3, 7, 1), altitude: [1000, 1600] },
  'MN-055': { siteTypes: types(1, 3, 6, 1), altitude: [1400, 2500] },
  'MN-067': { siteTypes: types(0, 3, 7, 1), altitude: [900, 1600] },
};

/** Countries in the order producers are dealt out. */
export const DEMO_COUNTRIES: readonly DemoCountry[] = Object.keys(COUNTRIES) as DemoCountry[];
