-- Improvement actions recorded in the repeat group of Veta's XLSForm: renamed and typed. Linked to their submission
-- by uuid, never by Kobo's `_index`, which changes with every export.

with source as (

    select * from raw.kobo__veta_improvement_actions
    where _is_current

),

renamed as (

    select
        -- ids
        _record_key as action_id,
        -- ODK Central writes the parent as `uuid:…`, KoboToolbox without the prefix
        regexp_replace("_submission__uuid", '^uuid:', '') as submission_uuid,

        -- strings
        action_requirement as question_name,
        action_target_status as target_status_code,
        action_description as description_text,
        action_responsible as responsible_role,
        lower(trim(action_status)) as action_status,

        -- dates
        parse_date(action_due_date) as due_date,

        -- lineage
        _batch_id as batch_id,
        _file_hash as source_file_hash,
        _source_row as source_row

    from source

)

select * from renamed
