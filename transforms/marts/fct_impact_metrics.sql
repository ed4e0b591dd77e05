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

site_stocks as (

    select
        site_id as unit_key,
        site_id,
        producer_id,
        country_code,
        admin1_code,
        minerals,
        year,
        unnest([
            {metric_id: 'workers.total', numerator: workers_total::double},
            {metric_id: 'workers.women', numerator: workers_women::double},
            {metric_id: 'workers.men', numerator: (workers_total - workers_women)::double},
            {metric_id: 'workers.under_15', numerator: workers_under_15::double},
            {metric_id: 'workers.15_to_17', numerator: workers_15_to_17::double},
            {metric_id: 'workers.18_and_over', numerator: workers_18_and_over::double},
            {metric_id: 'women_roles.extraction', numerator: list_contains(women_roles, 'extraction')::integer::double},
            {metric_id: 'women_roles.processing', numerator: list_contains(women_roles, 'processing')::integer::double},
            {metric_id: 'women_roles.ore_selection', numerator: list_contains(women_roles, 'ore_selection')::integer::double},
            {metric_id: 'women_roles.trading', numerator: list_contains(women_roles, 'trading')::integer::double},
            {metric_id: 'women_roles.services', numerator: list_contains(women_roles, 'services')::integer::double},
            {metric_id: 'women_roles.management', numerator: list_contains(women_roles, 'management')::integer::double},
            {metric_id: 'children.observed_sites', numerator: is_children_under_15_observed::integer::double},
            {metric_id: 'accidents.total', numerator: accidents_12_months::double},
            {metric_id: 'accidents.fatal', numerator: fatalities_12_months::double}
        ], recursive := true),
        null::double as denominator
    from latest_in_year

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

site_mercury as (

    select
        latest_in_year.site_id as unit_key,
        latest_in_year.site_id,
        latest_in_year.producer_id,
        latest_in_year.country_code,
        latest_in_year.admin1_code,
        latest_in_year.minerals,
        latest_in_year.year,
        unnest([
            {metric_id: 'mercury.used_kg', numerator: mercury_years.used_kg},
            {metric_id: 'mercury.recovered_kg', numerator: mercury_years.recovered_kg},
            {
                metric_id: 'mercury.avoided_kg',
                numerator: case
                    when latest_in_year.year >= mercury_baselines.baseline_year
                        then mercury_baselines.baseline_kg_per_month * 12 - mercury_years.used_kg
                end
            }
        ], recursive := true),
        null::double as denominator
    from latest_in_year
    inner join mercury_years using (site_id, year)
    left join mercury_baselines using (site_id)

),

producer_stocks as (

    -- the producer's stage at its latest assessment in the year, with each of its sites assessed that year: it counts
    -- once wherever one of them lies, and they are the sites behind the count
    select
        latest_in_year.producer_id as unit_key,
        latest_in_year.site_id,
        latest_in_year.producer_id,
        latest_in_year.country_code,
        latest_in_year.admin1_code,
        latest_in_year.minerals,
        latest_in_year.year,
        unnest([
            {metric_id: 'producers.formalised', numerator: (stage.formalisation_stage = 'formalised')::integer::double},
            {metric_id: 'producers.formalising', numerator: (stage.formalisation_stage = 'in_process')::integer::double}
        ], recursive := true),
        null::double as denominator
    from latest_in_year
    inner join (
        select producer_id, year, formalisation_stage
        from site_assessments
        qualify row_number() over (
            partition by producer_id, year order by assessment_date desc, assessment_id
        ) = 1
    ) as stage using (producer_id, year)

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

producer_sales as (

    -- a producer's sales of a year, with each of its sites: the ledger does not say which site the gold came from,
    -- so the producer's sites are the sites behind the figure
    select
        sales_years.producer_id as unit_key,
        producer_sites.site_id,
        sales_years.producer_id,
        producer_sites.country_code,
        producer_sites.admin1_code,
        ['gold'] as minerals,
        sales_years.year,
        unnest([
            {metric_id: 'production.gold_g', numerator: sales_years.gold_g, denominator: null::double},
            {metric_id: 'production.fine_gold_g', numerator: sales_years.fine_gold_g, denominator: null::double},
            {
                metric_id: 'production.fairmined_share',
                numerator: coalesce(sales_years.fairmined_gold_g, 0),
                denominator: sales_years.gold_g
            },
            {metric_id: 'premium.usd', numerator: sales_years.premium_usd, denominator: null::double}
        ], recursive := true)
    from sales_years
    inner join producer_sites using (producer_id)

),

site_incidents as (

    select
        incidents.incident_id as unit_key,
        incidents.site_id,
        incidents.producer_id,
        incidents.country_code,
        incidents.admin1_code,
        sites.minerals,
        year(incidents.reported_date)::integer as year,
        'incidents.' || incidents.annex_ii_group as metric_id,
        1::double as numerator,
        null::double as denominator
    from incidents
    inner join sites using (site_id)

),

contributions as (

    -- one row per metric, year and what it counts (unit_key: a site, a producer, an incident) with a site behind it
    select unit_key, site_id, producer_id, country_code, admin1_code, minerals, year, metric_id, numerator, denominator
    from site_stocks
    union all
    select unit_key, site_id, producer_id, country_code, admin1_code, minerals, year, metric_id, numerator, denominator
    from site_mercury
    union all
    select unit_key, site_id, producer_id, country_code, admin1_code, minerals, year, metric_id, numerator, denominator
    from producer_stocks
    union all
    select unit_key, site_id, producer_id, country_code, admin1_code, minerals, year, metric_id, numerator, denominator
    from producer_sales
    union all
    select unit_key, site_id, producer_id, country_code, admin1_code, minerals, year, metric_id, numerator, denominator
    from site_incidents

),

placed as (

    -- every contribution at its admin-1 unit and at its country, under each of its minerals and under `all`
    select
        contributions.metric_id,
        contributions.unit_key,
        contributions.site_id,
        contributions.producer_id,
        contributions.country_code,
        places.admin1_code,
        minerals.mineral,
        contributions.year,
        contributions.numerator,
        contributions.denominator
    from contributions
    cross join unnest(region_places(contributions.admin1_code)) as places(admin1_code)
    cross join unnest(region_minerals(contributions.minerals)) as minerals(mineral)
    where contributions.numerator is not null
        and contributions.country_code is not null

),

valued as (

    -- what is counted counts once per place, whatever the sites behind it there
    select
        metric_id,
        country_code,
        admin1_code,
        mineral,
        year,
        case
            when count(denominator) > 0 then sum(numerator) / nullif(sum(denominator), 0)
            else sum(numerator)
        end as value
    from (
        select distinct metric_id, unit_key, country_code, admin1_code, mineral, year, numerator, denominator
        from placed
    ) as counted
    group by all

),

counted as (

    select
        metric_id,
        country_code,
        admin1_code,
        mineral,
        year,
        count(distinct site_id)::integer as sites_count,
        count(distinct producer_id)::integer as producers_count
    from placed
    group by all

),

aggregated as (

    select valued.*, counted.sites_count, counted.producers_count
    from valued
    inner join counted
        on counted.metric_id = valued.metric_id
        and counted.country_code = valued.country_code
        and counted.admin1_code is not distinct from valued.admin1_code
        and counted.mineral = valued.mineral
        and counted.year = valued.year

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
        aggregated.sites_count,
        aggregated.producers_count

    from aggregated
    left join metrics using (metric_id)
    where aggregated.value is not null

)

select * from final
