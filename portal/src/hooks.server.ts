// Every response of the server: pages get their document language from the URL (so screen readers and browsers read
// each page in its own language), and generated text is gzipped for clients that accept it. The API is answered here,
// before SvelteKit resolves a route: it routes its own requests, and a kept answer costs less than SvelteKit's
// routing of it to a catch-all endpoint did.
import type { Handle } from '@sveltejs/kit';
import { localeOfPath } from '$lib/i18n/locales.ts';
import { API_BASE } from '$lib/server/api/app.ts';
import { api } from '$lib/server/api/instance.ts';
import { compressResponse } from '$lib/server/http/compress-response.ts';

export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname === API_BASE || event.url.pathname.startsWith(`${API_BASE}/`)) {
    return compressResponse(event.request, await api.fetch(event.request));
  }
  const lang = localeOfPath(event.url.pathname);
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) });
  return compressResponse(event.request, response);
};
