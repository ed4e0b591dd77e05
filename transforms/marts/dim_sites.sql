-- Mine sites as their latest assessment describes them, with how often and how recently they were assessed.

with assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

ranked as (

    select
        *,
        row_number() over (
            partition by site_id order by assessment_date desc, submitted_at desc, submission_uuid
        ) as recency,
        count(*) over (partition by site_id) as assessments_count,
        min(assessment_date) over (partition by site_id) as first_assessment_date
    from assessments

),

final as (

    select
        -- ids
        site_id,
        producer_id,

        -- strings
        site_name,
        site_type,
        country_code,
        admin1_code,
        admin2_name,
        minerals,
        mining_title_number,

        -- coordinates (restricted)
        site_lon,
        site_lat,

        -- numerics
        assessments_count::integer as assessments_count,

        -- booleans
        has_mining_title,

        -- dates
        first_assessment_date,
        assessment_date as last_assessment_date,

        -- evidence: the submission and file row behind this description
        submission_uuid as last_assessment_id,
        source_file_hash,
        source_row

    from ranked
    where recency = 1

)

select * from final
