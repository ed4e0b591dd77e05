-- ASM producer organisations as their latest assessment describes them, with their sites and assessment history.

with assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

register as (

    select * from staging.stg_feeds__fairmined_register

),

ranked as (

    select
        *,
        row_number() over (
            partition by producer_id order by assessment_date desc, submitted_at desc, submission_uuid
        ) as recency
    from assessments

),

history as (

    select
        producer_id,
        count(distinct site_id)::integer as sites_count,
        count(*)::integer as assessments_count,
        min(assessment_date) as first_assessment_date
    from assessments
    group by producer_id

),

final as (

    select
        -- ids
        ranked.producer_id,

        -- strings
        ranked.producer_name,
        ranked.country_code,
        ranked.legal_form,
        ranked.formalisation_stage,

        -- numerics
        ranked.members_total,
        ranked.members_women,
        history.sites_count,
        history.assessments_count,

        -- booleans
        coalesce(register.certification_status = 'certified', false) as is_fairmined_certified,
        coalesce(register.is_ecological_gold, false) as is_fairmined_ecological_gold,

        -- dates
        history.first_assessment_date,
        ranked.assessment_date as last_assessment_date,
        register.certified_date as fairmined_certified_date,

        -- evidence
        ranked.submission_uuid as last_assessment_id

    from ranked
    inner join history using (producer_id)
    left join register using (producer_id)
    where ranked.recency = 1

)

select * from final
