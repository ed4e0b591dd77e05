-- Every name an admin-1 unit of the catalogue goes by (local, English, Spanish, French; each part of a name Natural
-- Earth joins with ` / `, as in `Bogota / Cundinamarca`) as a key (normalise_name), for partner feeds that name
-- their units instead of coding them. A key two units of a country share is resolved by the kind of name (the local
-- name first, then English, Spanish, French) and dropped when that still leaves two: Natural Earth gives Guyana's
-- Essequibo Islands-West Demerara the English name Mahaica-Berbice, which is the local name of another region.

with units as (

    select * from catalogue.admin1_units

),

names as (

    select admin1_code, country_code, unnest(string_split(name, ' / ')) as unit_name, 1 as priority from units
    union all
    select admin1_code, country_code, unnest(string_split(name_en, ' / ')), 2 from units
    union all
    select admin1_code, country_code, unnest(string_split(name_es, ' / ')), 3 from units
    union all
    select admin1_code, country_code, unnest(string_split(name_fr, ' / ')), 4 from units

),

keyed as (

    select distinct admin1_code, country_code, normalise_name(unit_name) as name_key, priority
    from names
    where normalise_name(unit_name) is not null

),

best as (

    select country_code, name_key, min(priority) as priority
    from keyed
    group by all

),

resolved as (

    select
        keyed.country_code,
        keyed.name_key,
        min(keyed.admin1_code) as admin1_code,
        count(distinct keyed.admin1_code) as candidates
    from keyed
    inner join best using (country_code, name_key, priority)
    group by all

)

select country_code, name_key, admin1_code
from resolved
where candidates = 1
