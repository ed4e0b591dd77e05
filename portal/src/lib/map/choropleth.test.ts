import { describe, expect, it } from 'vitest';
import { classBreaks, classOf } from './choropleth.ts';

describe('choropleth classes', () => {
  it('break at the quantiles, each value in the class of the first break it does not exceed', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const breaks = classBreaks(values);
    expect(breaks).toEqual([3, 5, 7, 9]);
    expect(values.map((v) => classOf(v, breaks))).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3, 4]);
  });

  it('keep fewer classes when values repeat, and none for no values', () => {
    expect(classBreaks([5, 5, 5, 5, 9])).toEqual([5]);
    expect(classBreaks([7])).toEqual([]);
    expect(classBreaks([])).toEqual([]);
    expect(classOf(7, [])).toBe(0);
  });
});
