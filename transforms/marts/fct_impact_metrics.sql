-- Impact metrics by country, admin-1 unit, mineral and year, in long format: one row per metric and place, each
-- metric defined in catalogue.impact_metrics (unit, formula, sources). How a year's figure is made:
--   stocks (workers, women's roles, children seen, accidents in the 12 months before an assessment): each site's
--     latest assessment in the year, summed over sites; producers (formalisation): each producer's latest
--     assessment in the year, at any of its sites, counted once;
--   flows: sales, premiums and incidents summed by the day they happened; mercury is asked per month, so a site's
--     year is 12 times the mean of the monthly figures its assessments in the year report.
-- Where a figure is counted:
--   a site's figures go to the country and admin-1 unit of that assessment, and to each mineral it lists: a site
--     mining gold and tin counts fully under gold and under tin, so mineral rows never add up; `all` counts it once;
--   a producer counts once in every admin-1 unit and mineral where it had a site assessed in the year;
--   sales ledgers name the producer, not the site: they go to the producer's country (its latest assessment) and to
--     an admin-1 unit only when all of its sites lie in that one unit, so a country's sales can exceed the sum of its
--     admin-1 rows; the ledger is of gold, so the mineral is gold (and all);
--   incidents go where their site is (its latest assessment), under the minerals it lists there.
-- sites_count is the sites behind a value: for a producer's figures, its sites (those assessed in the year for its
-- stage, all of them in the place for its sales, which the ledgers do not tie to a site). A row with admin1_code NULL
-- is the whole country. A metric has no row where nothing was recorded.

with indicators as (

    select * from marts.fct_site_indicators

),

assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

sales as (

    select * from marts.fct_production_sales

),

producers as (

    select * from marts.dim_producers

),

incidents as (

    select * from marts.fct_incidents

),

sites as (

    select * from marts.dim_sites

),

metrics as (

    select * from catalogue.impact_metrics

),

site_assessments as (

    select
        indicators.*,
        assessments.minerals,
        assessments.formalisation_stage,
        year(indicators.assessment_date)::integer as year,
        row_number() over (
            partition by indicators.site_id, year(indicators.assessment_date)
            order by indicators.assessment_date desc, assessments.submitted_at desc, indicators.assessment_id
        ) as recency_in_year
    from indicators
    inner join assessments on assessments.submission_uuid = indicators.assessment_id

),

latest_in_year as (

    select * from site_assessments where recency_in_year = 1

),

monthly_mercury as (

    -- what a site used and recovered in a typical month at each assessment (0 when it used no mercury)
    select
        site_id,
        year,
        assessment_date,
        assessment_id,
        case when is_mercury_used = false then 0 else mercury_kg_per_month end as used_kg_per_month,
        case when is_mercury_used = false then 0 else mercury_recovered_kg_per_month end as recovered_kg_per_month
    from site_assessments

),

mercury_baselines as (

    select site_id, year as baseline_year, used_kg_per_month as baseline_kg_per_month
    from monthly_mercury
    where used_kg_per_month is not null
    qualify row_number() over (partition by site_id order by assessment_date, assessment_id) = 1

),

mercury_years as (

    select
        site_id,
        year,
        avg(used_kg_per_month) * 12 as used_kg,
        avg(recovered_kg_per_month) * 12 as recovered_kg
    from monthly_mercury
    group by all

),

stages as (

    -- each producer's formalisation stage at its latest assessment in the year, at any of its sites
    select producer_id, year, formalisation_stage
    from site_assessments
    qualify row_number() over (partition by producer_id, year order by assessment_date desc, assessment_id) = 1

),

site_years as (

    -- one row per site and year: its latest assessment's stocks and the year's mercury, a column per metric named by
    -- its metric_id (the dot in the name is what marks a metric column below)
    select
        latest_in_year.site_id,
        latest_in_year.producer_id,
        latest_in_year.country_code,
        latest_in_year.admin1_code,
        latest_in_year.minerals,
        latest_in_year.year,
        latest_in_year.workers_total::double as "workers.total",
        latest_in_year.workers_women::double as "workers.women",
        (latest_in_year.workers_total - latest_in_year.workers_women)::double as "workers.men",
        latest_in_year.workers_under_15::double as "workers.under_15",
        latest_in_year.workers_15_to_17::double as "workers.15_to_17",
        latest_in_year.workers_18_and_over::double as "workers.18_and_over",
        list_contains(latest_in_year.women_roles, 'extraction')::integer::double as "women_roles.extraction",
        list_contains(latest_in_year.women_roles, 'processing')::integer::double as "women_roles.processing",
        list_contains(latest_in_year.women_roles, 'ore_selection')::integer::double as "women_roles.ore_selection",
        list_contains(latest_in_year.women_roles, 'trading')::integer::double as "women_roles.trading",
        list_contains(latest_in_year.women_roles, 'services')::integer::double as "women_roles.services",
        list_contains(latest_in_year.women_roles, 'management')::integer::double as "women_roles.management",
        latest_in_year.is_children_under_15_observed::integer::double as "children.observed_sites",
        latest_in_year.accidents_12_months::double as "accidents.total",
        latest_in_year.fatalities_12_months::double as "accidents.fatal",
        mercury_years.used_kg as "mercury.used_kg",
        mercury_years.recovered_kg as "mercury.recovered_kg",
        case
            when latest_in_year.year >= mercury_baselines.baseline_year
                then mercury_baselines.baseline_kg_per_month * 12 - mercury_years.used_kg
        end as "mercury.avoided_kg"
    from latest_in_year
    left join mercury_years using (site_id, year)
    left join mercury_baselines using (site_id)

),

