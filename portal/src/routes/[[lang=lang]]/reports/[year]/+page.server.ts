// The annual report of a year: its figures from the API (in the page's language), its charts drawn here as SVG, and
// the stories of change ARM wrote for it.
import { error } from '@sveltejs/kit';
import { DEFAULT_LOCALE, isLocale, localizedPath } from '$lib/i18n/locales.ts';
import { apiJson } from '$lib/reports/api-json.ts';
import { reportCharts } from '$lib/reports/report-charts.server.ts';
import type { Report } from '$lib/reports/report-types.ts';
import { storyOf } from '$lib/reports/stories.ts';
import type { PageServerLoad } from './$types';

// A document for reading and printing: the charts are SVG drawn on the server, and nothing needs the browser to run.
export const csr = false;

export const load: PageServerLoad = async ({ fetch, params, url }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  if (!/^\d{4}$/.test(params.year)) error(404, { message: `no annual report for "${params.year}": a year is four digits` });
  const snapshot = url.searchParams.get('snapshot');
  const query = new URLSearchParams({ lang: locale, ...(snapshot ? { snapshot } : {}) });
  const answer = await apiJson<Report>(fetch, `/api/v1/reports/${params.year}?${query}`);
  if (answer.status === 'no_snapshot') return { report: null };
  if (answer.status !== 'ok') error(answer.status, { message: answer.message });
  const report = answer.body;
  const named = snapshot ? `?${new URLSearchParams({ snapshot })}` : '';
  return {
    report,
    charts: reportCharts(report, locale),
    story: storyOf(report.year, locale),
    pdfHref: `/pdf${localizedPath(`/reports/${report.year}`, locale)}${named}`,
    apiHref: `/api/v1/reports/${report.year}?${query}`,
    indexHref: `${localizedPath('/reports', locale)}${named}`,
    pageUrl: `${url.origin}${url.pathname}${named}`,
  };
};
