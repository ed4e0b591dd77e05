import { describe, expect, it } from 'vitest';
import { HOME_MESSAGES } from './home-messages.ts';
import { LOCALES } from './locales.ts';
import { fill, TRENDS_MESSAGES } from './trends-messages.ts';

/** Every text of a messages object, by its path (`themes.mercury`). */
function texts(messages: object, prefix = ''): Map<string, string> {
  return new Map(
    Object.entries(messages).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : [...texts(value as object, `${prefix}${key}.`)],
    ),
  );
}

describe.each([
  ['Trends', TRENDS_MESSAGES],
  ['home', HOME_MESSAGES],
])('%s messages', (_, messages) => {
  it('give every text in every language, with the same placeholders as the English', () => {
    const english = texts(messages.en);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const locale of LOCALES) {
      const translated = texts(messages[locale]);
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of translated) {
        expect([key, text.trim()]).not.toEqual([key, '']);
        expect([key, placeholders(text)]).toEqual([key, placeholders(english.get(key)!)]);
      }
    }
  });

  it('are translated, not copied: most Spanish and French texts differ from the English', () => {
    const english = texts(messages.en);
    for (const locale of ['es', 'fr'] as const) {
      const same = [...texts(messages[locale])].filter(([key, text]) => text === english.get(key)).map(([key]) => key);
      // Words spelled alike in both languages (Mineral, Formalisation, Incidents, Source…) are few.
      expect(same.length).toBeLessThan(english.size / 8);
    }
  });
});

describe('fill', () => {
  it('puts values in their placeholders and leaves unknown ones as they are', () => {
    expect(fill('{year}: {value} ({other})', { year: 2025, value: '1 234' })).toBe('2025: 1 234 ({other})');
  });
});
