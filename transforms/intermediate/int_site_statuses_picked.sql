-- Each site's CRAFT status in each edition of the present (int_editions_dated), one per site: the edition's judgement
-- on its latest CRAFT assessment, so a site assessed under two versions counts once, by the version it was last
-- assessed under. What the region marts count.

with statuses as (

    select * from intermediate.int_craft_site_statuses_judged

)

select
    judged_as as edition,
    site_id,
    framework_version_id,
    craft_status,
    open_actions,
    overdue_actions,
    assessment_date,
    is_stale
from statuses
where judged_as in ('current', 'public')
qualify row_number() over (
    partition by judged_as, site_id order by assessment_date desc, framework_version_id desc
) = 1
