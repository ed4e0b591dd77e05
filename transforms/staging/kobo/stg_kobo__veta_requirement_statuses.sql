-- The status and evidence each submission of Veta's XLSForm gives for each requirement, reshaped from one column
-- per question (`m3/r_M3_6`, `m3/r_M3_6_evidence`) to one row per submission and requirement. Question names carry
-- the requirement key, so the requirement id is the form's framework version plus that key; unanswered questions
-- give no row. Only the current version of an edited submission counts, as in stg_kobo__veta_site_assessments.
-- Rows another form brought through a mapping file name that form's question (meta.applied_mappings).

-- not materialized: each reshaping below reads only its own columns of the wide export, where a copy would hold all
with latest as not materialized (

    select * from raw.kobo__veta_site_assessments
    where _is_current

),

statuses as (

    unpivot (
        select _submission_uuid, framework_version, _file_hash, _source_row, _mapping, columns('^[a-z0-9_]+/r_[A-Z0-9_]+$')
        from latest
    )
    on columns('^[a-z0-9_]+/r_[A-Z0-9_]+$')
    into name question_path value status_code

),

evidence as (

    unpivot (
        select _submission_uuid, columns('^[a-z0-9_]+/r_[A-Z0-9_]+_evidence$')
        from latest
    )
    on columns('^[a-z0-9_]+/r_[A-Z0-9_]+_evidence$')
    into name evidence_path value evidence_text

),

renamed as (

    select
        -- ids
        statuses._submission_uuid as submission_uuid,
        statuses.framework_version || '.'
            || replace(regexp_extract(statuses.question_path, '/r_([A-Z0-9_]+)$', 1), '_', '-') as requirement_id,
        statuses.framework_version as framework_version_id,

        -- strings
        -- a mapped form's statuses name the form's own question, the one its people answered
        coalesce(mapped.source_column, regexp_extract(statuses.question_path, '[^/]+$')) as question_name,
        trim(statuses.status_code) as status_code,
        nullif(trim(evidence.evidence_text), '') as evidence_text,

        -- lineage
        statuses._file_hash as source_file_hash,
        statuses._source_row as source_row

    from statuses
    left join meta.applied_mappings as mapped
        on mapped.mapping_file = statuses._mapping
        and mapped.veta_column = statuses.question_path
    left join evidence
        on evidence._submission_uuid = statuses._submission_uuid
        and evidence.evidence_path = statuses.question_path || '_evidence'

)

select * from renamed
