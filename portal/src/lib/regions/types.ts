/**
 * The shapes the regions API answers with (`/api/v1/regions…`), shared by the route that builds them and the pages
 * that read them. Types only: nothing here runs.
 */
import type { Locale } from '../i18n/locales.ts';

/** A name in each of the portal's languages. */
export type Names = Record<Locale, string>;

export interface SnapshotFields {
  snapshot_id: string;
  built_at: string;
}

/** A mineral a place has a profile for; `all` counts every site once. */
export interface RegionMineral {
  mineral: string;
  /** Sites Veta knows there; null when the figures are withheld. */
  sites_known: number | null;
  suppressed: boolean;
}

export interface RegionAdmin1 {
  admin1_code: string;
  name: Names;
  minerals: RegionMineral[];
}

export interface RegionCountry {
  country_code: string;
  name: Names;
  /** Profiles of the whole country. */
  minerals: RegionMineral[];
  admin1_units: RegionAdmin1[];
}

/** `GET /regions`: every place and mineral with a profile, for the pickers. */
export interface RegionsIndex extends SnapshotFields {
  as_of_date: string | null;
  /** The threshold under which this tier's figures are withheld; null when nothing is withheld. */
  min_sites: number | null;
  countries: RegionCountry[];
  /** Labels of the minerals that have a profile (not `all`), in the code list's order. */
  minerals: { code: string; name: Names }[];
}

export interface RegionPlace {
  country_code: string;
  admin1_code: string | null;
  mineral: string;
  country_name: Names;
  admin1_name: Names | null;
  /** Null for `all`. */
  mineral_name: Names | null;
}

export interface StatusShare {
  craft_status: string;
  severity: number;
  title: Names;
  share: number | null;
}

export interface TopRisk {
  rank: number;
  requirement_id: string;
  official_id: string | null;
  title: Names;
  section_id: string | null;
  annex_ii_group: string | null;
  /** Title of the OECD Annex II risk group. */
  annex_ii_title: Names | null;
  required_response: string | null;
  share: number;
}

/** One year of the trend: the status each site's latest assessment of the year gave. */
export interface TrendYear {
  year: number;
  /** Sites assessed in the year; null when withheld. */
  sites: number | null;
  suppressed: boolean;
  /** The year is not over at the as-of date. */
  is_partial: boolean;
  /** Share of the sites per status (every status of the catalogue); null when withheld. */
  shares: Record<string, number> | null;
}

export interface IpisContext {
  visits: number;
  sites_visited: number | null;
  armed_interference_share: number | null;
  child_labour_share: number | null;
  mercury_share: number | null;
  latest_visit_year: number | null;
}

export interface AmazonMiningWatchContext {
  latest_year: number;
  new_mining_area_ha: number | null;
  new_mining_area_previous_year_ha: number | null;
}

/** `GET /regions/profile`: one place and mineral. */
export interface RegionProfile extends SnapshotFields {
  as_of_date: string | null;
  min_sites: number | null;
  /** The trend stops at the last year ending on or before this day (the publication lag); null when it shows every year. */
  years_until: string | null;
  place: RegionPlace;
  /** Whether this place's figures are withheld for the tier (fewer sites than min_sites). */
  suppressed: boolean;
  /** The row of marts.fct_region_risk_profiles as the tier sees it; a withheld row keeps only its key and its day. */
  profile: Record<string, string | number | boolean | null>;
  /** Every CRAFT status of the catalogue, most severe first, with its share now (null when withheld). */
  statuses: StatusShare[];
  top_risks: TopRisk[];
  trend: TrendYear[];
  /** Partner context; null when withheld. */
  partners: { ipis: IpisContext | null; amazon_mining_watch: AmazonMiningWatchContext | null } | null;
}
