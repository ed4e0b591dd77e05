// Every response of the server: pages get their document language from the URL (so screen readers and browsers read
// each page in its own language), and generated text is gzipped for clients that accept it.
import type { Handle } from '@sveltejs/kit';
import { localeOfPath } from '$lib/i18n/locales.ts';
import { compressResponse } from '$lib/server/http/compress-response.ts';

export const handle: Handle = async ({ event, resolve }) => {
  const lang = localeOfPath(event.url.pathname);
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
  return compressResponse(event.request, response);
};
