// The Trends page: the chosen topic's metrics by year, each drawn here as an SVG chart (so it is in the HTML before any
// script runs), with its definition, its figures for the data table and the link to its CSV.
import { trendChart } from '$lib/charts/trend-chart.ts';
import { DEFAULT_LOCALE, isLocale, localizedPath } from '$lib/i18n/locales.ts';
import { TRENDS_MESSAGES } from '$lib/i18n/trends-messages.ts';
import type { PageServerLoad } from './$types';
import { loadTrends, NothingPublished, seriesName, textIn, trendsSearch } from './trends-data.server.ts';

function yearsBetween(first: number | null, last: number | null): number[] {
  if (first === null || last === null) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export const load: PageServerLoad = async ({ fetch, url, params }) => {
  const locale = isLocale(params.lang) ? params.lang : DEFAULT_LOCALE;
  const tt = TRENDS_MESSAGES[locale];
  let data;
  try {
    data = await loadTrends(fetch, url);
  } catch (failure) {
    if (failure instanceof NothingPublished) return { trends: null };
    throw failure;
  }
  const { query, topics, definitions, places, series } = data;
  const years = yearsBetween(places.years.first, places.years.last);
  const charts = series.metrics.map((metric) => {
    const definition = definitions.find((d) => d.metric_id === metric.metric_id)!;
    const byCountry = metric.breakdown === 'by_country';
    const title = textIn(definition.title, locale);
    const rows = series.series
      .filter((row) => row.metric_id === metric.metric_id)
      .map((row) => ({
        series: seriesName(row, places, locale, byCountry),
        year: row.year,
        value: row.value,
        suppressed: row.suppressed,
        sites_count: row.sites_count,
        producers_count: row.producers_count,
      }));
    return {
      metric_id: metric.metric_id,
      title,
      unit: definition.unit,
      breakdown: metric.breakdown,
      formula: textIn(definition.formula, locale),
      formulaLang: definition.formula[locale] ? locale : 'en',
      sources: definition.sources.map((s) => ({ title: s.title, url: s.url })),
      sourceTables: definition.source_tables,
      confidence: definition.confidence,
      svg: rows.length
        ? trendChart({
            points: rows,
            years,
            unit: definition.unit,
            locale,
            latestCompleteYear: series.period.latest_complete_year,
            label: title,
            words: { withheld: tt.withheldShort, inProgress: tt.inProgress },
          })
        : null,
      rows,
      csv: `${localizedPath('/trends/series.csv', locale)}${trendsSearch({ ...query, topic: undefined, metric: metric.metric_id })}`,
    };
  });
  return {
    trends: {
      query,
      topics: topics.map((topic) => ({ topic, label: (tt.themes as Record<string, string>)[topic] ?? topic })),
      countries: places.countries
        .map((c) => ({ code: c.country_code, name: textIn(c.name, locale) }))
        .sort((a, b) => a.name.localeCompare(b.name, locale)),
      minerals: places.minerals.map((m) => ({ code: m.mineral, label: m.mineral === 'all' ? tt.allMinerals : textIn(m.label, locale) || m.mineral })),
      charts,
      period: series.period,
      minCount: series.min_count,
      lastYear: places.years.last,
      snapshot: { snapshot_id: series.snapshot_id, built_at: series.built_at },
    },
  };
};
