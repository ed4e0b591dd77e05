import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { renderPlot } from './render-plot.ts';

describe('renderPlot', () => {
  it('gives every group Plot names a role, so its name is allowed by ARIA, and leaves the chart itself as it is', () => {
    const markup = renderPlot({
      marks: [Plot.barY([{ year: 2024, n: 3 }, { year: 2025, n: 5 }], { x: 'year', y: 'n' }), Plot.ruleY([0])],
    });
    const groups = [...markup.matchAll(/<g\b[^>]*>/g)].map(([tag]) => tag);
    const named = groups.filter((tag) => tag.includes('aria-label='));
    // The bars, the rule and both axes with their ticks and labels.
    const names = named.map((tag) => /aria-label="([^"]*)"/.exec(tag)![1]).sort();
    expect(names).toEqual(['bar', 'rule', ...['x', 'y'].flatMap((a) => [`${a}-axis label`, `${a}-axis tick`, `${a}-axis tick label`])].sort());
    expect(named.every((tag) => tag.includes('role="group"'))).toBe(true);
    expect(markup).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(/^<svg [^>]*role=/.test(markup)).toBe(false);
  });
});
