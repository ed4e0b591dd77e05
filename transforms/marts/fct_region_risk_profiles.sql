-- The buyer's view of a region: per country, admin-1 unit and mineral, how many sites Veta knows and how many it
-- assessed in the last 12 months (coverage) and how recently (freshness), the shares of their current CRAFT statuses,
-- the requirements most often found at risk or unmet, the improvement actions open and overdue, and what partners
-- report there: IPIS's visits (armed interference, child labour, mercury) and Amazon Mining Watch's newly detected
-- mining area. A row with admin1_code NULL is the whole country; mineral `all` counts each site once, while a site
-- mining gold and tin counts under both. Each place comes in two editions (int_editions_dated): `current`, as of
-- the snapshot's as-of date (the day of its latest submission), for restricted tiers, and `public`, as of that day
-- less the publication lag, for everyone: Veta's own figures in an edition use only the assessments and actions
-- recorded by its day. Small counts are for the publishing rules to suppress.
--   sites: int_sites_known_listed (assessed sites where their latest assessment puts them; registry-only sites);
--   statuses: the edition's judgement of each site (int_site_statuses_picked), the one on its latest CRAFT
--     assessment when it was assessed under two versions; shares are over the sites with a status, stale or not;
--   top risks: requirements whose status is risk_identified or non_conformant at each site's latest assessment
--     by the edition's day under each framework version, ranked by the sites they concern (then by id), each with
--     the share of the sites
--     assessed here where it is found (a share, not a count: the portal and the extracts suppress rows by their
--     counts of sites, and a count of the sites with one risk would withhold nearly every row);
--   IPIS: visits placed by int_ipis_visits_placed; the shares are over the sites whose latest visit recorded the
--     indicator, under the minerals that visit lists; the country row has every visit of the country, placed or not;
--   Amazon Mining Watch: only gold; admin-1 rows only where the feed's units are admin-1 units
--     (int_amw_areas_placed), the country row sums every unit of the country (the part in the Amazon basin); the
--     latest complete year is the latest year the feed has whole (not a quarter).
-- Partner figures appear only on rows of places where Veta knows a site. They are the partners' own published data,
-- the same in both editions.

with sites as (

    select * from intermediate.int_sites_known_listed

),

statuses as (

    select * from intermediate.int_site_statuses_picked

),

assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

requirement_statuses as (

    select * from staging.stg_kobo__veta_requirement_statuses

),

visits as (

    select * from intermediate.int_ipis_visits_placed

),

areas as (

    select * from intermediate.int_amw_areas_placed

),

editions as (

    select * from intermediate.int_editions_dated

),

site_places as (

    select distinct
        sites.edition,
        sites.site_id,
        sites.country_code,
        places.admin1_code,
        minerals.mineral
    from sites
    cross join unnest(region_places(sites.admin1_code)) as places(admin1_code)
    cross join unnest(region_minerals(sites.minerals)) as minerals(mineral)
    where sites.country_code is not null

),

latest_assessments as (

    select assessments.submission_uuid, assessments.site_id, editions.edition
    from assessments
    inner join editions on assessments.assessment_date <= editions.as_of_date
    qualify row_number() over (
        partition by editions.edition, assessments.site_id, assessments.framework_version_id
        order by assessments.assessment_date desc, assessments.submitted_at desc, assessments.submission_uuid
    ) = 1

),

findings as (

    select distinct latest_assessments.edition, latest_assessments.site_id, requirement_statuses.requirement_id
    from latest_assessments
    inner join requirement_statuses using (submission_uuid)
    where requirement_statuses.status_code in ('risk_identified', 'non_conformant')

),

