-- Improvement plans and how they ended: forms list an open action again at every visit, so one plan is the run of
-- recordings of actions for a requirement at a site, from the first until a visit records it completed or cancelled
-- (a later action for the same requirement starts a new plan). Closing is known to the visit that records it, so
-- `closed_on` is that visit's day: the latest the work can have been done. On time means closed by the due date the
-- plan last gave; overdue means still open after it, as of the snapshot's as-of date.

-- not materialized: read twice, and a copy of every action costs more than reading the table again
with actions as not materialized (

    select * from intermediate.int_improvement_actions_tied

),

as_of as (

    select * from intermediate.int_as_of_dates_chosen

),

visits as (

    -- A visit that closes any action for the requirement closes the plan: two actions for one requirement, open side
    -- by side and closed at the same visit, are one plan, not a second plan that starts on the day it closes.
    select site_id, requirement_id, recorded_date, bool_or(action_status in ('completed', 'cancelled')) as closes
    from actions
    group by site_id, requirement_id, recorded_date

),

numbered as (

    select
        *,
        -- a plan is numbered by the closing visits before it at the same site and requirement
        coalesce(sum(case when closes then 1 else 0 end) over (
            partition by site_id, requirement_id order by recorded_date
            rows between unbounded preceding and 1 preceding
        ), 0) as plan_number
    from visits

),

runs as (

    select
        actions.*,
        actions.action_status in ('completed', 'cancelled') as is_closing,
        numbered.plan_number
    from actions
    inner join numbered using (site_id, requirement_id, recorded_date)

),

plans as (

    select
        site_id,
        requirement_id,
        plan_number,
        any_value(producer_id) as producer_id,
        any_value(section_code) as section_code,
        min(recorded_date) as plan_started_on,
        -- the latest visit's due date; of two actions recorded then, the later one
        arg_max(due_date, struct_pack(recorded_date, due_date)) as due_date,
        min(recorded_date) filter (where is_closing) as closed_on,
        -- completed wins over cancelled when one closing visit records both
        arg_min(action_status, struct_pack(recorded_date, action_status)) filter (where is_closing) as closing_status,
        count(distinct recorded_date) as recordings,
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
