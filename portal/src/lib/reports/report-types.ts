/**
 * The shape of the annual report's figures, as `GET /api/v1/reports/{year}` answers them and the report page reads
 * them. Every figure is what the public (or the caller's tier) may see: a withheld figure is null, never a guess.
 */
import type { Locale } from '../i18n/locales.ts';

export interface SnapshotStamp {
  snapshot_id: string;
  built_at: string;
}

/** A metric of catalogue.impact_metrics, labelled in the report's language. */
export interface ReportMetric {
  metric_id: string;
  title: string;
  unit: string;
  /** latest_in_year, sum_in_year or ratio_in_year: a ratio has no total across countries. */
  aggregation: string;
  /** The formula in words; the catalogue gives it in English only. */
  formula_en: string;
  confidence: string;
}

/** A figure of the report year with the one of the year before, over the countries whose figures are not withheld. */
export interface YearFigure {
  metric_id: string;
  value: number | null;
  previous: number | null;
  /** Countries whose figure is in the value. */
  countries: number;
  /** Countries with data this year whose figure is withheld (too few sites or producers behind it). */
  countries_withheld: number;
}

export interface CountryFigures {
  country_code: string;
  name: string;
  /** Whether the country's figures of the report year are withheld. */
  withheld: boolean;
  sites_assessed: number | null;
  producers_assessed: number | null;
  /** By metric id: the report year's value and the previous year's (null where withheld or absent). */
  values: Record<string, { value: number | null; previous: number | null }>;
}

export interface CraftStatus {
  craft_status: string;
  title: string;
  severity: number;
}

export interface CountryCraft {
  country_code: string;
  name: string;
  withheld: boolean;
  sites_known: number | null;
  sites_assessed_12_months: number | null;
  coverage: number | null;
  sites_with_craft_status: number | null;
  /** By CRAFT status: the share of the sites with a current status. */
  shares: Record<string, number | null>;
  top_risks: { requirement_id: string; title: string | null; share: number | null }[];
  open_actions: number | null;
  overdue_actions: number | null;
  ipis_visits: number | null;
  ipis_latest_visit_year: number | null;
  amw_latest_year: number | null;
  amw_new_mining_area_ha: number | null;
}

export interface FairminedProducers {
  country_code: string;
  name: string;
  producers: number;
  certified: number;
  ecological_gold: number;
  year0_ready: number;
  requirements_due_unmet: number;
}

export interface FrameworkVersion {
  version_id: string;
  framework_id: string;
  version: string;
  released: string;
  status: string;
}

export interface Report extends SnapshotStamp {
  year: number;
  lang: Locale;
  /** The day the snapshot's statuses and profiles are judged as of (its latest submission). */
  as_of_date: string | null;
  /** The snapshot the report was asked of by id (`?snapshot=`), or null for the published one. */
  requested_snapshot: string | null;
  minimum_count: number;
  /** The last day of the last year the caller may see (the publication lag); null when every year is shown. */
  years_until: string | null;
  metrics: ReportMetric[];
  coverage: { sites: number | null; producers: number | null; countries: number; countries_withheld: number };
  numbers: YearFigure[];
  trend: { year: number; metric_id: string; value: number | null; countries: number }[];
  countries: CountryFigures[];
  craft: {
    statuses: CraftStatus[];
    /** Sites by current status over the countries whose profile is not withheld. */
    totals: { sites_with_craft_status: number; by_status: Record<string, number> };
    countries: CountryCraft[];
    /** The CRAFT versions the statuses were judged by: those of the requirements the results name. */
    versions_judged: FrameworkVersion[];
  };
  fairmined: {
    metric_ids: string[];
    version: FrameworkVersion | null;
    /** Producers by country and certification, for tiers that may read producer rows; null otherwise. */
    producers: FairminedProducers[] | null;
    producers_withheld_reason: string | null;
  };
  framework_versions: FrameworkVersion[];
}

export interface ReportYear {
  year: number;
  /** Countries whose figures of the year are shown. */
  countries: number;
  countries_withheld: number;
}

export interface ReportIndex extends SnapshotStamp {
  requested_snapshot: string | null;
  years: ReportYear[];
  /** Ids of the snapshots kept on this server, which a report can name with `?snapshot=`. */
  kept_snapshots: string[];
}

/** A chart drawn on the server whose colour legend the page writes (as text, for print and screen readers). */
export interface ChartWithLegend {
  svg: string;
  legend: { title: string; colour: string }[];
}
