-- Incidents reported by implementers and partners (OECD Annex II risks at a site): typed and recoded.

with source as (

    select * from raw.feeds__incidents
    where _is_current

),

renamed as (

    select
        -- ids
        _record_key as incident_id,
        site_code as site_id,

        -- strings
        lower(trim(annex_ii_group)) as annex_ii_group,
        lower(trim(severity)) as severity,
        lower(trim(status)) as incident_status,
        lower(trim(source)) as reported_by,
        summary as summary_text,

        -- dates
        parse_date(reported_on) as reported_date,

        -- lineage
        _batch_id as batch_id,
        _file_hash as source_file_hash,
        _source_row as source_row

    from source

)

select * from renamed
