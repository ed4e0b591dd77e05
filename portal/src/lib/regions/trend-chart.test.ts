import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { statusColour } from './status-colours.ts';
import { trendChartSvg } from './trend-chart.ts';
import type { StatusShare, TrendYear } from './types.ts';

const status = (craft_status: string, severity: number): StatusShare => ({
  craft_status,
  severity,
  title: { en: craft_status.toUpperCase(), es: craft_status, fr: craft_status },
  share: null,
});
const STATUSES = [status('disengage', 1), status('mitigate', 3), status('engage', 5)];
const labels = { title: 'Statuses by year', statusTitle: (s: StatusShare) => s.title.en, share: (v: number) => `${Math.round(v * 100)}%` };

const TREND: TrendYear[] = [
  { year: 2023, sites: null, suppressed: true, is_partial: false, shares: null },
  { year: 2024, sites: 8, suppressed: false, is_partial: false, shares: { disengage: 0.125, mitigate: 0, engage: 0.875 } },
  { year: 2025, sites: 6, suppressed: false, is_partial: true, shares: { disengage: 0, mitigate: 0.5, engage: 0.5 } },
];

function draw(trend: TrendYear[]) {
  const { document } = parseHTML(`<html><body>${trendChartSvg(trend, STATUSES, labels)}</body></html>`);
  return document.querySelector('svg')!;
}

describe('trend chart', () => {
  it('stacks each shown year\'s shares from the most severe status up, in its status colour, with the share in words', () => {
    const svg = draw(TREND);
    expect(svg.getAttribute('aria-label')).toBe('Statuses by year');
    // Its marks are named groups, as ARIA allows them only with a role.
    expect([...svg.querySelectorAll('g[aria-label]')].every((g) => g.getAttribute('role') === 'group')).toBe(true);
    const titled = [...svg.querySelectorAll('rect')].filter((r) => r.querySelector('title'));
    expect(titled.map((r) => r.querySelector('title')!.textContent)).toEqual([
      '2024 DISENGAGE: 13%',
      '2024 MITIGATE: 0%',
      '2024 ENGAGE: 88%',
      '2025* DISENGAGE: 0%',
      '2025* MITIGATE: 50%',
      '2025* ENGAGE: 50%',
    ]);
    expect(titled.map((r) => r.getAttribute('fill'))).toEqual([1, 3, 5, 1, 3, 5].map(statusColour));
    // The most severe sits at the bottom: its bar ends lowest on the page.
    const bottom = (r: Element) => Number(r.getAttribute('y')) + Number(r.getAttribute('height'));
    expect(bottom(titled[0])).toBeGreaterThan(bottom(titled[2]));
  });

  it('draws a withheld year as a pale bar with a dash, showing no share, and stars a year not over', () => {
    const svg = draw(TREND);
    const pale = [...svg.querySelectorAll('rect')].filter((r) => !r.querySelector('title'));
    expect(pale).toHaveLength(1);
    expect(pale[0].closest('g')!.getAttribute('fill')).toBe('#e8e6df');
    expect([...svg.querySelectorAll('text')].map((t) => t.textContent)).toEqual(expect.arrayContaining(['2023', '2024', '2025*', '—']));
  });

  it('draws nothing for a place with no CRAFT assessment', () => {
    expect(trendChartSvg([], STATUSES, labels)).toBe('');
  });
});
