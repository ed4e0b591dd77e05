-- The moments a site's CRAFT status is judged: at every assessment (as of its day: the trajectory), and in each
-- edition of the present (int_editions_dated): `current` on its latest assessment, as of the snapshot's as-of date,
-- and `public` on its latest assessment by the public edition's day, as of that day. Each framework version is judged
-- on its own assessments, so a site assessed under CRAFT 2.0 and later 2.1 keeps a status under each.

with assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

versions as (

    select * from catalogue.framework_versions

),

editions as (

    select * from intermediate.int_editions_dated

),

craft as (

    select
        assessments.submission_uuid as assessment_id,
        assessments.site_id,
        assessments.producer_id,
        assessments.framework_version_id,
        assessments.country_code,
        assessments.admin1_code,
        assessments.formalisation_stage,
        assessments.form_version,
        assessments.assessment_date
    from assessments
    inner join versions on versions.version_id = assessments.framework_version_id
    where versions.framework_id = 'craft'

),

latest as (

    select craft.*, editions.edition as judged_as, editions.as_of_date
    from craft
    inner join editions on craft.assessment_date <= editions.as_of_date
    qualify row_number() over (
        partition by editions.edition, craft.site_id, craft.framework_version_id
        order by craft.assessment_date desc, craft.assessment_id desc
    ) = 1

)

select craft.*, 'at_assessment' as judged_as, craft.assessment_date as as_of_date from craft
union all
select * from latest