site_figures as (

    select
        site_places.edition,
        site_places.country_code,
        site_places.admin1_code,
        site_places.mineral,
        count(*)::integer as sites_known,
        count(sites.latest_assessment_date)::integer as sites_assessed,
        count(*) filter (where sites.is_assessed_in_window)::integer as sites_assessed_12_months,
        max(sites.latest_assessment_date) as latest_assessment_date,
        median(sites.months_since_assessment)::double as median_months_since_assessment,
        count(statuses.craft_status)::integer as sites_with_craft_status,
        count(*) filter (where statuses.craft_status = 'engage')::integer as engage_sites,
        count(*) filter (where statuses.craft_status = 'not_eligible')::integer as not_eligible_sites,
        count(*) filter (where statuses.craft_status = 'mitigate')::integer as mitigate_sites,
        count(*) filter (where statuses.craft_status = 'suspend')::integer as suspend_sites,
        count(*) filter (where statuses.craft_status = 'disengage')::integer as disengage_sites,
        coalesce(sum(statuses.open_actions), 0)::integer as open_actions,
        coalesce(sum(statuses.overdue_actions), 0)::integer as overdue_actions
    from site_places
    inner join sites using (edition, site_id)
    left join statuses using (edition, site_id)
    group by all

),

risks_ranked as (

    select
        site_places.edition,
        site_places.country_code,
        site_places.admin1_code,
        site_places.mineral,
        findings.requirement_id,
        count(*)::integer as sites,
        row_number() over (
            partition by site_places.edition, site_places.country_code, site_places.admin1_code, site_places.mineral
            order by count(*) desc, findings.requirement_id
        ) as rank
    from site_places
    inner join findings using (edition, site_id)
    group by
        site_places.edition,
        site_places.country_code,
        site_places.admin1_code,
        site_places.mineral,
        findings.requirement_id

),

top_risks as (

    select
        edition,
        country_code,
        admin1_code,
        mineral,
        max(requirement_id) filter (where rank = 1) as top_risk_1_requirement_id,
        max(sites) filter (where rank = 1) as top_risk_1_sites,
        max(requirement_id) filter (where rank = 2) as top_risk_2_requirement_id,
        max(sites) filter (where rank = 2) as top_risk_2_sites,
        max(requirement_id) filter (where rank = 3) as top_risk_3_requirement_id,
        max(sites) filter (where rank = 3) as top_risk_3_sites
    from risks_ranked
    where rank <= 3
    group by all

),

latest_visits as (

    select *
    from visits
    qualify row_number() over (
        partition by site_id
        order by visit_year desc, visit_date desc nulls last, try_cast(visit_id as bigint) desc nulls last, visit_id desc
    ) = 1

),

visit_places as (

    select distinct
        visits.visit_id,
        visits.site_id,
        visits.country_code,
        places.admin1_code,
        minerals.mineral
    from visits
    cross join unnest(region_places(visits.admin1_code)) as places(admin1_code)
    cross join unnest(region_minerals(visits.minerals)) as minerals(mineral)
    where visits.country_code is not null

),

latest_visit_places as (

    select distinct
        latest_visits.site_id,
        latest_visits.country_code,
        places.admin1_code,
        minerals.mineral,
        latest_visits.has_armed_interference,
        latest_visits.has_children_under_15,
        latest_visits.is_mercury_used
    from latest_visits
    cross join unnest(region_places(latest_visits.admin1_code)) as places(admin1_code)
    cross join unnest(region_minerals(latest_visits.minerals)) as minerals(mineral)
    where latest_visits.country_code is not null

),

ipis_visits as (

    select
        visit_places.country_code,
        visit_places.admin1_code,
        visit_places.mineral,
        count(distinct visit_places.visit_id)::integer as ipis_visits,
        max(visits.visit_year) as ipis_latest_visit_year
    from visit_places
    inner join visits using (visit_id)
    group by all

),

ipis_sites as (

    select
        country_code,
        admin1_code,
        mineral,
        count(*)::integer as ipis_sites_visited,
        round(avg(has_armed_interference::integer), 4) as ipis_armed_interference_share,
        round(avg(has_children_under_15::integer), 4) as ipis_child_labour_share,
        round(avg(is_mercury_used::integer), 4) as ipis_mercury_share
    from latest_visit_places
    group by all

),

amw_years as (

    select max(period_year) as latest_year from areas where is_whole_year

),

amw_places as (

    -- a unit counts at its admin-1 place only when it was placed in one, and always for its country; the feed is
    -- about gold
    select areas.*, places.admin1_code as place_admin1_code, minerals.mineral
    from areas
    cross join unnest(region_places(areas.admin1_code)) as places(admin1_code)
    cross join unnest(region_minerals(['gold'])) as minerals(mineral)
    where areas.country_code is not null

),

