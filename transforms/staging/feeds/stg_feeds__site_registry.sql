-- Mine sites as partners' site registries (GeoJSON) list them: typed and recoded, nothing joined. The location is
-- the registry's point (a Point's coordinates, or the mean of a shape's vertices: see
-- ingest/geojson/detect-site-registry.ts), kept as sent and flagged when it cannot be a site's place.

with source as (

    select * from raw.feeds__site_registry
    where _is_current

),

renamed as (

    select
        -- ids
        _record_key as site_id,
        nullif(trim(feature_id), '') as feature_id,

        -- strings
        coalesce(nullif(trim(site_name), ''), nullif(trim(name), '')) as site_name,
        upper(trim(country_code)) as country_code,
        nullif(trim(admin1), '') as admin1,
        nullif(trim(geometry_type), '') as geometry_type,

        -- lists: a registry gives minerals as a JSON array, or as text separated by commas, semicolons or spaces
        list_sort(list_filter(
            list_transform(
                case
                    when starts_with(trim(coalesce(minerals, mineral)), '[')
                        then try_cast(try_cast(trim(coalesce(minerals, mineral)) as json) as varchar[])
                    else regexp_split_to_array(trim(coalesce(minerals, mineral)), '[,;\s]+')
                end,
                m -> lower(trim(m))
            ),
            m -> m <> ''
        )) as minerals,

        -- coordinates (restricted: exact site locations)
        parse_number(longitude) as site_lon,
        parse_number(latitude) as site_lat,

        -- lineage
        _batch_id as batch_id,
        _file_hash as source_file_hash,
        _source_row as source_row

    from source

),

flagged as (

    select
        *,
        -- booleans: a place on the globe, and not 0°, 0° (in the Gulf of Guinea, where no mine is: what a tool
        -- writes when it has no location)
        coalesce(
            site_lon between -180 and 180
            and site_lat between -90 and 90
            and not (site_lon = 0 and site_lat = 0),
            false
        ) as has_valid_location

    from renamed

)

select * from flagged
