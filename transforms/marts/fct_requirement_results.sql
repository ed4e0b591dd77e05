-- The status each assessment gives each requirement, with what the catalogue says the status and the requirement
-- mean, and the evidence behind it down to the question, the submission and the file row.

with statuses as (

    select * from staging.stg_kobo__veta_requirement_statuses

),

assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

requirements as (

    select * from catalogue.requirements

),

sections as (

    select * from catalogue.sections

),

status_codes as (

    select * from catalogue.status_codes

),

joined as (

    select
        -- ids
        statuses.submission_uuid as assessment_id,
        statuses.requirement_id,
        statuses.framework_version_id,
        assessments.site_id,
        assessments.producer_id,

        -- strings
        sections.code as section_code,
        assessments.country_code,
        assessments.admin1_code,
        statuses.status_code,
        requirements.annex_ii_group,
        requirements.required_response,

        -- booleans
        status_codes.is_assessed,
        status_codes.is_conformant,
        status_codes.is_risk,

        -- dates
        assessments.assessment_date,

        -- evidence
        statuses.evidence_text,
        statuses.question_name,
        assessments.form_version,
        statuses.source_file_hash,
        statuses.source_row

    from statuses
    inner join assessments using (submission_uuid)
    left join requirements using (requirement_id)
    left join sections on sections.section_id = requirements.section_id
    left join status_codes using (status_code)

)

select * from joined
