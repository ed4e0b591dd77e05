-- IPIS visits placed in the admin-1 units of the catalogue. The catalogue keeps the DRC's 11 pre-2015 provinces (as
-- Natural Earth does), which is what IPIS writes in province_old; a visit without it is placed by `province` when
-- that is one of the provinces the 2015 reform left whole (Maniema, Nord-Kivu, Sud-Kivu, Kinshasa …). Names are
-- compared as keys (normalise_name: `orientale` is Orientale). A visit whose province matches no unit keeps a NULL
-- admin1_code: it counts for its country, not for a province.

with visits as (

    select * from staging.stg_feeds__ipis_site_visits

),

names as (

    select * from intermediate.int_admin1_names_listed

)

select
    visits.*,
    coalesce(by_old.admin1_code, by_new.admin1_code) as admin1_code,
    case
        when by_old.admin1_code is not null then 'province_old'
        when by_new.admin1_code is not null then 'province'
    end as admin1_matched_on
from visits
left join names as by_old
    on by_old.country_code = visits.country_code
    and by_old.name_key = normalise_name(visits.province_old_name)
left join names as by_new
    on by_new.country_code = visits.country_code
    and by_new.name_key = normalise_name(visits.province_name)
