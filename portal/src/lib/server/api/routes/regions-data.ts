/**
 * What the regions endpoints read from a snapshot: the places and minerals that have a risk profile, one profile with
 * its labels, and the trend of CRAFT statuses by year. Every read of a published table goes through the tier's view
 * (`viewFor`), except the trend's, which aggregates a per-assessment table the public may not read row by row (see
 * `statusTrend`).
 */
import type { SnapshotInfo, SnapshotQuery } from '$warehouse/gateway/snapshot-reader.ts';
import type { Row } from '$warehouse/gateway/duckdb.ts';
import { publicationRulesOf, type TableView } from '$warehouse/publish/tier-view.ts';
import type {
  Names,
  RegionCountry,
  RegionMineral,
  RegionPlace,
  RegionProfile,
  StatusShare,
  TopRisk,
  TrendYear,
} from '../../../regions/types.ts';
import type { AccessTier } from '../access.ts';
import { viewFor } from '../table-views.ts';

export const PROFILES_TABLE = 'marts.fct_region_risk_profiles';

/** Which profile: a country, an admin-1 unit of it or the whole country (null), and a mineral or `all`. */
export interface PlaceKey {
  country: string;
  admin1: string | null;
  mineral: string;
}

interface Views {
  query: SnapshotQuery;
  snapshot: SnapshotInfo;
  tier: AccessTier;
}

const view = ({ query, snapshot, tier }: Views, table: string) => viewFor(query, snapshot, table, tier);

/** `name_en, name_es, name_fr` (or `label_…`, `title_…`) of a row as Names, falling back to `fallback` when absent. */
function namesOf(row: Row, prefix: string, fallback: string): Names {
  const name = (locale: string) => (row[`${prefix}${locale}`] as string | null) ?? fallback;
  return { en: name('en'), es: name('es'), fr: name('fr') };
}

/** The threshold under which a view withholds figures, or null when it withholds none. */
function minSitesOf(profiles: TableView): number | null {
  return profiles.minCount;
}

/**
 * The last day of the last year the public may see (the publication lag of catalogue.publication_rules), for the
 * tier whose view of the profiles withholds small counts, the public's; null for tiers that see every year.
 */
async function yearsUntilOf(views: Views, profiles: TableView): Promise<string | null> {
  if (!profiles.suppressible) return null;
  return (await publicationRulesOf(views.query)).publicUntil;
}

const suppressedColumn = (v: TableView, alias: string) => (v.suppressible ? `${alias}.suppressed` : 'false');

async function asOfDate(views: Views, profiles: TableView): Promise<string | null> {
  const [row] = await views.query<{ as_of_date: string | null }>(`select max(as_of_date)::varchar as as_of_date from (${profiles.sql}) v`);
  return row?.as_of_date ?? null;
}

/** Every place and mineral with a profile, with names in the three languages, for the pickers. */
export async function regionsIndex(views: Views) {
  const [profiles, countries, units, codeLists] = await Promise.all([
    view(views, PROFILES_TABLE),
    view(views, 'catalogue.countries'),
    view(views, 'catalogue.admin1_units'),
    view(views, 'catalogue.code_lists'),
  ]);
  const rows = await views.query<Row>(
    `select p.country_code, p.admin1_code, p.mineral, p.sites_known, ${suppressedColumn(profiles, 'p')} as suppressed,
            c.name_en as country_en, c.name_es as country_es, c.name_fr as country_fr,
            a.name_en as admin1_en, a.name_es as admin1_es, a.name_fr as admin1_fr
     from (${profiles.sql}) p
     left join (${countries.sql}) c on c.country_code = p.country_code
     left join (${units.sql}) a on a.admin1_code = p.admin1_code
     left join (select code, position from (${codeLists.sql}) l where list_name = 'mineral') m on m.code = p.mineral
     order by p.country_code, p.admin1_code nulls first, p.mineral <> 'all', m.position nulls last, p.mineral`,
  );
  const byCountry = new Map<string, RegionCountry>();
  for (const row of rows) {
    const code = row.country_code as string;
    let country = byCountry.get(code);
    if (!country) {
      country = { country_code: code, name: namesOf(row, 'country_', code), minerals: [], admin1_units: [] };
      byCountry.set(code, country);
    }
    const mineral: RegionMineral = {
      mineral: row.mineral as string,
      sites_known: row.sites_known as number | null,
      suppressed: row.suppressed as boolean,
    };
    const admin1 = row.admin1_code as string | null;
    if (admin1 === null) {
      country.minerals.push(mineral);
      continue;
    }
    let unit = country.admin1_units.at(-1);
    if (unit?.admin1_code !== admin1) {
      unit = { admin1_code: admin1, name: namesOf(row, 'admin1_', admin1), minerals: [] };
      country.admin1_units.push(unit);
    }
    unit.minerals.push(mineral);
  }
  const used = new Set(rows.map((r) => r.mineral as string));
  const minerals = (
    await views.query<Row>(
      `select code, label_en, label_es, label_fr from (${codeLists.sql}) l where list_name = 'mineral' order by position`,
    )
  )
    .filter((m) => used.has(m.code as string))
    .map((m) => ({ code: m.code as string, name: namesOf(m, 'label_', m.code as string) }));
  return {
    ...views.snapshot,
    as_of_date: await asOfDate(views, profiles),
    min_sites: minSitesOf(profiles),
    countries: [...byCountry.values()],
    minerals,
  };
}

