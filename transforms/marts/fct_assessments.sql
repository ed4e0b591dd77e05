-- Assessments of mine sites: who assessed which site when, against which framework version, with which form.

with assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

final as (

    select
        -- ids
        submission_uuid as assessment_id,
        site_id,
        producer_id,
        framework_version_id,

        -- strings
        country_code,
        admin1_code,
        assessor_role,
        collected_with,
        form_id,
        form_version,

        -- dates and timestamps
        assessment_date,
        submitted_at,
        started_at,
        started_at_utc_offset,

        -- evidence
        batch_id,
        source_file_hash,
        source_row

    from assessments

)

select * from final
