-- Where the public may see that mine sites are, and how many: every site Veta knows moved to its admin-1 unit's
-- label point (a point inside the unit, catalogue.admin1_shapes), or to its country's when it lies in no unit, and
-- counted there. With the publication rule public.site_grid_degrees above 0, a site with coordinates goes to the
-- centre of its grid cell instead. No exact location leaves this model; the public tier suppresses places with fewer
-- than public.minimum_count sites like any count. Statuses are each site's CRAFT status on its latest CRAFT
-- assessment (int_site_statuses_picked, as fct_region_risk_profiles counts them). Like the region profiles, places
-- come in two editions: `current` for restricted tiers, `public` as of the day the publication lag allows.

with known as (

    select * from intermediate.int_sites_known_listed

),

assessed_sites as (

    select site_id, site_lon, site_lat from marts.dim_sites

),

registry as (

    select site_id, site_lon, site_lat from staging.stg_feeds__site_registry where has_valid_location

),

statuses as (

    select * from intermediate.int_site_statuses_picked

),

unit_shapes as (

    select * from catalogue.admin1_shapes

),

country_shapes as (

    select * from catalogue.country_shapes

),

grid as (

    select value as degrees from catalogue.publication_rules where rule_id = 'public.site_grid_degrees'

),

located as (

    select
        known.edition,
        known.site_id,
        known.country_code,
        known.admin1_code,
        known.is_assessed_in_window,
        known.as_of_date,
        coalesce(assessed_sites.site_lon, registry.site_lon) as site_lon,
        coalesce(assessed_sites.site_lat, registry.site_lat) as site_lat
    from known
    left join assessed_sites using (site_id)
    left join registry using (site_id)

),

placed as (

    select
        located.*,
        case
            when (select degrees from grid) > 0 and located.site_lon is not null then 'grid'
            when located.admin1_code is not null then 'admin1'
            else 'country'
        end as precision
    from located

),

generalised as (

    select
        placed.edition,
        placed.site_id,
        placed.country_code,
        placed.precision,
        placed.is_assessed_in_window,
        placed.as_of_date,
        case placed.precision when 'admin1' then placed.admin1_code end as admin1_code,
        case placed.precision
            when 'grid' then placed.country_code || ':grid:' || grid.degrees || ':'
                || floor(placed.site_lon / grid.degrees)::bigint || ':' || floor(placed.site_lat / grid.degrees)::bigint
            when 'admin1' then placed.admin1_code
            else placed.country_code
        end as place_id,
        case placed.precision
            when 'grid' then round((floor(placed.site_lon / grid.degrees) + 0.5) * grid.degrees, 4)
            when 'admin1' then unit_shapes.label_lon
            else country_shapes.label_lon
        end as place_lon,
        case placed.precision
            when 'grid' then round((floor(placed.site_lat / grid.degrees) + 0.5) * grid.degrees, 4)
            when 'admin1' then unit_shapes.label_lat
            else country_shapes.label_lat
        end as place_lat
    from placed
    cross join grid
    left join unit_shapes on unit_shapes.admin1_code = placed.admin1_code
    left join country_shapes on country_shapes.country_code = placed.country_code

),

counted as (

    select
        generalised.edition,
        generalised.place_id,
        any_value(generalised.precision) as precision,
        any_value(generalised.country_code) as country_code,
        any_value(generalised.admin1_code) as admin1_code,
        any_value(generalised.place_lon) as place_lon,
        any_value(generalised.place_lat) as place_lat,
        count(*)::integer as sites_known,
        count(*) filter (where generalised.is_assessed_in_window)::integer as sites_assessed_12_months,
        count(statuses.craft_status)::integer as sites_with_craft_status,
        count(*) filter (where statuses.craft_status = 'engage')::integer as engage_sites,
        count(*) filter (where statuses.craft_status = 'not_eligible')::integer as not_eligible_sites,
        count(*) filter (where statuses.craft_status = 'mitigate')::integer as mitigate_sites,
        count(*) filter (where statuses.craft_status = 'suspend')::integer as suspend_sites,
        count(*) filter (where statuses.craft_status = 'disengage')::integer as disengage_sites,
        any_value(generalised.as_of_date) as as_of_date
    from generalised
    left join statuses using (edition, site_id)
    group by generalised.edition, generalised.place_id

),

final as (

    select
        -- ids
        edition,
        place_id,
        precision,
        country_code,
        admin1_code,

        -- coordinates (generalised)
        place_lon,
        place_lat,

        -- numerics
        sites_known,
        sites_assessed_12_months,
        sites_with_craft_status,
        round(engage_sites / nullif(sites_with_craft_status, 0), 4) as engage_share,
        round(not_eligible_sites / nullif(sites_with_craft_status, 0), 4) as not_eligible_share,
        round(mitigate_sites / nullif(sites_with_craft_status, 0), 4) as mitigate_share,
        round(suspend_sites / nullif(sites_with_craft_status, 0), 4) as suspend_share,
        round(disengage_sites / nullif(sites_with_craft_status, 0), 4) as disengage_share,

        -- dates
        as_of_date

    from counted

)

select * from final