/** The place's names, or undefined when the snapshot has no profile for it. */
async function placeOf(views: Views, profiles: TableView, key: PlaceKey): Promise<{ row: Row; place: RegionPlace } | undefined> {
  const [countries, units, codeLists] = await Promise.all([
    view(views, 'catalogue.countries'),
    view(views, 'catalogue.admin1_units'),
    view(views, 'catalogue.code_lists'),
  ]);
  const [row] = await views.query<Row>(
    `select p.*, ${profiles.suppressible ? '' : 'false as suppressed,'}
            c.name_en as country_en, c.name_es as country_es, c.name_fr as country_fr,
            a.name_en as admin1_en, a.name_es as admin1_es, a.name_fr as admin1_fr,
            m.label_en as mineral_en, m.label_es as mineral_es, m.label_fr as mineral_fr
     from (${profiles.sql}) p
     left join (${countries.sql}) c on c.country_code = p.country_code
     left join (${units.sql}) a on a.admin1_code = p.admin1_code
     left join (select * from (${codeLists.sql}) l where list_name = 'mineral') m on m.code = p.mineral
     where p.country_code = $country and p.admin1_code is not distinct from $admin1 and p.mineral = $mineral`,
    { country: key.country, admin1: key.admin1, mineral: key.mineral },
  );
  if (!row) return undefined;
  return {
    row,
    place: {
      country_code: key.country,
      admin1_code: key.admin1,
      mineral: key.mineral,
      country_name: namesOf(row, 'country_', key.country),
      admin1_name: key.admin1 === null ? null : namesOf(row, 'admin1_', key.admin1),
      mineral_name: key.mineral === 'all' ? null : namesOf(row, 'mineral_', key.mineral),
    },
  };
}

/**
 * The mart's row as the tier's view gives it: in a withheld row the view has already emptied everything but its key,
 * its place and its edition's day (a requirement id or an assessment day would describe one of a handful of sites).
 */
function visibleRow(profiles: TableView, row: Row): RegionProfile['profile'] {
  const visible: RegionProfile['profile'] = {};
  for (const { column_name: column } of profiles.columns) visible[column] = row[column] as string | number | boolean | null;
  if (profiles.suppressible) visible.suppressed = row.suppressed === true;
  return visible;
}

async function statusShares(views: Views, profile: RegionProfile['profile']): Promise<StatusShare[]> {
  const statuses = await view(views, 'catalogue.craft_statuses');
  const rows = await views.query<Row>(`select craft_status, severity, title_en, title_es, title_fr from (${statuses.sql}) s order by severity`);
  return rows.map((s) => ({
    craft_status: s.craft_status as string,
    severity: s.severity as number,
    title: namesOf(s, 'title_', s.craft_status as string),
    // The mart names each status's share `<status>_share`.
    share: (profile[`${s.craft_status}_share`] as number | null | undefined) ?? null,
  }));
}

async function topRisks(views: Views, profile: RegionProfile['profile']): Promise<TopRisk[]> {
  const ranked = [1, 2, 3]
    .map((rank) => ({
      rank,
      requirement_id: profile[`top_risk_${rank}_requirement_id`] as string | null,
      share: profile[`top_risk_${rank}_share`] as number | null,
    }))
    .filter((r): r is { rank: number; requirement_id: string; share: number } => r.requirement_id !== null && r.share !== null);
  if (!ranked.length) return [];
  const [requirements, groups] = await Promise.all([view(views, 'catalogue.requirements'), view(views, 'catalogue.annex_ii_groups')]);
  const params = Object.fromEntries(ranked.map((r) => [`r${r.rank}`, r.requirement_id]));
  const rows = await views.query<Row>(
    `select r.requirement_id, r.official_id, r.title_en, r.title_es, r.title_fr, r.section_id, r.annex_ii_group, r.required_response,
            g.title_en as group_en, g.title_es as group_es, g.title_fr as group_fr
     from (${requirements.sql}) r
     left join (${groups.sql}) g on g.annex_ii_group = r.annex_ii_group
     where r.requirement_id in (${ranked.map((r) => `$r${r.rank}`).join(', ')})`,
    params,
  );
  const byId = new Map(rows.map((r) => [r.requirement_id as string, r]));
  return ranked.map(({ rank, requirement_id, share }) => {
    const r = byId.get(requirement_id) ?? {};
    return {
      rank,
      requirement_id,
      official_id: (r.official_id as string | null | undefined) ?? null,
      title: namesOf(r, 'title_', requirement_id),
      section_id: (r.section_id as string | null | undefined) ?? null,
      annex_ii_group: (r.annex_ii_group as string | null | undefined) ?? null,
      annex_ii_title: r.annex_ii_group ? namesOf(r, 'group_', r.annex_ii_group as string) : null,
      required_response: (r.required_response as string | null | undefined) ?? null,
      share,
    };
  });
}

