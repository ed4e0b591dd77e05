-- Site assessments from Veta's KoboToolbox form: renamed, typed and recoded, nothing joined.
-- A submission that landed more than once keeps its first landing (ingest counts the rest as duplicates).

with source as (

    select * from raw.kobo__site_assessments

),

renamed as (

    select
        -- ids
        _submission_uuid as submission_uuid,
        "site/site_code" as site_id,
        "site/producer_code" as producer_id,

        -- strings
        "site/site_name" as site_name,
        "site/producer_name" as producer_name,
        upper(trim("site/country")) as country_code,
        upper(trim("site/admin1")) as admin1_code,
        "identification/assessor_role" as assessor_role,
        "__version__" as form_version,

        -- lists
        list_sort(string_split(trim("site/minerals"), ' ')) as minerals,

        -- numerics
        try_cast("workforce/workers_total" as integer) as workers_total,
        try_cast("workforce/workers_women" as integer) as workers_women,
        try_cast("workforce/workers_under_18" as integer) as workers_under_18,

        -- booleans
        case "practices/mercury_used" when 'yes' then true when 'no' then false end as is_mercury_used,

        -- coordinates (restricted: exact site locations)
        try_cast("_gps_longitude" as double) as site_lon,
        try_cast("_gps_latitude" as double) as site_lat,

        -- dates and timestamps (Kobo writes _submission_time in UTC without an offset)
        try_cast("identification/assessment_date" as date) as assessment_date,
        try_cast("_submission_time" as timestamp) as submitted_at,

        -- lineage
        _batch_id as batch_id,
        _file_hash as source_file_hash,
        _source_row as source_row

    from source

)

select * from renamed
