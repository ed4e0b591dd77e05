import { describe, expect, it } from 'vitest';
import { DATA_MESSAGES } from './data-messages.ts';
import { LOCALES } from './locales.ts';
import { REPORTS_MESSAGES } from './reports-messages.ts';

// Words that read the same in English and the other language, or are names.
const SAME = new Set(['previous', 'sourcesHeading', 'licenceHeading', 'format', 'checksum', 'type', 'table', 'producers']);

describe.each([
  ['reports', REPORTS_MESSAGES],
  ['data', DATA_MESSAGES],
] as const)('the %s messages', (_, messages) => {
  it('give every text in every language, with the same placeholders, and translate it', () => {
    const keys = Object.keys(messages.en).sort();
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const locale of LOCALES) {
      const texts = messages[locale] as Record<string, string>;
      expect(Object.keys(texts).sort()).toEqual(keys);
      for (const key of keys) {
        const english = (messages.en as Record<string, string>)[key];
        expect([locale, key, texts[key].trim() !== '']).toEqual([locale, key, true]);
        expect([locale, key, placeholders(texts[key])]).toEqual([locale, key, placeholders(english)]);
        if (locale !== 'en' && !SAME.has(key)) expect([locale, key, texts[key]]).not.toEqual([locale, key, english]);
      }
    }
  });
});
