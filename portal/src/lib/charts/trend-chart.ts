/**
 * A figure by year as a line chart, rendered on the server (`renderPlot`). A withheld figure is a gap in the line with a
 * × on the axis (over a shaded band when the chart has one series), never a zero; a year with nothing recorded is a
 * gap too. Years
 * still being recorded (after the latest complete year) are drawn dashed and their label starred, so a year in
 * progress does not read as a fall. Several series (one per country, for a share that is never added up) get a
 * colour each and a legend. Every point carries its figure as a `<title>`, the browser's tooltip.
 */
import * as Plot from '@observablehq/plot';
import { metricFormatter } from './metric-format.ts';
import { renderPlot } from './render-plot.ts';

export interface TrendPoint {
  year: number;
  /** Null when withheld or not recorded. */
  value: number | null;
  suppressed: boolean;
  /** Name of the series the point belongs to; the empty string for a chart with one series. */
  series: string;
}

export interface TrendChartOptions {
  points: readonly TrendPoint[];
  /** The x axis: every year from the first to the last shown, so a missing one is a gap. */
  years: readonly number[];
  unit: string;
  locale: string;
  /** Later years are still being recorded; null when every year is complete. */
  latestCompleteYear: number | null;
  /** The chart's accessible name. */
  label: string;
  /** Tooltip words: `withheld` for a withheld year, `inProgress` appended to a year still being recorded. */
  words: { withheld: string; inProgress: string };
  width?: number;
  height?: number;
}

/** The line colour of a single series: the portal's green, 9:1 against white. */
export const TREND_COLOUR = '#1f4d3a';
/** Colours of several series, each at least 4.5:1 against white so a thin line stays visible. */
export const SERIES_COLOURS = ['#1f4d3a', '#9c4a00', '#1d5a9e', '#8a2d7b', '#5c5c00', '#b0302a', '#00676f', '#5b4a9e', '#6b4423', '#3f3f3f'];
const WITHHELD_FILL = '#ece9df';

interface Drawn extends TrendPoint {
  partial: boolean;
}

/** The chart's SVG markup (a `<figure>` with a legend when there are several series). */
export function trendChart(options: TrendChartOptions): string {
  const { years, unit, locale, latestCompleteYear: complete, words } = options;
  const full = metricFormatter(unit, locale);
  const tick = metricFormatter(unit, locale, 'compact');
  const isPartial = (year: number) => complete !== null && year > complete;
  const names = [...new Set(options.points.map((p) => p.series))].sort((a, b) => a.localeCompare(b, locale));
  const byKey = new Map(options.points.map((p) => [`${p.series}|${p.year}`, p]));
  // Every year of every series, so that Plot breaks the line where a figure is missing.
  const drawn: Drawn[] = names.flatMap((series) =>
    years.map((year) => ({ ...(byKey.get(`${series}|${year}`) ?? { year, value: null, suppressed: false, series }), partial: isPartial(year) })),
  );
  const values = drawn.flatMap((p) => (p.value === null ? [] : [p.value]));
  const y = Plot.scale({ y: { domain: [Math.min(0, ...values), Math.max(0, ...values) || 1], nice: true } });
  const [low, high] = y.domain as [number, number];
  const several = names.length > 1;
  // One × per withheld figure; with a single series its whole year is shaded too (with several, others may show).
  const withheld = drawn
    .filter((p) => p.suppressed)
    .map((p) => ({ year: p.year, series: p.series, title: `${p.series ? `${p.series} · ` : ''}${p.year}: ${words.withheld}` }));
  const line = (data: Drawn[], dashed: boolean) =>
    Plot.lineY(data, {
      x: 'year',
      y: 'value',
      z: 'series',
      stroke: several ? 'series' : TREND_COLOUR,
      strokeWidth: 2,
      strokeDasharray: dashed ? '4,3' : undefined,
    });
  const title = (p: Drawn) => `${p.series ? `${p.series} · ` : ''}${p.year}${p.partial ? ` (${words.inProgress})` : ''}: ${full(p.value!)}`;
  return renderPlot({
    width: options.width ?? 400,
    height: options.height ?? 200,
    // Room for the longest tick label ("800 mil US$"): about 6 px a character at Plot's 10 px font.
    marginLeft: Math.max(36, ...[low, high, (low + high) / 2].map((v) => tick(v).length * 6 + 14)),
    marginRight: 16,
    ariaLabel: options.label,
    x: { type: 'band', domain: years, label: null, tickFormat: (year: number) => (isPartial(year) ? `${year}*` : String(year)) },
    y: { domain: [low, high], grid: true, label: null, ticks: 4, tickFormat: tick },
    color: several ? { domain: names, range: SERIES_COLOURS, legend: true } : undefined,
    marks: [
      Plot.barY(several ? [] : withheld, { x: 'year', y1: low, y2: high, fill: WITHHELD_FILL }),
      Plot.ruleY([0], { stroke: '#8a8f88' }),
      line(drawn.filter((p) => !p.partial), false),
      // The dashed stretch starts at the latest complete year, so it joins the solid one.
      line(
        drawn.filter((p) => p.partial || p.year === complete),
        true,
      ),
      Plot.dot(
        drawn.filter((p) => p.value !== null),
        { x: 'year', y: 'value', r: 3.5, fill: several ? 'series' : TREND_COLOUR, stroke: 'white', title },
      ),
      Plot.dot(withheld, { x: 'year', y: low, symbol: 'times', r: 4, stroke: several ? 'series' : '#5f665f', strokeWidth: 1.5, title: 'title' }),
    ],
  });
}
