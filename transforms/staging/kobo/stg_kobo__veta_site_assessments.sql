-- Site assessments made with Veta's own XLSForm (any framework version): one row per submission, renamed, typed and
-- recoded. The per-requirement statuses of the same submissions are in stg_kobo__veta_requirement_statuses.
-- An edited submission has several versions in raw (kept as history); ingest marks the current one (`_is_current`:
-- the version no later edit replaced, see ingest/land-csv.ts), and only that one describes it.

with source as (

    select * from raw.kobo__veta_site_assessments
    where _is_current

),

renamed as (

    select
        -- ids
        _submission_uuid as submission_uuid,
        framework_version as framework_version_id,
        form_id,
        "site/site_code" as site_id,
        "site/producer_code" as producer_id,

        -- strings
        "site/site_name" as site_name,
        "site/site_type" as site_type,
        "site/producer_name" as producer_name,
        upper(trim("site/country")) as country_code,
        upper(trim("site/admin1")) as admin1_code,
        nullif(trim("site/admin2"), '') as admin2_name,
        "identification/assessor_role" as assessor_role,
        "identification/assessor_name" as assessor_name,
        "__version__" as form_version,
        -- ODK Central exports carry their submitter; KoboToolbox ones do not
        case when "SubmitterID" is not null then 'odk_central' else 'kobotoolbox' end as collected_with,
        "organisation/legal_form" as legal_form,
        "organisation/formalisation_stage" as formalisation_stage,
        nullif(trim("organisation/mining_title_number"), '') as mining_title_number,

        -- lists (an unanswered select_multiple is an empty list, not a list holding '')
        list_sort(string_split(trim("site/minerals"), ' ')) as minerals,
        list_filter(string_split(trim(coalesce("workforce/women_roles", '')), ' '), role -> role <> '') as women_roles,
        list_filter(string_split(trim(coalesce("practices/environmental_measures", '')), ' '), m -> m <> '')
            as environmental_measures,

        -- numerics
        try_cast("workforce/workers_total" as integer) as workers_total,
        try_cast("workforce/workers_women" as integer) as workers_women,
        try_cast("workforce/workers_under_18" as integer) as workers_under_18,
        try_cast("workforce/workers_under_15" as integer) as workers_under_15,
        parse_number("practices/mercury_kg_per_month") as mercury_kg_per_month,
        parse_number("practices/mercury_recovered_kg_per_month") as mercury_recovered_kg_per_month,
        try_cast("practices/accidents_12_months" as integer) as accidents_12_months,
        try_cast("practices/fatalities_12_months" as integer) as fatalities_12_months,
        try_cast("organisation/members_total" as integer) as members_total,
        try_cast("organisation/members_women" as integer) as members_women,

        -- booleans
        case "practices/mercury_used" when 'yes' then true when 'no' then false end as is_mercury_used,
        case "practices/cyanide_used" when 'yes' then true when 'no' then false end as is_cyanide_used,
        case "organisation/has_mining_title" when 'yes' then true when 'no' then false end as has_mining_title,
        case "workforce/children_under_15_observed" when 'yes' then true when 'no' then false end
            as is_children_under_15_observed,

        -- coordinates (restricted: exact site locations)
        parse_number("site/_gps_longitude") as site_lon,
        parse_number("site/_gps_latitude") as site_lat,

        -- dates and timestamps: Kobo writes _submission_time in UTC without an offset; start keeps the phone's
        -- offset, stored apart so the local time of day is not lost
        parse_date("identification/assessment_date") as assessment_date,
        try_cast("_submission_time" as timestamp) as submitted_at,
        try_cast("start" as timestamptz) at time zone 'UTC' as started_at,
        regexp_extract("start", '([+-]\d\d:\d\d|Z)$') as started_at_utc_offset,

        -- lineage
        _record_version as submission_version,
        _batch_id as batch_id,
        _file_hash as source_file_hash,
        _source_row as source_row

    from source

)

select * from renamed
