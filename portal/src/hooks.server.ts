// Sets the document language from the URL, so screen readers and browsers read each page in its own language.
import type { Handle } from '@sveltejs/kit';
import { localeOfPath } from '$lib/i18n/locales.ts';

export const handle: Handle = ({ event, resolve }) => {
  const lang = localeOfPath(event.url.pathname);
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
};