amw_figures as (

    select
        amw_places.country_code,
        amw_places.place_admin1_code as admin1_code,
        amw_places.mineral,
        amw_years.latest_year as amw_latest_year,
        -- no detection in a year of a place the feed covers is 0 ha
        round(coalesce(sum(amw_places.new_mining_area_ha) filter (
            where amw_places.is_whole_year and amw_places.period_year = amw_years.latest_year
        ), 0), 4) as amw_new_mining_area_ha,
        round(coalesce(sum(amw_places.new_mining_area_ha) filter (
            where amw_places.is_whole_year and amw_places.period_year = amw_years.latest_year - 1
        ), 0), 4) as amw_new_mining_area_previous_year_ha
    from amw_places
    cross join amw_years
    group by all

),

final as (

    select
        -- strings
        site_figures.edition,
        site_figures.country_code,
        site_figures.admin1_code,
        site_figures.mineral,

        -- Veta's sites: coverage and freshness
        site_figures.sites_known,
        site_figures.sites_assessed,
        site_figures.sites_assessed_12_months,
        round(site_figures.sites_assessed_12_months / site_figures.sites_known, 4) as coverage,
        site_figures.latest_assessment_date,
        site_figures.median_months_since_assessment,

        -- CRAFT statuses now
        site_figures.sites_with_craft_status,
        round(site_figures.engage_sites / nullif(site_figures.sites_with_craft_status, 0), 4) as engage_share,
        round(site_figures.not_eligible_sites / nullif(site_figures.sites_with_craft_status, 0), 4) as not_eligible_share,
        round(site_figures.mitigate_sites / nullif(site_figures.sites_with_craft_status, 0), 4) as mitigate_share,
        round(site_figures.suspend_sites / nullif(site_figures.sites_with_craft_status, 0), 4) as suspend_share,
        round(site_figures.disengage_sites / nullif(site_figures.sites_with_craft_status, 0), 4) as disengage_share,

        -- top identified risks, each with the share of the sites assessed here where it is found
        top_risks.top_risk_1_requirement_id,
        round(top_risks.top_risk_1_sites / site_figures.sites_assessed, 4) as top_risk_1_share,
        top_risks.top_risk_2_requirement_id,
        round(top_risks.top_risk_2_sites / site_figures.sites_assessed, 4) as top_risk_2_share,
        top_risks.top_risk_3_requirement_id,
        round(top_risks.top_risk_3_sites / site_figures.sites_assessed, 4) as top_risk_3_share,

        -- improvement actions
        site_figures.open_actions,
        site_figures.overdue_actions,

        -- partner context: IPIS
        coalesce(ipis_visits.ipis_visits, 0) as ipis_visits,
        coalesce(ipis_sites.ipis_sites_visited, 0) as ipis_sites_visited,
        ipis_sites.ipis_armed_interference_share,
        ipis_sites.ipis_child_labour_share,
        ipis_sites.ipis_mercury_share,
        ipis_visits.ipis_latest_visit_year,

        -- partner context: Amazon Mining Watch
        amw_figures.amw_latest_year,
        amw_figures.amw_new_mining_area_ha,
        amw_figures.amw_new_mining_area_previous_year_ha,

        -- dates
        editions.as_of_date

    from site_figures
    inner join editions using (edition)
    left join top_risks
        on top_risks.edition = site_figures.edition
        and top_risks.country_code = site_figures.country_code
        and top_risks.admin1_code is not distinct from site_figures.admin1_code
        and top_risks.mineral = site_figures.mineral
    left join ipis_visits
        on ipis_visits.country_code = site_figures.country_code
        and ipis_visits.admin1_code is not distinct from site_figures.admin1_code
        and ipis_visits.mineral = site_figures.mineral
    left join ipis_sites
        on ipis_sites.country_code = site_figures.country_code
        and ipis_sites.admin1_code is not distinct from site_figures.admin1_code
        and ipis_sites.mineral = site_figures.mineral
    left join amw_figures
        on amw_figures.country_code = site_figures.country_code
        and amw_figures.admin1_code is not distinct from site_figures.admin1_code
        and amw_figures.mineral = site_figures.mineral

)

select * from final
