// The open-data page: the public extract of a snapshot (the served one unless `?snapshot=` names another), with its
// dictionary, licence, citation and files, and the list of the other snapshots' extracts.
import { error } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale, localizedPath } from '$lib/i18n/locales.ts';
import { DATA_MESSAGES } from '$lib/i18n/data-messages.ts';
import { apiJson } from '$lib/reports/api-json.ts';
import type { ExtractList } from '$lib/reports/extract-types.ts';
import { fill } from '$lib/reports/format.ts';
import type { PageServerLoad } from './$types';

// A page of links and tables: nothing on it needs the browser to run code.
export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  const answer = await apiJson<ExtractList>(fetch, '/api/v1/extracts');
  if (answer.status === 'no_snapshot') return { list: null, chosen: null };
  if (answer.status !== 'ok') error(answer.status, { message: answer.message });
  const list = answer.body;
  const asked = url.searchParams.get('snapshot');
  // The public extract unless a signed-in implementer or admin asks for the restricted one.
  const tier = url.searchParams.get('tier') === 'restricted' ? 'restricted' : 'public';
  const ofTier = list.extracts.filter((e) => e.tier === tier);
  const chosen = asked ? ofTier.find((e) => e.snapshot_id === asked) : (ofTier.find((e) => e.is_served) ?? ofTier[0]);
  if (asked && !chosen) error(404, { message: fill(DATA_MESSAGES[locale].unknownSnapshot, { id: asked.slice(0, 40) }) });
  return {
    list,
    chosen: chosen ?? null,
    pageUrl: chosen ? `${url.origin}${localizedPath('/data', locale)}?snapshot=${chosen.snapshot_id}${tier === 'restricted' ? '&tier=restricted' : ''}` : null,
  };
};
