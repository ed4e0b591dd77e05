-- Amazon Mining Watch (Earth Genome, CC BY 4.0): mining area newly detected from Sentinel-2 imagery, by admin unit,
-- period and illegality class, typed and recoded, nothing joined. Recodes:
--   id             `<ISO2>_<admin-1 code>`: the feed's own code of the admin-1 unit the row falls in (not an ISO
--                  3166-2 code), kept as feed_admin1_code.
--   admin_year     `YYYYPP`: PP 00 is the whole year (period_quarter NULL, is_whole_year), 02 and 03 are quarters
--                  of the year in progress (2025 Q2, Q3).
--   admin_illegality_max   the highest illegality class (0 to 4) of the zones the detected mining overlaps.
--   intersected_area_ha    hectares newly detected in the period; the feed writes some as `7.9e-12` (slivers of a
--                  polygon crossing a boundary), which a plain cast reads and parse_number does not.
-- The unit's level differs by country (Colombian departments, Peruvian provinces, Brazilian municipalities …):
-- intermediate.int_amw_areas_placed says which rows are admin-1 units.

with source as (

    select * from raw.feeds__amazon_mining_watch
    where _is_current

),

renamed as (

    select
        -- ids
        _record_key as record_id,
        nullif(trim(admin_id_field), '') as unit_code,
        nullif(regexp_extract(trim(id), '^[A-Za-z]{2}_(.+)$', 1), '') as feed_admin1_code,

        -- strings
        upper(trim(admin_country_code)) as country_code,
        nullif(trim(admin_country), '') as country_name,
        nullif(trim(admin_name_field), '') as unit_name,

        -- numerics
        try_cast(left(trim(admin_year), 4) as integer) as period_year,
        nullif(try_cast(right(trim(admin_year), 2) as integer), 0) as period_quarter,
        try_cast(parse_number(admin_illegality_max) as integer) as illegality_class,
        coalesce(try_cast(trim(intersected_area_ha) as double), parse_number(intersected_area_ha)) as new_mining_area_ha,

        -- booleans
        right(trim(admin_year), 2) = '00' as is_whole_year,

        -- lineage
        _batch_id as batch_id,
        _file_hash as source_file_hash,
        _source_row as source_row

    from source

)

select * from renamed
