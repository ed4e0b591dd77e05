/**
 * A page's call to the API (SvelteKit's in-process fetch), with its answer sorted into what a page does with it:
 * the figures, "nothing published yet" (the page says so), or an error status and message to show.
 */
export type ApiAnswer<T> =
  | { status: 'ok'; body: T }
  | { status: 'no_snapshot' }
  | { status: 400 | 404 | 502; message: string };

export async function apiJson<T>(fetch: typeof globalThis.fetch, path: string): Promise<ApiAnswer<T>> {
  const response = await fetch(path);
  if (response.ok) return { status: 'ok', body: (await response.json()) as T };
  if (response.status === 503) return { status: 'no_snapshot' };
  const message = await response
    .json()
    .then((body: { error?: { message?: string } }) => body.error?.message)
    .catch(() => undefined);
  if (response.status === 400 || response.status === 404) return { status: response.status, message: message ?? 'not found' };
  return { status: 502, message: `the API answered ${response.status} for ${path.split('?')[0]}` };
}
