/**
 * The annual report's charts, drawn on the server with the portal's Plot renderer ($lib/charts/render-plot.ts) and
 * sent as SVG markup: the report needs no chart code in the browser, prints as it shows, and the PDF gets the same
 * drawing. Each chart has a data table beside it on the page; the SVG is named for screen readers.
 */
import * as Plot from '@observablehq/plot';
import { metricFormatter } from '../charts/metric-format.ts';
import { renderPlot } from '../charts/render-plot.ts';
import type { Locale } from '../i18n/locales.ts';
import { REPORTS_MESSAGES } from '../i18n/reports-messages.ts';
import { fill } from './format.ts';
import type { Report, ChartWithLegend } from './report-types.ts';

const WIDTH = 640;
const INK = '#1d2521';
const GREEN = '#1f4d3a';
const LIGHT_GREEN = '#9cc3a8';

/** Colours of the CRAFT statuses, from the most severe to engage (presentation only: what they mean is in the catalogue). */
const STATUS_COLOURS: Record<string, string> = {
  disengage: '#5b0f2e',
  suspend: '#d95f02',
  mitigate: '#fdb863',
  not_eligible: '#8c8c8c',
  engage: '#2166ac',
};

/** The SVG markup of a plot, as an image named by the chart's title. */
function render(options: Plot.PlotOptions, label: string): string {
  const markup = renderPlot({ ...options, ariaLabel: label, width: options.width ?? WIDTH, style: { color: INK, fontSize: '11px' } });
  return markup.replace(/^<svg /, '<svg role="img" ');
}

/** Workers by year: all of them, with the women among them drawn inside the same bar. */
export function workforceChart(
  rows: { year: number; total: number | null; women: number | null }[],
  { locale, label, totalLabel, womenLabel }: { locale: Locale; label: string; totalLabel: string; womenLabel: string },
): ChartWithLegend {
  const drawn = rows.filter((r) => r.total !== null);
  const svg = render(
    {
      height: 220,
      marginLeft: 48,
      x: { type: 'band', label: null, tickFormat: (y: number) => String(y) },
      y: { grid: true, label: null, tickFormat: metricFormatter('persons', locale, 'compact') },
      marks: [
        Plot.barY(drawn, { x: 'year', y: 'total', fill: LIGHT_GREEN }),
        Plot.barY(
          drawn.filter((r) => r.women !== null),
          { x: 'year', y: 'women', fill: GREEN, insetLeft: 8, insetRight: 8 },
        ),
        Plot.ruleY([0]),
      ],
    },
    label,
  );
  return { svg, legend: [{ title: totalLabel, colour: LIGHT_GREEN }, { title: womenLabel, colour: GREEN }] };
}

/** One value per country, as horizontal bars with the value written at the end. */
export function countryBarsChart(
  rows: { name: string; value: number }[],
  { locale, label, percent = false }: { locale: Locale; label: string; percent?: boolean },
): string {
  const format = metricFormatter(percent ? 'share (0 to 1)' : 'sites', locale);
  const longest = Math.max(8, ...rows.map((r) => r.name.length));
  return render(
    {
      height: 24 * rows.length + 40,
      marginLeft: Math.min(220, longest * 6.2 + 12),
      marginRight: 56,
      x: { label: null, grid: true, tickFormat: percent ? format : metricFormatter('sites', locale, 'compact'), ...(percent ? { domain: [0, 1] } : {}) },
      y: { label: null, domain: rows.map((r) => r.name) },
      marks: [
        Plot.barX(rows, { x: 'value', y: 'name', fill: GREEN }),
        Plot.text(rows, { x: 'value', y: 'name', text: (r: { value: number }) => format(r.value), textAnchor: 'start', dx: 4, fill: INK }),
        Plot.ruleX([0]),
      ],
    },
    label,
  );
}

/** Shares of the sites at each CRAFT status, stacked per country, most severe first; the legend is for the page to write. */
export function craftSharesChart(
  rows: { name: string; craft_status: string; share: number }[],
  statuses: { craft_status: string; title: string; severity: number }[],
  { locale, label }: { locale: Locale; label: string },
): ChartWithLegend {
  const names = [...new Set(rows.map((r) => r.name))];
  const longest = Math.max(8, ...names.map((n) => n.length));
  const percent = metricFormatter('share (0 to 1)', locale);
  const colour = (status: string) => STATUS_COLOURS[status] ?? '#bababa';
  const severity = new Map(statuses.map((s) => [s.craft_status, s.severity]));
  const svg = render(
    {
      height: 24 * names.length + 40,
      marginLeft: Math.min(220, longest * 6.2 + 12),
      marginRight: 16,
      x: { label: null, domain: [0, 1], tickFormat: percent },
      y: { label: null, domain: names },
      color: { domain: statuses.map((s) => s.craft_status), range: statuses.map((s) => colour(s.craft_status)) },
      marks: [
        Plot.barX(
          rows,
          Plot.stackX({ x: 'share', y: 'name', fill: 'craft_status', order: (r: { craft_status: string }) => severity.get(r.craft_status) ?? 0 }),
        ),
        Plot.ruleX([0]),
      ],
    },
    label,
  );
  return { svg, legend: statuses.map((s) => ({ title: s.title, colour: colour(s.craft_status) })) };
}

/** The report's charts, labelled in its language: workforce by year, sites by country, CRAFT statuses, Fairmined share. */
export function reportCharts(report: Report, locale: Locale) {
  const t = REPORTS_MESSAGES[locale];
  const at = (metric: string, year: number) => report.trend.find((r) => r.metric_id === metric && r.year === year)?.value ?? null;
  const years = [...new Set(report.trend.map((r) => r.year))].sort((a, b) => a - b);
  const shownCountries = report.countries.filter((c) => !c.withheld);
  const sites = shownCountries
    .filter((c) => c.sites_assessed !== null)
    .map((c) => ({ name: c.name, value: c.sites_assessed as number }))
    .sort((a, b) => b.value - a.value);
  const fairmined = shownCountries
    .map((c) => ({ name: c.name, value: c.values['production.fairmined_share']?.value ?? null }))
    .filter((c): c is { name: string; value: number } => c.value !== null)
    .sort((a, b) => b.value - a.value);
  const craftRows = report.craft.countries
    .filter((c) => !c.withheld)
    .flatMap((c) => report.craft.statuses.map((s) => ({ name: c.name, craft_status: s.craft_status, share: c.shares[s.craft_status] ?? 0 })));
  return {
    workforce: workforceChart(
      years.map((year) => ({ year, total: at('workers.total', year), women: at('workers.women', year) })),
      { locale, label: t.trendTitle, totalLabel: t.trendTotal, womenLabel: t.trendWomen },
    ),
    sites: sites.length ? countryBarsChart(sites, { locale, label: fill(t.sitesChartTitle, { year: report.year }) }) : null,
    craft: craftRows.length ? craftSharesChart(craftRows, report.craft.statuses, { locale, label: t.craftChartTitle }) : null,
    fairmined: fairmined.length
      ? countryBarsChart(fairmined, { locale, label: fill(t.fairminedChartTitle, { year: report.year }), percent: true })
      : null,
  };
}

export type ReportCharts = ReturnType<typeof reportCharts>;
