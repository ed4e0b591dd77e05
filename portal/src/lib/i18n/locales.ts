/** The portal's languages: English, Spanish and French, for users in Colombia, Peru, Burkina Faso and the DRC. */
export const LOCALES = ['en', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', fr: 'Français' };

export function isLocale(value: string | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '');
}

/** The language of a path: its first segment when that is a locale, else the default. */
export function localeOfPath(pathname: string): Locale {
  const first = pathname.split('/')[1];
  return isLocale(first) ? first : DEFAULT_LOCALE;
}

/** The same page in another language. */
export function localizedPath(pathname: string, locale: Locale): string {
  const rest = isLocale(pathname.split('/')[1]) ? pathname.replace(/^\/[^/]+/, '') : pathname;
  const path = rest === '' ? '/' : rest;
  return locale === DEFAULT_LOCALE ? path : `/${locale}${path === '/' ? '' : path}`;
}
