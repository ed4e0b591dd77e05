/**
 * How the region pages ask the API (SvelteKit's `fetch`, in-process on the server): the answer, null when no
 * snapshot is published yet, or the API's own 400/404 as the page's error with its message.
 */
import { error } from '@sveltejs/kit';

type Fetch = typeof fetch;

export async function fetchApi<T>(fetch: Fetch, path: string): Promise<T | null> {
  const response = await fetch(path);
  if (response.status === 503) return null;
  if (response.status === 400 || response.status === 404) {
    const body = (await response.json()) as { error?: { message?: string } };
    error(response.status, { message: body.error?.message ?? `the API answered ${response.status}` });
  }
  if (!response.ok) error(502, { message: `the API answered ${response.status} for ${path}` });
  return (await response.json()) as T;
}