/**
 * CRAFT statuses year by year: for each year, the sites assessed under CRAFT that year (placed, and their minerals
 * taken, by their latest assessment, as the profile places them), each with the status its latest assessment of the
 * year gave (under the later version when two were assessed that day). fct_craft_status_history is one row per
 * assessment, which the public may not read; this query returns only counts per year for one place, under the rules
 * the views apply to yearly figures: a year that counts fewer sites than the view's threshold returns neither its
 * count nor which statuses it holds, and a year that ends after `years_until` (the publication lag) is not returned.
 * `min_sites` 0 and `years_until` null withhold nothing (tiers that see the table whole).
 */
const TREND_SQL = `
with sites as (
    select site_id
    from marts.dim_sites
    where country_code = $country
        and ($admin1::varchar is null or admin1_code = $admin1)
        and ($mineral = 'all' or list_contains(minerals, $mineral))
),

yearly as (
    select year(history.assessment_date)::integer as year, history.site_id, history.craft_status
    from marts.fct_craft_status_history as history
    inner join sites using (site_id)
    where $years_until::varchar is null or make_date(year(history.assessment_date), 12, 31) <= $years_until::date
    qualify row_number() over (
        partition by history.site_id, year(history.assessment_date)
        order by history.assessment_date desc, history.framework_version_id desc, history.assessment_id desc
    ) = 1
),

totals as (
    select year, count(*)::integer as sites, count(*) < $min_sites as withheld from yearly group by year
),

counts as (
    select year, craft_status, count(*)::integer as sites from yearly group by year, craft_status
)

select distinct
    totals.year,
    totals.withheld as suppressed,
    case when not totals.withheld then totals.sites end as sites,
    case when not totals.withheld then counts.craft_status end as craft_status,
    case when not totals.withheld then round(counts.sites / totals.sites, 4) end as share
from totals
inner join counts using (year)
order by totals.year, craft_status
`;

interface TrendRules {
  minSites: number | null;
  yearsUntil: string | null;
}

async function statusTrend(views: Views, key: PlaceKey, rules: TrendRules, statuses: StatusShare[], asOf: string | null): Promise<TrendYear[]> {
  const rows = await views.query<{ year: number; suppressed: boolean; sites: number | null; craft_status: string | null; share: number | null }>(
    TREND_SQL,
    { country: key.country, admin1: key.admin1, mineral: key.mineral, min_sites: rules.minSites ?? 0, years_until: rules.yearsUntil },
  );
  const years = new Map<number, TrendYear>();
  for (const row of rows) {
    let year = years.get(row.year);
    if (!year) {
      year = {
        year: row.year,
        sites: row.sites,
        suppressed: row.suppressed,
        is_partial: asOf !== null && asOf.startsWith(String(row.year)) && !asOf.endsWith('-12-31'),
        shares: row.suppressed ? null : Object.fromEntries(statuses.map((s) => [s.craft_status, 0])),
      };
      years.set(row.year, year);
    }
    if (year.shares && row.craft_status !== null && row.share !== null) year.shares[row.craft_status] = row.share;
  }
  return [...years.values()];
}

function partnersOf(profile: RegionProfile['profile'], suppressed: boolean): RegionProfile['partners'] {
  if (suppressed) return null;
  const n = (column: string) => (profile[column] as number | null | undefined) ?? null;
  const visits = n('ipis_visits');
  const amwYear = n('amw_latest_year');
  return {
    ipis: visits
      ? {
          visits,
          sites_visited: n('ipis_sites_visited'),
          armed_interference_share: n('ipis_armed_interference_share'),
          child_labour_share: n('ipis_child_labour_share'),
          mercury_share: n('ipis_mercury_share'),
          latest_visit_year: n('ipis_latest_visit_year'),
        }
      : null,
    amazon_mining_watch:
      amwYear === null
        ? null
        : {
            latest_year: amwYear,
            new_mining_area_ha: n('amw_new_mining_area_ha'),
            new_mining_area_previous_year_ha: n('amw_new_mining_area_previous_year_ha'),
          },
  };
}

/** One profile with its labels, top risks, trend and partner context; undefined when the snapshot has none. */
export async function regionProfile(views: Views, key: PlaceKey): Promise<RegionProfile | undefined> {
  const profiles = await view(views, PROFILES_TABLE);
  const found = await placeOf(views, profiles, key);
  if (!found) return undefined;
  const profile = visibleRow(profiles, found.row);
  const suppressed = profile.suppressed === true;
  const minSites = minSitesOf(profiles);
  const yearsUntil = await yearsUntilOf(views, profiles);
  const asOf = await asOfDate(views, profiles);
  const statuses = await statusShares(views, profile);
  return {
    ...views.snapshot,
    as_of_date: asOf,
    min_sites: minSites,
    years_until: yearsUntil,
    place: found.place,
    suppressed,
    profile,
    statuses,
    top_risks: await topRisks(views, profile),
    trend: await statusTrend(views, key, { minSites, yearsUntil }, statuses, asOf),
    partners: partnersOf(profile, suppressed),
  };
}
