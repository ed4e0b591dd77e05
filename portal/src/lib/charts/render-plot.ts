/**
 * Observable Plot charts rendered on the server: `renderPlot(options)` gives the markup of a chart (an `<svg>`, or a
 * `<figure>` when the chart has a legend, title or caption) to put in the page as it is, so a chart is there before
 * any script runs and the browser downloads no charting code. Server-only: it builds the chart in a linkedom
 * document. Any area of the portal can use it with its own Plot options.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** The class Plot gives a chart's root and its scoped styles, fixed so a page's charts share one and render the same twice. */
export const PLOT_CLASS = 'veta-plot';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Coordinates as Plot computes them carry up to 15 decimals; a tenth of a pixel is finer than any screen draws, and
 * rounding to it makes a chart about a third lighter. Only numbers inside attribute values are touched, never text.
 */
function roundCoordinates(markup: string): string {
  return markup.replace(/="([^"]*)"/g, (attribute, value: string) =>
    /\d\.\d{2,}/.test(value) ? `="${value.replace(/-?\d+\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10))}"` : attribute,
  );
}

/** Renders `options` with Plot and returns the chart's markup. `document` is supplied here and must not be given. */
export function renderPlot(options: Omit<Plot.PlotOptions, 'document'>): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const chart = Plot.plot({ className: PLOT_CLASS, ...options, document: document as unknown as Document });
  // Neither linkedom nor Plot writes the namespace; without it the markup is no SVG once saved as a file.
  for (const svg of [chart, ...chart.querySelectorAll('svg')]) if (svg.tagName.toLowerCase() === 'svg') svg.setAttribute('xmlns', SVG_NS);
  // Plot names each mark's group ("bar", "x-axis") with aria-label, which ARIA allows only on an element with a role:
  // the SVG mapping gives a named <g> the group role, and saying so makes every browser and checker read it alike.
  for (const group of chart.querySelectorAll('g[aria-label]:not([role])')) group.setAttribute('role', 'group');
  return roundCoordinates(chart.outerHTML);
}
