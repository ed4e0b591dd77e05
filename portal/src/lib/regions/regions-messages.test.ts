import { describe, expect, it } from 'vitest';
import { LOCALES } from '../i18n/locales.ts';
import { fill, plural, REGIONS_MESSAGES, type RegionsMessages } from '../i18n/regions-messages.ts';
import { parseProfileKey, profileHref, compareHref, pdfHref } from './paths.ts';

/** Words that are the same in a language as in English, on purpose: names, units, and words spelt alike. */
const SAME_AS_ENGLISH: Record<string, (keyof RegionsMessages)[]> = {
  es: ['mineral', 'placeInCountry', 'amwTitle', 'hectares'],
  fr: ['placeInCountry', 'sitesCount', 'sitesCountOne', 'sites', 'amwTitle', 'hectares'],
};

const marks = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the regions pages\' words', () => {
  it('exist in every language, translated, with the same {marks} to fill', () => {
    const keys = Object.keys(REGIONS_MESSAGES.en) as (keyof RegionsMessages)[];
    for (const locale of LOCALES) {
      expect(Object.keys(REGIONS_MESSAGES[locale]).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const text = REGIONS_MESSAGES[locale][key];
        expect([key, text.trim()]).not.toEqual([key, '']);
        expect([key, marks(text)]).toEqual([key, marks(REGIONS_MESSAGES.en[key])]);
        if (locale !== 'en' && !SAME_AS_ENGLISH[locale].includes(key)) expect([key, text]).not.toEqual([key, REGIONS_MESSAGES.en[key]]);
      }
    }
  });

  it('fill their marks, and leave a mark with no value as it is', () => {
    expect(fill('{stale} of the {known} sites', { stale: 3, known: '11' })).toBe('3 of the 11 sites');
    expect(fill('{n} sites, {other}', { n: 5 })).toBe('5 sites, {other}');
    expect(plural(1, 'one', 'many')).toBe('one');
    expect([0, 2, 1.5, null].map((n) => plural(n, 'one', 'many'))).toEqual(['many', 'many', 'many', 'many']);
  });
});

describe('region addresses', () => {
  it.each([
    ['CO/CO-NAR/gold', { country: 'CO', admin1: 'CO-NAR', mineral: 'gold' }],
    ['co/co-nar/gold', { country: 'CO', admin1: 'CO-NAR', mineral: 'gold' }],
    ['PE/gold', { country: 'PE', admin1: null, mineral: 'gold' }],
    ['CO/CO-NAR', { country: 'CO', admin1: 'CO-NAR', mineral: 'all' }],
    ['CO/', { country: 'CO', admin1: null, mineral: 'all' }],
    ['LR/LR-X1~/gold', { country: 'LR', admin1: 'LR-X1~', mineral: 'gold' }],
  ])('read %s as a profile', (key, expected) => {
    expect(parseProfileKey(key)).toEqual(expected);
  });

  it.each(['', 'COL/gold', 'CO/PE-MDD/gold', 'CO/CO-NAR/GOLD', 'CO/CO-NAR/gold/more', "CO/CO-NAR'--/gold", 'CO/CO NAR/gold'])(
    'refuse %j',
    (key) => {
      expect(parseProfileKey(key)).toBeUndefined();
    },
  );

  it('take a mineral from elsewhere only when the path names none', () => {
    expect(parseProfileKey('CO/CO-NAR', 'gold')?.mineral).toBe('gold');
    expect(parseProfileKey('CO/CO-NAR/silver', 'gold')?.mineral).toBe('silver');
  });

  it('write the readable address of a profile, a comparison and its PDF in each language', () => {
    const nar = { country: 'CO', admin1: 'CO-NAR', mineral: 'gold' };
    expect(profileHref(nar, 'en')).toBe('/regions/CO/CO-NAR/gold');
    expect(profileHref({ ...nar, admin1: null, mineral: 'all' }, 'es')).toBe('/es/regions/CO/all');
    expect(compareHref(nar, { country: 'PE', admin1: 'PE-MDD', mineral: 'gold' }, 'fr')).toBe('/fr/regions/compare?a=CO/CO-NAR/gold&b=PE/PE-MDD/gold');
    expect(pdfHref(profileHref(nar, 'es'))).toBe('/pdf/es/regions/CO/CO-NAR/gold');
  });
});
