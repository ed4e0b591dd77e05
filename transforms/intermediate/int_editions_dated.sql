-- The two editions of the figures that describe the present, and the day each is as of: `current`, as of the
-- snapshot's as-of date, which restricted tiers read; `public`, as of that day less the publication lag
-- (catalogue.publication_rules, public.lag_months), which is all the public tier reads. A finding of the last months
-- thus reaches buyers and implementers, who can act on it with the site, before it is published to everyone.

with as_of as (

    select * from intermediate.int_as_of_dates_chosen

),

lag as (

    select value::integer as months from catalogue.publication_rules where rule_id = 'public.lag_months'

)

select 'current' as edition, as_of.as_of_date from as_of
union all
select 'public' as edition, (as_of.as_of_date - to_months(coalesce((select months from lag), 0)))::date as as_of_date
from as_of
