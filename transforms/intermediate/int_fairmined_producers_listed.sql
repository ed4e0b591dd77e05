-- The producers the Fairmined rules look at: those in the Fairmined register, those that sold gold as Fairmined and
-- those assessed against the Fairmined Standard; with their certification as the register gives it and the
-- snapshot's as-of date.

with register as (

    select * from staging.stg_feeds__fairmined_register

),

sales as (

    select * from staging.stg_feeds__sales

),

assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

as_of as (

    select * from intermediate.int_as_of_dates_chosen

),

producers as (

    select producer_id from register
    union
    select producer_id from sales where fairmined_model in ('labelled', 'incorporated')
    union
    select producer_id from assessments where starts_with(framework_version_id, 'fairmined-')

)

select
    producers.producer_id,
    register.organisation_name,
    register.country_code as register_country_code,
    register.certification_status,
    register.certified_date,
    coalesce(register.is_ecological_gold, false) as is_ecological_gold,
    as_of.as_of_date,
    -- whole years since certification: a year-n requirement is due from the n-th anniversary
    case when register.certified_date is not null
        then date_diff('year', register.certified_date, as_of.as_of_date)
            - case when strftime(as_of.as_of_date, '%m-%d') < strftime(register.certified_date, '%m-%d') then 1 else 0 end
    end as years_certified
from producers
left join register using (producer_id)
cross join as_of
