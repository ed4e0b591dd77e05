/**
 * How a figure reads in a page's language, by the unit its definition gives (catalogue.impact_metrics.unit): kilograms
 * and grams with their symbol, US dollars as a currency, shares as percentages, counts as plain numbers. The same
 * formatting serves the headline figures, the chart axes and tooltips, and the data tables.
 */

type Style = 'full' | 'compact';

function options(unit: string, style: Style): Intl.NumberFormatOptions {
  const compact: Intl.NumberFormatOptions = style === 'compact' ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : {};
  switch (unit) {
    case 'kg':
      return { style: 'unit', unit: 'kilogram', maximumFractionDigits: 1, ...compact };
    case 'g':
      return { style: 'unit', unit: 'gram', maximumFractionDigits: 0, ...compact };
    case 'USD':
      return { style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: 0, ...compact };
    case 'share (0 to 1)':
      return { style: 'percent', maximumFractionDigits: 1 };
    default:
      return { maximumFractionDigits: 1, ...compact };
  }
}

/** A formatter of values in `unit` for `locale`: `full` for figures read one by one, `compact` for axis ticks. */
export function metricFormatter(unit: string, locale: string, style: Style = 'full'): (value: number) => string {
  return new Intl.NumberFormat(locale, options(unit, style)).format;
}
