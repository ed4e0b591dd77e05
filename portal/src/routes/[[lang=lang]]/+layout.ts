// The page language comes from the URL, so a link in Spanish stays in Spanish.
import type { LayoutLoad } from './$types';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locales.ts';
import { MESSAGES } from '$lib/i18n/messages.ts';

export const load: LayoutLoad = ({ params }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  return { locale, t: MESSAGES[locale] };
};
