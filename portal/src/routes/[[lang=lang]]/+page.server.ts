// The home page's figures, fetched from the API like any other client would (SvelteKit calls it in-process).
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

interface Summary {
  snapshot_id: string;
  built_at: string;
  figures: { sites: number; producers: number; countries: number; latest_assessment_date: string | null };
}

export const load: PageServerLoad = async ({ fetch }) => {
  const response = await fetch('/api/v1/summary');
  if (response.status === 503) return { summary: null };
  if (!response.ok) error(502, { message: `the API answered ${response.status} for /api/v1/summary` });
  return { summary: (await response.json()) as Summary };
};
