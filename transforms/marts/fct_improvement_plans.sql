-- Improvement plans and how they ended: forms list an open action again at every visit, so one plan is the run of
-- recordings of actions for a requirement at a site, from the first until a visit records it completed or cancelled
-- (a later action for the same requirement starts a new plan). Closing is known to the visit that records it, so
-- `closed_on` is that visit's day: the latest the work can have been done. On time means closed by the due date the
-- plan last gave; overdue means still open after it, as of the snapshot's as-of date.

with actions as (

    select * from intermediate.int_improvement_actions_tied

),

as_of as (

    select * from intermediate.int_as_of_dates_chosen

),

runs as (

    select
        *,
        action_status in ('completed', 'cancelled') as is_closing,
        -- a plan is numbered by the closings recorded before it at the same site and requirement
        coalesce(sum(case when action_status in ('completed', 'cancelled') then 1 else 0 end) over (
            partition by site_id, requirement_id order by recorded_date, action_id
            rows between unbounded preceding and 1 preceding
        ), 0) as plan_number
    from actions

),

plans as (

    select
        site_id,
        requirement_id,
        plan_number,
        any_value(producer_id) as producer_id,
        any_value(section_code) as section_code,
        min(recorded_date) as plan_started_on,
        arg_max(due_date, recorded_date) as due_date,
        min(recorded_date) filter (where is_closing) as closed_on,
        arg_min(action_status, recorded_date) filter (where is_closing) as closing_status,
        count(*) as recordings,
        arg_min(assessment_id, recorded_date) as first_assessment_id,
        arg_max(assessment_id, recorded_date) as last_assessment_id
    from runs
    group by site_id, requirement_id, plan_number

)

select
    plans.site_id,
    plans.producer_id,
    plans.requirement_id,
    plans.section_code,
    plans.plan_started_on,
    plans.due_date,
    plans.closed_on,
    coalesce(plans.closing_status, 'open') as outcome,
    plans.closing_status is null and plans.due_date < as_of.as_of_date as is_overdue,
    case when plans.closing_status = 'completed' then plans.closed_on <= plans.due_date end as is_closed_on_time,
    case when plans.closing_status is not null then date_diff('day', plans.plan_started_on, plans.closed_on) end
        as days_to_close,
    plans.recordings::integer as recordings,
    plans.first_assessment_id,
    plans.last_assessment_id,
    as_of.as_of_date
from plans
cross join as_of
