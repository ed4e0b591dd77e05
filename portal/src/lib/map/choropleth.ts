/**
 * Class breaks and colours of the choropleth: five classes at the quantiles of the values shown, on a sequential
 * scale that stays readable for colour-blind readers and in greyscale print (light to dark, one hue family).
 */

/** Light to dark: a value's class is drawn darker the larger it is. */
export const CLASS_COLOURS = ['#edf8e9', '#bae4b3', '#74c476', '#31a354', '#006d2c'] as const;
export const NO_VALUE_COLOUR = '#e4e1da';
export const WITHHELD_COLOUR = '#b9b4a8';

/** Upper bounds of the first four classes (the fifth is open), from the distinct quantiles of the values. */
export function classBreaks(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return [...new Set([0.2, 0.4, 0.6, 0.8].map(at))].filter((b) => b < sorted.at(-1)!);
}

/** The class of a value: the first break it does not exceed, else the last class. */
export function classOf(value: number, breaks: readonly number[]): number {
  const index = breaks.findIndex((b) => value <= b);
  return index === -1 ? breaks.length : index;
}
