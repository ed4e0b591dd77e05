// The page language comes from the URL, so a link in Spanish stays in Spanish; who is reading comes from the server.
import type { LayoutLoad } from './$types';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locales.ts';
import { ACCESS_MESSAGES } from '$lib/i18n/access-messages.ts';
import { MESSAGES } from '$lib/i18n/messages.ts';

export const load: LayoutLoad = ({ params, data }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  return { ...data, locale, t: MESSAGES[locale], ta: ACCESS_MESSAGES[locale] };
};
