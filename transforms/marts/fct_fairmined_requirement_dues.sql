-- The Fairmined requirements of each producer at its latest Fairmined assessment: which are due by now (year-0
-- requirements before certification; after it, those whose `applies_from_year` has come, counted from the
-- certification date), their status, and the non-conformities among them with the date each became due. Each row
-- keeps its evidence: question, submission, file and row. A requirement whose year is not known is never called due.

with producers as (

    select * from intermediate.int_fairmined_producers_listed

),

assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

statuses as (

    select * from staging.stg_kobo__veta_requirement_statuses

),

requirements as (

    select * from catalogue.requirements

),

sections as (

    select * from catalogue.sections

),

latest as (

    select submission_uuid, producer_id, assessment_date, framework_version_id
    from assessments
    where starts_with(framework_version_id, 'fairmined-')
    qualify row_number() over (partition by producer_id order by assessment_date desc, submission_uuid desc) = 1

)

select
    producers.producer_id,
    statuses.requirement_id,
    sections.code as section_code,
    requirements.applies_from_year,
    case
        when requirements.applies_from_year is null then null
        when producers.certified_date is null then null
        else (producers.certified_date + to_years(requirements.applies_from_year))::date
    end as due_from_date,
    coalesce(
        case
            when requirements.applies_from_year is null then false
            when producers.years_certified is null then requirements.applies_from_year = 0
            else producers.years_certified >= requirements.applies_from_year
        end,
        false
    ) as is_due,
    statuses.status_code,
    statuses.status_code in ('non_conformant', 'risk_identified', 'in_progress', 'not_assessed') as is_unmet,
    latest.submission_uuid as assessment_id,
    latest.assessment_date,
    statuses.question_name,
    statuses.source_file_hash,
    statuses.source_row
from producers
inner join latest using (producer_id)
inner join statuses on statuses.submission_uuid = latest.submission_uuid
inner join requirements on requirements.requirement_id = statuses.requirement_id
inner join sections on sections.section_id = requirements.section_id