site_places as (

    -- every site-year at its admin-1 unit and at its country, under each of its minerals and under `all` (unnest in
    -- the select list streams; a lateral join of the same lists cost a join per row and most of this model's time)
    select * exclude (admin1_code), unnest(region_places(admin1_code)) as admin1_code
    from (
        select * exclude (minerals), unnest(region_minerals(minerals)) as mineral
        from site_years
        where country_code is not null and year is not null
    )

),

site_sums as (

    -- a site has one latest assessment in a year, so it stands once in each of its places: its figures are summed
    -- as they are, and the sites behind a metric are those that recorded it
    select
        country_code,
        admin1_code,
        mineral,
        year,
        sum(columns('^(\w+\.\w+)$')) as 'numerator:\1',
        count(case when columns('^(\w+\.\w+)$') is not null then site_id end) as 'sites:\1'
    from site_places
    group by all

),

site_producers as (

    -- each producer with sites in a place and year: which metrics its sites there recorded, how many they are (a site
    -- stands under one producer, so these add up), and the producer's stage, which counts once however many they are
    select
        site_places.country_code,
        site_places.admin1_code,
        site_places.mineral,
        site_places.year,
        site_places.producer_id,
        bool_or(columns('^(\w+\.\w+)$') is not null),
        count(site_places.site_id) as sites,
        any_value(stages.formalisation_stage) as formalisation_stage
    from site_places
    left join stages using (producer_id, year)
    where site_places.producer_id is not null
    group by all

),

producer_sums as (

    select
        country_code,
        admin1_code,
        mineral,
        year,
        count_if(columns('^(\w+\.\w+)$')) as 'producers:\1',
        sum((formalisation_stage = 'formalised')::integer::double) as "numerator:producers.formalised",
        sum((formalisation_stage = 'in_process')::integer::double) as "numerator:producers.formalising",
        count(formalisation_stage) as "producers:producers.formalised",
        count(formalisation_stage) as "producers:producers.formalising",
        sum(sites) filter (where formalisation_stage is not null) as "sites:producers.formalised",
        sum(sites) filter (where formalisation_stage is not null) as "sites:producers.formalising"
    from site_producers
    group by all

),

producer_sites as (

    -- a producer's sites in its country, and its admin-1 unit when all of them lie in one
    select
        producers.producer_id,
        producers.country_code,
        assessments.site_id,
        case
            when count(distinct coalesce(assessments.admin1_code, '')) over (partition by producers.producer_id) = 1
                then assessments.admin1_code
        end as admin1_code
    from producers
    inner join (select distinct producer_id, country_code, site_id, admin1_code from assessments) as assessments
        on assessments.producer_id = producers.producer_id
        and assessments.country_code = producers.country_code

),

sales_years as (

    select
        producer_id,
        year(sale_date)::integer as year,
        sum(gold_grams) as gold_g,
        sum(fine_gold_grams) as fine_gold_g,
        sum(gold_grams) filter (where fairmined_model in ('labelled', 'incorporated')) as fairmined_gold_g,
        sum(premium_usd)::double as premium_usd
    from sales
    group by all

),

sales_places as (

    -- a producer's sales of a year at each of its sites' places: the ledger does not say which site the gold came
    -- from, so the producer's sites are the sites behind the figure; the ledger is of gold
    select * exclude (admin1_code), unnest(region_places(admin1_code)) as admin1_code
    from (
        select
            sales_years.producer_id,
            producer_sites.site_id,
            producer_sites.country_code,
            producer_sites.admin1_code,
            unnest(region_minerals(['gold'])) as mineral,
            sales_years.year,
            sales_years.gold_g::double as "production.gold_g",
            sales_years.fine_gold_g::double as "production.fine_gold_g",
            coalesce(sales_years.fairmined_gold_g, 0)::double as "production.fairmined_share",
            sales_years.gold_g::double as share_denominator,
            sales_years.premium_usd as "premium.usd"
        from sales_years
        inner join producer_sites using (producer_id)
        where producer_sites.country_code is not null and sales_years.year is not null
    )

),

sales_sums as (

    -- a producer counts once in a place, whatever its sites there: its figures are the same on each of them
    select
        country_code,
        admin1_code,
        mineral,
        year,
        sum(columns('^(\w+\.\w+)$')) as 'numerator:\1',
        count(columns('^(\w+\.\w+)$')) as 'producers:\1',
        sum(share_denominator) as "denominator:production.fairmined_share",
        count(share_denominator) as "denominators:production.fairmined_share"
    from (
        select distinct country_code, admin1_code, mineral, year, producer_id, columns('^(\w+\.\w+)$'), share_denominator
        from sales_places
    )
    group by all

),

sales_sites as (

    -- a site counts once in a place, whichever of its producers' figures it stands behind
    select country_code, admin1_code, mineral, year, count_if(columns('^(\w+\.\w+)$')) as 'sites:\1'
    from (
        select country_code, admin1_code, mineral, year, site_id, bool_or(columns('^(\w+\.\w+)$') is not null)
        from sales_places
        where site_id is not null
        group by all
    )
    group by all

),

figures as (

    -- the measures above, one row per place, year and measure (`numerator:workers.total`); NULL measures drop out
    unpivot (
        select * from site_sums
        union all by name select * from producer_sums
        union all by name select * from sales_sums
        union all by name select * from sales_sites
    )
    on columns(':')
    into name measure value amount

),

metric_figures as (

    select
        split_part(measure, ':', 2) as metric_id,
        country_code,
        admin1_code,
        mineral,
        year,
        any_value(amount) filter (where starts_with(measure, 'numerator:')) as numerator,
        any_value(amount) filter (where starts_with(measure, 'denominator:')) as denominator,
        any_value(amount) filter (where starts_with(measure, 'denominators:')) as denominators,
        any_value(amount) filter (where starts_with(measure, 'sites:')) as sites_count,
        any_value(amount) filter (where starts_with(measure, 'producers:')) as producers_count
    from figures
    group by all

),

site_incidents as (

    -- incidents go where their site is (its latest assessment), under the minerals it lists there
    select * exclude (admin1_code), unnest(region_places(admin1_code)) as admin1_code
    from (
        select
            'incidents.' || incidents.annex_ii_group as metric_id,
            incidents.incident_id,
            incidents.site_id,
            incidents.producer_id,
            incidents.country_code,
            incidents.admin1_code,
            unnest(region_minerals(sites.minerals)) as mineral,
            year(incidents.reported_date)::integer as year
        from incidents
        inner join sites using (site_id)
        where incidents.country_code is not null and incidents.annex_ii_group is not null and incidents.reported_date is not null
    )

),

incident_counts as (

    -- an incident counts once per place, whatever the rows that report it
    select metric_id, country_code, admin1_code, mineral, year, count(*)::double as value
    from (select distinct metric_id, incident_id, country_code, admin1_code, mineral, year from site_incidents)
    group by all

),

incident_sites as (

    select
        metric_id, country_code, admin1_code, mineral, year,
        count(distinct site_id) as sites_count,
        count(distinct producer_id) as producers_count
    from site_incidents
    group by all

),

aggregated as (

    select
        metric_id,
        country_code,
        admin1_code,
        mineral,
        year,
        case when coalesce(denominators, 0) > 0 then numerator / nullif(denominator, 0) else numerator end as value,
        coalesce(sites_count, 0) as sites_count,
        coalesce(producers_count, 0) as producers_count
    from metric_figures
    union all
    select incident_counts.*, incident_sites.sites_count, incident_sites.producers_count
    from incident_counts
    inner join incident_sites
        on incident_sites.metric_id = incident_counts.metric_id
        and incident_sites.country_code = incident_counts.country_code
        and incident_sites.admin1_code is not distinct from incident_counts.admin1_code
        and incident_sites.mineral = incident_counts.mineral
        and incident_sites.year = incident_counts.year

),

final as (

    select
        -- ids
        aggregated.metric_id,

        -- strings
        aggregated.country_code,
        aggregated.admin1_code,
        aggregated.mineral,
        metrics.unit,

        -- numerics
        aggregated.year,
        round(aggregated.value, 4) as value,
        aggregated.sites_count::integer as sites_count,
        aggregated.producers_count::integer as producers_count

    from aggregated
    left join metrics using (metric_id)
    where aggregated.value is not null

)

select * from final
