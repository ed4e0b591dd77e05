-- What each assessment counted and observed at the site: workforce by sex and age, mercury and cyanide use.

with assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

final as (

    select
        -- ids
        submission_uuid as assessment_id,
        site_id,
        producer_id,

        -- strings
        country_code,
        admin1_code,

        -- numerics
        workers_total,
        workers_women,
        workers_under_18,
        coalesce(workers_under_15, case when workers_under_18 = 0 then 0 end) as workers_under_15,
        workers_under_18 - coalesce(workers_under_15, case when workers_under_18 = 0 then 0 end) as workers_15_to_17,
        workers_total - workers_under_18 as workers_18_and_over,
        mercury_kg_per_month,
        mercury_recovered_kg_per_month,
        accidents_12_months,
        fatalities_12_months,

        -- lists
        women_roles,
        environmental_measures,

        -- booleans
        is_mercury_used,
        is_cyanide_used,
        workers_under_18 > 0 as has_minors_working,
        is_children_under_15_observed,

        -- dates
        assessment_date

    from assessments

)

select * from final
