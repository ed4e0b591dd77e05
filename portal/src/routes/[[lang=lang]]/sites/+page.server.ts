// The sites a signed-in reader may see; the public gets a sign-in prompt (the API answers it 403).
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export interface SiteListRow {
  site_id: string;
  producer_id: string;
  site_name: string | null;
  country_code: string;
  admin1_code: string | null;
  last_assessment_date: string;
  craft_status: string | null;
  framework_version_id: string | null;
  is_stale: boolean | null;
}

export const load: PageServerLoad = async ({ fetch, url }) => {
  const query = new URLSearchParams();
  for (const key of ['country', 'admin1', 'status']) if (url.searchParams.get(key)) query.set(key, url.searchParams.get(key)!);
  const response = await fetch(`/api/v1/sites?${query}`);
  if (response.status === 403) return { sites: null };
  if (response.status === 400) error(400, { message: ((await response.json()) as { error: { message: string } }).error.message });
  if (!response.ok) error(502, { message: `the API answered ${response.status} for /api/v1/sites` });
  const body = (await response.json()) as { snapshot_id: string; sites: SiteListRow[] };
  return { sites: body.sites, snapshot_id: body.snapshot_id };
};
