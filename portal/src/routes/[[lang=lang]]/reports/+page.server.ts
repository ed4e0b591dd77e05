// The list of annual reports: the years with figures in the snapshot, and the kept snapshots a report can be built from.
import { error } from '@sveltejs/kit';
import type { ReportIndex } from '$lib/reports/report-types.ts';
import { apiJson } from '$lib/reports/api-json.ts';
import type { PageServerLoad } from './$types';

// A document, not an application: nothing on it needs the browser to run code.
export const csr = false;

export const load: PageServerLoad = async ({ fetch, url }) => {
  const snapshot = url.searchParams.get('snapshot');
  const query = snapshot ? `?${new URLSearchParams({ snapshot })}` : '';
  const index = await apiJson<ReportIndex>(fetch, `/api/v1/reports${query}`);
  if (index.status === 'no_snapshot') return { index: null };
  if (index.status !== 'ok') error(index.status, { message: index.message });
  return { index: index.body };
};
