-- Improvement actions tied to the site, requirement and day of the assessment that recorded them, with the status
-- the requirement had then. Forms list an open action again at every visit until it is closed, so one action
-- appears once per assessment that recorded it: the latest assessment lists what is open.

with actions as (

    select * from staging.stg_kobo__veta_improvement_actions

),

assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

statuses as (

    select * from staging.stg_kobo__veta_requirement_statuses

),

requirements as (

    select * from catalogue.requirements

),

sections as (

    select * from catalogue.sections

),

tied as (

    select
        actions.*,
        assessments.site_id,
        assessments.producer_id,
        assessments.assessment_date,
        assessments.framework_version_id || '.'
            || replace(regexp_extract(actions.question_name, '^r_([A-Z0-9_]+)$', 1), '_', '-') as requirement_id
    from actions
    inner join assessments using (submission_uuid)

)

select
    tied.action_id,
    tied.submission_uuid as assessment_id,
    tied.requirement_id,
    tied.site_id,
    tied.producer_id,
    sections.code as section_code,
    statuses.status_code as requirement_status_code,
    tied.target_status_code,
    tied.action_status,
    tied.responsible_role,
    tied.description_text,
    tied.assessment_date as recorded_date,
    tied.due_date,
    tied.batch_id,
    tied.source_file_hash,
    tied.source_row

from tied
left join statuses on statuses.submission_uuid = tied.submission_uuid and statuses.requirement_id = tied.requirement_id
left join requirements on requirements.requirement_id = tied.requirement_id
left join sections on sections.section_id = requirements.section_id
