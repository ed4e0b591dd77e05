/**
 * Site-level reads for the restricted tiers: the sites a grant may see, one site's profile (assessments over time,
 * module by module, improvement plans) and the evidence behind its status. Every query selects through the tier's
 * view of the data dictionary and, for a partner, only the producers its token names.
 */
import type { SnapshotInfo, SnapshotQuery } from '$warehouse/gateway/snapshot-reader.ts';
import type { AccessTier } from '../access.ts';
import { viewFor } from '../table-views.ts';

export interface SiteReadContext {
  query: SnapshotQuery;
  snapshot: SnapshotInfo;
  tier: AccessTier;
  /** Producers the grant may read; null for every producer. */
  producers: string[] | null;
}

function scopeParam(producers: string[] | null): string | null {
  return producers === null ? null : JSON.stringify(producers);
}

export interface SiteFilter {
  /** One site, by its code. */
  site?: string;
  country?: string;
  admin1?: string;
  status?: string;
}

export interface SiteRow {
  site_id: string;
  producer_id: string;
  site_name: string | null;
  site_type: string | null;
  country_code: string;
  admin1_code: string | null;
  minerals: string[] | null;
  site_lon: number | null;
  site_lat: number | null;
  last_assessment_date: string;
  craft_status: string | null;
  framework_version_id: string | null;
  is_stale: boolean | null;
}

/** The sites a grant may see, with their current CRAFT status. */
export async function listSites(read: SiteReadContext, filter: SiteFilter): Promise<SiteRow[]> {
  const sites = await viewFor(read.query, read.snapshot, 'marts.dim_sites', read.tier);
  const statuses = await viewFor(read.query, read.snapshot, 'marts.fct_craft_site_status', read.tier);
  return read.query<SiteRow>(
    `with current_status as (
         select * from (${statuses.sql})
         qualify row_number() over (partition by site_id order by assessment_date desc, framework_version_id desc) = 1
     )
     select s.site_id, s.producer_id, s.site_name, s.site_type, s.country_code, s.admin1_code, s.minerals,
            s.site_lon, s.site_lat, strftime(s.last_assessment_date, '%Y-%m-%d') as last_assessment_date,
            c.craft_status, c.framework_version_id, c.is_stale
     from (${sites.sql}) s
     left join current_status c using (site_id)
     -- a partner's producers arrive as one JSON list parameter, never spliced into the SQL
     where ($producers is null or list_contains(from_json($producers, '["VARCHAR"]'), s.producer_id))
       and ($site is null or s.site_id = $site)
       and ($country is null or s.country_code = $country)
       and ($admin1 is null or s.admin1_code = $admin1)
       and ($status is null or c.craft_status = $status)
     order by s.country_code, s.admin1_code, s.site_id`,
    { producers: scopeParam(read.producers), site: filter.site ?? null, country: filter.country ?? null, admin1: filter.admin1 ?? null, status: filter.status ?? null },
  );
}

/** One site's profile, or null when the site does not exist or the grant may not see it (the same answer). */
export async function siteProfile(read: SiteReadContext, siteId: string) {
  const [site] = await listSites(read, { site: siteId });
  if (!site) return null;
  const view = (table: string) => viewFor(read.query, read.snapshot, table, read.tier);
  const [history, results, plans] = await Promise.all([
    view('marts.fct_craft_status_history'),
    view('marts.fct_requirement_results'),
    view('marts.fct_improvement_plans'),
  ]);
  const params = { site: siteId };
  const assessments = await read.query(
    `select assessment_id, framework_version_id, form_version, strftime(assessment_date, '%Y-%m-%d') as assessment_date,
            craft_status, status_rule, requirements_flagged, module5_score, open_actions, overdue_actions, is_stale,
            previous_craft_status
     from (${history.sql}) where site_id = $site order by assessment_date, assessment_id`,
    params,
  );
  // Module by module, at the latest assessment: how many requirements were conformant, unmet or at risk.
  const modules = await read.query(
    `with latest as (
         select assessment_id from (${history.sql}) where site_id = $site order by assessment_date desc, assessment_id desc limit 1
     )
     select section_code, count(*)::integer as requirements,
            count(*) filter (where is_assessed)::integer as assessed,
            count(*) filter (where is_conformant)::integer as conformant,
            count(*) filter (where is_risk)::integer as at_risk,
            count(*) filter (where status_code = 'non_conformant')::integer as non_conformant
     from (${results.sql}) where assessment_id in (select assessment_id from latest)
     group by section_code order by section_code`,
    params,
  );
  const improvementPlans = await read.query(
    `select requirement_id, section_code, strftime(plan_started_on, '%Y-%m-%d') as plan_started_on,
            strftime(due_date, '%Y-%m-%d') as due_date, strftime(closed_on, '%Y-%m-%d') as closed_on, outcome,
            is_overdue, is_closed_on_time, days_to_close::integer as days_to_close, recordings
     from (${plans.sql}) where site_id = $site order by plan_started_on, requirement_id`,
    params,
  );
  return { ...read.snapshot, site, assessments, modules, improvement_plans: improvementPlans };
}

/** Why a site has its current status: the flagged requirements with their question, submission, file and row. */
export async function siteEvidence(read: SiteReadContext, siteId: string) {
  const [site] = await listSites(read, { site: siteId });
  if (!site) return null;
  const evidence = await viewFor(read.query, read.snapshot, 'marts.fct_craft_status_evidence', read.tier);
  const rows = await read.query(
    `select framework_version_id, craft_status, requirement_id, module_code, status_code, question_name, form_version,
            assessment_id as submission_uuid, source_file_hash, source_row,
            strftime(assessment_date, '%Y-%m-%d') as assessment_date, strftime(risk_since, '%Y-%m-%d') as risk_since,
            strftime(plan_started_on, '%Y-%m-%d') as plan_started_on, strftime(plan_review_due, '%Y-%m-%d') as plan_review_due,
            is_on_route
     from (${evidence.sql}) where site_id = $site and judged_as = 'current'
     order by framework_version_id, module_code, requirement_id`,
    { site: siteId },
  );
  return { ...read.snapshot, site_id: siteId, craft_status: site.craft_status, framework_version_id: site.framework_version_id, evidence: rows };
}
