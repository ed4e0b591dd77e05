// The home page's figures, fetched from the API like any other client would (SvelteKit calls it in-process): what the
// snapshot covers, and the headline impact of the latest complete year with each metric's definition.
import { HOME_MESSAGES } from '$lib/i18n/home-messages.ts';
import { DEFAULT_LOCALE, isLocale } from '$lib/i18n/locales.ts';
import { TRENDS_MESSAGES } from '$lib/i18n/trends-messages.ts';
import type { HeadlineImpactAnswer, MetricsAnswer } from '$lib/server/api/routes/metrics-types.ts';
import type { PageServerLoad } from './$types';
import { fetchApi as api, textIn } from './trends/trends-data.server.ts';

// Nothing on the home page needs a script (its details open natively, its links are links), and the framework's
// scripts alone would weigh more than the rest of the page: it is served as HTML and CSS only, light on a slow line.
export const csr = false;

interface Summary {
  snapshot_id: string;
  built_at: string;
  figures: { sites: number; producers: number; countries: number; latest_assessment_date: string | null };
}

export const load: PageServerLoad = async ({ fetch, params }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  const [summary, headline, definitions] = await Promise.all([
    api<Summary>(fetch, '/api/v1/summary'),
    api<HeadlineImpactAnswer>(fetch, '/api/v1/summary/impact'),
    api<MetricsAnswer>(fetch, '/api/v1/metrics'),
  ]);
  const tt = TRENDS_MESSAGES[locale];
  // The page's own words, and the Trends page's words for a definition, in its language only.
  const words = {
    ...HOME_MESSAGES[locale],
    formula: tt.formula,
    formulaInEnglish: tt.formulaInEnglish,
    source: tt.source,
    unit: tt.unit,
    units: tt.units as Record<string, string>,
  };
  if (!summary || !headline || !definitions || headline.year === null) return { summary, words, impact: null };
  // Only what the page shows, in its language: the definitions of the other metrics stay on the server.
  const figures = headline.figures.map((figure) => {
    const definition = definitions.metrics.find((d) => d.metric_id === figure.metric_id)!;
    return {
      metric_id: figure.metric_id,
      title: textIn(definition.title, locale),
      unit: figure.unit,
      value: figure.value,
      previous_value: figure.previous_value,
      suppressed: figure.suppressed,
      formula: textIn(definition.formula, locale),
      formulaLang: definition.formula[locale] ? locale : 'en',
      sources: definition.sources.map((s) => s.title),
    };
  });
  return { summary, words, impact: { year: headline.year, period: headline.period, figures } };
};
