import { describe, expect, it } from 'vitest';
import { LOCALES, localeOfPath, localizedPath } from './locales.ts';
import { MESSAGES } from './messages.ts';

describe('messages', () => {
  it('gives every text in every language, and never the English one by mistake', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(MESSAGES[locale]).sort()).toEqual(keys);
      for (const key of keys) expect(MESSAGES[locale][key as keyof typeof MESSAGES.en].trim()).not.toBe('');
    }
    for (const key of keys.filter((k) => k !== 'snapshot')) {
      const text = MESSAGES.en[key as keyof typeof MESSAGES.en];
      expect([key, MESSAGES.es[key as keyof typeof MESSAGES.en]]).not.toEqual([key, text]);
      expect([key, MESSAGES.fr[key as keyof typeof MESSAGES.en]]).not.toEqual([key, text]);
    }
  });
});

describe('language in the URL', () => {
  it.each([
    ['/', 'en'],
    ['/es', 'es'],
    ['/fr/reports/2025', 'fr'],
    ['/de', 'en'],
    ['/estadisticas', 'en'],
  ])('%s is read as %s', (path, locale) => {
    expect(localeOfPath(path)).toBe(locale);
  });

  it.each([
    ['/', 'es', '/es'],
    ['/es', 'en', '/'],
    ['/es', 'fr', '/fr'],
    ['/fr/reports/2025', 'es', '/es/reports/2025'],
    ['/reports/2025', 'fr', '/fr/reports/2025'],
  ])('%s in %s is %s', (path, locale, expected) => {
    expect(localizedPath(path, locale as (typeof LOCALES)[number])).toBe(expected);
  });
});
