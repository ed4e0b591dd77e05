import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderPlot } from './render-plot.ts';
import { trendChart, type TrendPoint } from './trend-chart.ts';

const YEARS = [2019, 2020, 2021, 2022, 2023];
const words = { withheld: 'withheld', inProgress: 'in progress' };

function chart(points: TrendPoint[], locale = 'en') {
  const markup = trendChart({ points, years: YEARS, unit: 'persons', locale, latestCompleteYear: 2022, label: 'Women working at sites', words });
  const { document } = parseHTML(`<!doctype html><html><body>${markup}</body></html>`);
  const titles = (layer: Element | undefined) => [...(layer?.children ?? [])].map((mark) => mark.querySelector('title')?.textContent);
  const [values, withheld] = [...document.querySelectorAll('g[aria-label="dot"]')];
  return { markup, document, points: titles(values), withheld: titles(withheld) };
}

describe('trendChart', () => {
  it('draws a point per figure, titled with it in the page language, and none for a withheld or missing year', () => {
    const { markup, document, points, withheld } = chart(
      [
        { year: 2019, value: null, suppressed: true, series: '' },
        { year: 2020, value: 1234, suppressed: false, series: '' },
        // 2021: nothing recorded
        { year: 2022, value: 0, suppressed: false, series: '' },
        { year: 2023, value: 1500.5, suppressed: false, series: '' },
      ],
      'fr',
    );
    const svg = document.querySelector('svg')!;
    expect(svg.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('aria-label')).toBe('Women working at sites');
    // A real zero is drawn; a withheld year is not a point but a × on the axis, over a shaded band.
    expect(points).toEqual(['2020: 1\u202f234', '2022: 0', '2023 (in progress): 1\u202f500,5']);
    expect(withheld).toEqual(['2019: withheld']);
    expect(document.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(1);
    // The year still being recorded is starred on the axis and drawn dashed from the last complete one.
    expect([...document.querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent)).toEqual([
      '2019',
      '2020',
      '2021',
      '2022',
      '2023*',
    ]);
    expect(document.querySelectorAll('g[aria-label="line"][stroke-dasharray]')).toHaveLength(1);
    expect(markup).not.toMatch(/\d\.\d{2,}/);
  });

  it('gives several series a colour each and a legend, naming the series in each point and each withheld figure', () => {
    const { markup, document, points, withheld } = chart([
      { year: 2021, value: null, suppressed: true, series: 'Peru' },
      { year: 2021, value: 0.75, suppressed: false, series: 'Colombia' },
      { year: 2022, value: 0.25, suppressed: false, series: 'Peru' },
      { year: 2022, value: 0.5, suppressed: false, series: 'Colombia' },
    ]);
    expect(markup.startsWith('<figure')).toBe(true);
    expect(markup).toContain('>Colombia</span>');
    expect(points).toEqual(['Colombia · 2021: 0.8', 'Colombia · 2022: 0.5', 'Peru · 2022: 0.3']);
    // Colombia's 2021 is shown, so the year is not shaded as a whole: only Peru's figure is marked withheld.
    expect(withheld).toEqual(['Peru · 2021: withheld']);
    expect(document.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(0);
  });
});

describe('renderPlot', () => {
  it('renders any Plot options the same twice, so a page renders the same on every request', () => {
    const options = { width: 200, height: 100, marks: [] };
    expect(renderPlot(options)).toBe(renderPlot(options));
    expect(renderPlot(options)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* class="veta-plot"/);
  });
});
