-- Each producer the Fairmined rules look at, as of the snapshot's as-of date: its certification, its productivity
-- over the last 12 months against the eligibility ceiling (fairmined.max_productivity grams of gold per miner per day,
-- with fairmined.working_days_per_year, an assumption of Veta's), whether it is ready for year 0 (every year-0
-- requirement conformant at its latest Fairmined assessment), the requirements due and unmet, and its Fairmined
-- sales of the last 12 months: labelled and incorporated grams, and the premium reported against the premium the
-- catalogue's rates give.

with producers as (

    select * from intermediate.int_fairmined_producers_listed

),

sales as (

    select * from marts.fct_production_sales

),

assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

dues as (

    select * from marts.fct_fairmined_requirement_dues

),

parameters as (

    select * from catalogue.parameters where version_id = 'fairmined-2.0'

),

recent_sales as (

    select
        sales.producer_id,
        sum(sales.fine_gold_grams) as fine_gold_grams,
        sum(sales.fine_gold_grams) filter (where sales.fairmined_model = 'labelled') as labelled_grams,
        sum(sales.fine_gold_grams) filter (where sales.fairmined_model = 'incorporated') as incorporated_grams,
        sum(sales.premium_usd) as premium_reported_usd,
        sum(sales.expected_premium_usd) as premium_expected_usd
    from sales
    inner join producers using (producer_id)
    where sales.sale_date > producers.as_of_date - interval 12 month and sales.sale_date <= producers.as_of_date
    group by all

),

miners as (

    select producer_id, sum(workers_total) as miners
    from (
        select producer_id, site_id, workers_total
        from assessments
        qualify row_number() over (partition by producer_id, site_id order by assessment_date desc, submission_uuid desc) = 1
    )
    group by all

),

readiness as (

    select
        producer_id,
        count(*) filter (where applies_from_year = 0) as year0_requirements,
        count(*) filter (where applies_from_year = 0 and status_code = 'conformant') as year0_conformant,
        count(*) filter (where is_due) as requirements_due,
        count(*) filter (where is_due and is_unmet) as requirements_due_unmet,
        count(*) filter (where applies_from_year is null) as requirements_year_unknown
    from dues
    group by all

),

limits as (

    select
        max(value) filter (where parameter_id = 'fairmined.max_productivity') as max_productivity,
        max(value) filter (where parameter_id = 'fairmined.working_days_per_year') as working_days
    from parameters

)

select
    producers.producer_id,
    producers.register_country_code as country_code,
    producers.certification_status,
    producers.certified_date,
    producers.years_certified,
    producers.is_ecological_gold,
    miners.miners::integer as miners,
    round(recent_sales.fine_gold_grams / nullif(miners.miners * limits.working_days, 0), 3) as productivity_g_per_miner_day,
    round(recent_sales.fine_gold_grams / nullif(miners.miners * limits.working_days, 0), 3) <= limits.max_productivity
        as is_within_productivity_ceiling,
    coalesce(readiness.year0_requirements, 0)::integer as year0_requirements,
    coalesce(readiness.year0_conformant, 0)::integer as year0_conformant,
    readiness.year0_requirements > 0 and readiness.year0_conformant = readiness.year0_requirements as is_year0_ready,
    coalesce(readiness.requirements_due, 0)::integer as requirements_due,
    coalesce(readiness.requirements_due_unmet, 0)::integer as requirements_due_unmet,
    coalesce(readiness.requirements_year_unknown, 0)::integer as requirements_year_unknown,
    coalesce(recent_sales.fine_gold_grams, 0) as fine_gold_grams_12_months,
    coalesce(recent_sales.labelled_grams, 0) as labelled_grams_12_months,
    coalesce(recent_sales.incorporated_grams, 0) as incorporated_grams_12_months,
    coalesce(recent_sales.premium_reported_usd, 0) as premium_reported_usd_12_months,
    coalesce(recent_sales.premium_expected_usd, 0) as premium_expected_usd_12_months,
    coalesce(recent_sales.premium_reported_usd, 0) - coalesce(recent_sales.premium_expected_usd, 0)
        as premium_difference_usd_12_months,
    producers.as_of_date
from producers
cross join limits
left join recent_sales using (producer_id)
left join miners using (producer_id)
left join readiness using (producer_id)
