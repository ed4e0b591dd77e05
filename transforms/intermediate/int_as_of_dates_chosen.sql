-- The snapshot's as-of date: the day of the latest submission it holds. Judging "as of" that day rather than the
-- day of the build keeps a rebuild from the same inputs giving the same answers.

with assessments as (

    select * from staging.stg_kobo__veta_site_assessments

)

select coalesce(max(submitted_at)::date, max(assessment_date)) as as_of_date
from assessments
