/**
 * The shapes the impact-metric endpoints answer with (`/api/v1/metrics…`, `/api/v1/summary/impact`), shared by the
 * routes that build them and the pages that read them. Types only: nothing here runs.
 */

export interface SnapshotFields {
  snapshot_id: string;
  built_at: string;
}

/** A text in the languages the catalogue has it in, keyed by language code (`en`, `es`, `fr`). */
export type Texts = Record<string, string>;

export interface MetricSource {
  source_id: string;
  title: string;
  url: string | null;
  kind: string | null;
}

/** One row of `catalogue.impact_metrics`, with its sources resolved. */
export interface MetricDefinition {
  metric_id: string;
  position: number;
  theme: string;
  unit: string;
  /** How a year's figure is made: latest_in_year (a stock), sum_in_year (a flow), ratio_in_year (a share). */
  aggregation: string;
  /** Whether the figures of several countries may be added up: stocks and flows yes, shares never. */
  additive: boolean;
  title: Texts;
  /** The formula in words, in the languages the catalogue has it in (English at least). */
  formula: Texts;
  source_tables: string[];
  sources: MetricSource[];
  /** The catalogue's grade: I means Veta's own definition, not an official indicator. */
  confidence: string;
}

export interface MetricsAnswer extends SnapshotFields {
  metrics: MetricDefinition[];
}

export interface PlacesAnswer extends SnapshotFields {
  countries: { country_code: string; name: Texts }[];
  minerals: { mineral: string; label: Texts }[];
  years: { first: number | null; last: number | null };
  period: DataPeriod;
}

/** How recent the snapshot's data is. */
export interface DataPeriod {
  /** The day of the latest submission in the snapshot. */
  as_of_date: string | null;
  /** The latest calendar year that had ended by the as-of date: later years are still being recorded. */
  latest_complete_year: number | null;
}

/**
 * How a metric's rows were made: `place` (the country or admin-1 unit asked for), `sum_of_countries` (every country
 * added up, one row per year with country_code null), `by_country` (a share: one row per country and year, never
 * added up).
 */
export type Breakdown = 'place' | 'sum_of_countries' | 'by_country';

export interface SeriesMetric {
  metric_id: string;
  unit: string;
  aggregation: string;
  breakdown: Breakdown;
}

export interface SeriesRow {
  metric_id: string;
  year: number;
  /** The country, or null for every country added up. */
  country_code: string | null;
  /** The admin-1 unit, or null for the whole country (or every country). */
  admin1_code: string | null;
  mineral: string;
  /** Null when withheld (suppressed). */
  value: number | null;
  sites_count: number | null;
  producers_count: number | null;
  /** Countries whose figures the value covers. */
  countries: number;
  /** Withheld for this tier: too few sites or producers behind it, or a total that would reveal a withheld figure. */
  suppressed: boolean;
}

export interface SeriesAnswer extends SnapshotFields {
  place: { country_code: string | null; admin1_code: string | null; mineral: string };
  period: DataPeriod;
  /** The smallest count of sites and of producers a figure shown to this tier rests on; null when nothing is withheld. */
  min_count: number | null;
  metrics: SeriesMetric[];
  series: SeriesRow[];
}

export interface HeadlineFigure {
  metric_id: string;
  unit: string;
  year: number;
  value: number | null;
  previous_value: number | null;
  sites_count: number | null;
  producers_count: number | null;
  countries: number | null;
  suppressed: boolean;
}

export interface HeadlineImpactAnswer extends SnapshotFields {
  period: DataPeriod;
  min_count: number | null;
  /** The year the figures are of: the latest complete year. */
  year: number | null;
  figures: HeadlineFigure[];
}
