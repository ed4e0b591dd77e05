-- IPIS visits of artisanal mine sites in eastern DR Congo (IPIS Open Data, `cod_mines_curated_all_opendata_p_ipis`):
-- one row per visit, typed and recoded, nothing joined. A site is IPIS's `pcode`, visited again over the years.
-- Recodes, from the columns of the open-data export (see shared/data/ipis-drc-sample/SOURCE.md):
--   visit_date     `2010`, or `2010-01-01`, is a visit known only by its year (the release stores year-only dates as
--                  1 January; a field visit on New Year's Day is far less likely than a year-only record): visit_year
--                  keeps the year, visit_date stays NULL. Other dates are read by parse_date.
--   0/1 flags      `1` true, `0` false, empty NULL (not recorded, which is not "no"): parse_flag.
--   interference   armed interference: an armed actor (armed group, or elements of the state's armed services such
--                  as the FARDC) interferes at the site (taxation, control, buying, forced labour …); `presence` is
--                  only that armed actors were present.
--   childunder15   children under 15 seen at the site (working: their tasks are in childunder15work).
--   mercury        mercury used at the site.
--   mineral1..3    French names (`Or`, `Cassitérite`, `Coltan` …) to Veta's mineral codes: parse_mineral.
--   qualification  the official DRC site status, to the colour codes of catalogue.colour_schemes
--                  (drc-qualification): vert green, jaune yellow, rouge red, bleu blue, `not class` not-classified.
--   pcode          `codmine…` is a site of the DRC export, so the country is CD; IPIS's other exports (Central
--                  African Republic, Zimbabwe) have other columns and no row here has another prefix.

with source as (

    select * from raw.feeds__ipis_site_visits
    where _is_current

),

renamed as (

    select
        -- ids
        _record_key as visit_id,
        trim(pcode) as site_id,

        -- strings
        case when starts_with(lower(trim(pcode)), 'codmine') then 'CD' end as country_code,
        nullif(trim(name), '') as site_name,
        nullif(trim(province), '') as province_name,
        nullif(trim(province_old), '') as province_old_name,
        nullif(trim(territoire), '') as territory_name,
        nullif(trim(source), '') as visit_source,
        nullif(trim(project), '') as visit_project,
        case lower(trim(qualification))
            when 'vert' then 'green'
            when 'jaune' then 'yellow'
            when 'rouge' then 'red'
            when 'bleu' then 'blue'
            when 'not class' then 'not-classified'
        end as qualification_code,
        nullif(trim(childunder15work), '') as child_tasks_text,
        nullif(trim(womenwork), '') as women_tasks_text,

        -- lists: the minerals of the visit in Veta's codes, and as IPIS wrote them
        list_sort(list_distinct(list_filter(
            [parse_mineral(mineral1), parse_mineral(mineral2), parse_mineral(mineral3)], m -> m is not null
        ))) as minerals,
        list_filter([nullif(trim(mineral1), ''), nullif(trim(mineral2), ''), nullif(trim(mineral3), '')], m -> m is not null)
            as mineral_names,

        -- numerics
        try_cast(nullif(trim(workers_numb), '') as integer) as workers_count,

        -- booleans
        parse_flag(visit_onsite) as is_visited_onsite,
        parse_flag(presence) as has_armed_presence,
        parse_flag(interference) as has_armed_interference,
        parse_flag(childunder15) as has_children_under_15,
        parse_flag(women) as has_women,
        parse_flag(mercury) as is_mercury_used,
        parse_flag(is_gold_mine) as is_gold_mine,
        parse_flag(is_3t_mine) as is_3t_mine,

        -- coordinates (restricted: exact site locations)
        parse_number(longitude) as site_lon,
        parse_number(latitude) as site_lat,

        -- dates
        coalesce(
            try_cast(regexp_extract(trim(visit_date), '^(\d{4})$', 1) as integer),
            year(parse_date(visit_date))
        )::integer as visit_year,
        case
            when regexp_full_match(trim(visit_date), '\d{4}(-01-01)?') then null
            else parse_date(visit_date)
        end as visit_date,
        coalesce(regexp_full_match(trim(visit_date), '\d{4}(-01-01)?'), false) as is_year_only_date,

        -- lineage
        _batch_id as batch_id,
        _file_hash as source_file_hash,
        _source_row as source_row

    from source

)

select * from renamed
