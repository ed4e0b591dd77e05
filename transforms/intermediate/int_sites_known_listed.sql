-- The mine sites Veta knows in each edition of the present (int_editions_dated), with where they are, what they mine
-- and how recently they were assessed as of the edition's day: every site with an assessment by that day (placed,
-- and its minerals taken, as its latest such assessment says), and every site a partner's registry lists that has
-- none (placed by the registry's admin1, an ISO 3166-2 code or a unit's name, and its minerals read by
-- parse_mineral). A site is assessed in the window when its latest assessment, under any framework, is not older
-- than craft.status_stale_months of the current CRAFT version (12) at that day: the same test that marks a CRAFT
-- status stale, so a site in the window is one whose status is not stale. IPIS's sites are not listed here: their codes are IPIS's own and cannot be told apart
-- from a site Veta assessed under its own code, so IPIS is partner context, never a count of known sites.

with assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

registry as (

    select * from staging.stg_feeds__site_registry

),

names as (

    select * from intermediate.int_admin1_names_listed

),

units as (

    select * from catalogue.admin1_units

),

editions as (

    select * from intermediate.int_editions_dated

),

window_months as (

    select parameters.value::integer as months
    from catalogue.parameters as parameters
    inner join catalogue.framework_versions as versions on versions.version_id = parameters.version_id
    where parameters.parameter_id = 'craft.status_stale_months'
        and versions.framework_id = 'craft'
        and versions.status = 'current'

),

latest as (

    select assessments.*, editions.edition, editions.as_of_date
    from assessments
    inner join editions on assessments.assessment_date <= editions.as_of_date
    qualify row_number() over (
        partition by editions.edition, assessments.site_id
        order by assessments.assessment_date desc, assessments.submitted_at desc, assessments.submission_uuid
    ) = 1

),

assessed as (

    select
        edition,
        as_of_date,
        site_id,
        producer_id,
        country_code,
        admin1_code,
        minerals,
        'assessment' as known_from,
        submission_uuid as latest_assessment_id,
        assessment_date as latest_assessment_date
    from latest

),

registered as (

    select
        editions.edition,
        editions.as_of_date,
        registry.site_id,
        null::varchar as producer_id,
        registry.country_code,
        coalesce(units.admin1_code, names.admin1_code) as admin1_code,
        list_sort(list_distinct(list_filter(list_transform(registry.minerals, m -> parse_mineral(m)), m -> m is not null)))
            as minerals,
        'registry' as known_from,
        null::varchar as latest_assessment_id,
        null::date as latest_assessment_date
    from registry
    cross join editions
    left join units
        on units.admin1_code = upper(trim(registry.admin1))
        and units.country_code = registry.country_code
    left join names
        on names.country_code = registry.country_code
        and names.name_key = normalise_name(registry.admin1)
    where not exists (
        select 1 from assessed where assessed.site_id = registry.site_id and assessed.edition = editions.edition
    )

),

known as (

    select * from assessed
    union all
    select * from registered

)

select
    known.*,
    date_diff('month', known.latest_assessment_date, known.as_of_date)::integer as months_since_assessment,
    -- NULL only if the catalogue lacks the window, for the data test to catch
    case
        when known.latest_assessment_date is null then false
        else known.as_of_date <= (known.latest_assessment_date + to_months((select months from window_months)))::date
    end as is_assessed_in_window
from known
