/**
 * The trend of CRAFT statuses as a server-rendered SVG (Observable Plot, through renderPlot): one 100 % bar per
 * year, stacked by status from the most severe up; a withheld year is a pale bar marked with a dash. Pure: the rows
 * and labels go in, SVG text comes out, and the page prints it with a table of the same figures beside it.
 */
import * as Plot from '@observablehq/plot';
import { renderPlot } from '../charts/render-plot.ts';
import type { StatusShare, TrendYear } from './types.ts';
import { statusColour } from './status-colours.ts';

export interface TrendChartLabels {
  /** Accessible name of the chart. */
  title: string;
  /** The status titles, by code, in the page's language. */
  statusTitle: (status: StatusShare) => string;
  /** Percent format of the page's language. */
  share: (share: number) => string;
}

const WITHHELD_FILL = '#e8e6df';

export function trendChartSvg(trend: TrendYear[], statuses: StatusShare[], labels: TrendChartLabels): string {
  if (!trend.length) return '';
  const order = [...statuses].sort((a, b) => a.severity - b.severity);
  const years = trend.map((y) => `${y.year}${y.is_partial ? '*' : ''}`);
  const yearOf = (y: TrendYear) => years[trend.indexOf(y)];
  const rows = trend.flatMap((y) =>
    y.shares ? order.map((s) => ({ year: yearOf(y), status: labels.statusTitle(s), share: y.shares![s.craft_status] ?? 0 })) : [],
  );
  const withheld = trend.filter((y) => y.suppressed).map((y) => ({ year: yearOf(y), share: 1 }));
  return renderPlot({
    ariaLabel: labels.title,
    width: Math.max(320, Math.min(640, 120 + trend.length * 64)),
    height: 240,
    marginLeft: 48,
    style: { fontSize: '12px', fontFamily: 'inherit', color: '#1d2521', background: 'transparent' },
    x: { domain: years, label: null, padding: 0.25 },
    y: { domain: [0, 1], label: null, tickFormat: (d: number) => labels.share(d), ticks: 5 },
    color: { domain: order.map(labels.statusTitle), range: order.map((s) => statusColour(s.severity)) },
    marks: [
      Plot.barY(withheld, { x: 'year', y: 'share', fill: WITHHELD_FILL }),
      Plot.text(withheld, { x: 'year', y: 0.5, text: () => '—', fontSize: 16, fill: '#4b5a53' }),
      Plot.barY(rows, { x: 'year', y: 'share', fill: 'status', order: order.map(labels.statusTitle), title: (d) => `${d.year} ${d.status}: ${labels.share(d.share)}` }),
      Plot.ruleY([0]),
    ],
  });
}
