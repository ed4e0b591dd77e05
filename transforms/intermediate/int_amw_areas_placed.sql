-- Amazon Mining Watch areas placed in the admin-1 units of the catalogue where the feed's unit is an admin-1 unit.
-- The feed's `id` names the admin-1 unit a row falls in (`CO_18`, `PE_16`), in the feed's own codes; a unit whose
-- own code is one of those admin-1 codes is an admin-1 unit (Colombian departments, Guyanese regions, Surinamese
-- districts). The others lie below it (Peruvian provinces, Ecuadorian cantons, Brazilian and Bolivian
-- municipalities …) and are never placed in an admin-1 unit: their names are not admin-1 names, and one that shares
-- a region's name would be matched wrongly (Peru's province of Ucayali, PE_16, lies in the region of Loreto). An
-- admin-1 unit is matched to the catalogue by its name as a key (normalise_name: `Caquetá`, `CAQUETA`); one that
-- matches nothing keeps a NULL admin1_code and counts for its country only.

with areas as (

    select * from staging.stg_feeds__amazon_mining_watch

),

names as (

    select * from intermediate.int_admin1_names_listed

),

feed_admin1_codes as (

    select distinct country_code, feed_admin1_code from areas where feed_admin1_code is not null

),

levelled as (

    select
        areas.*,
        feed_admin1_codes.feed_admin1_code is not null as is_admin1_unit
    from areas
    left join feed_admin1_codes
        on feed_admin1_codes.country_code = areas.country_code
        and feed_admin1_codes.feed_admin1_code = areas.unit_code

)

select
    levelled.*,
    case when levelled.is_admin1_unit then names.admin1_code end as admin1_code
from levelled
left join names
    on names.country_code = levelled.country_code
    and names.name_key = normalise_name(levelled.unit_name)
