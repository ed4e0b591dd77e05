-- The trajectory of each site's CRAFT status: the status every assessment gave, as of its own day, with the module 5
-- score and the open and overdue improvement actions it listed, and the status the assessment before it gave.

select
    * exclude (judged_as),
    lag(craft_status) over (
        partition by site_id, framework_version_id order by assessment_date, assessment_id
    ) as previous_craft_status
from intermediate.int_craft_site_statuses_judged
where judged_as = 'at_assessment'
