-- What each requirement says about a site's CRAFT status at each judgement (int_craft_judgements_listed), by the
-- rules of catalogue.craft_statuses, tried in order:
--   1. a module 3 risk identified                                        -> disengage
--   2. a module 4 risk identified with no mitigation plan, or whose plan
--      is older than its review period (craft.mitigation_review_months)  -> suspend
--   3. a module 4 risk identified under a plan still inside that period  -> mitigate
--   4. a module 1 or 2 requirement non-conformant, not on a documented
--      formalisation route (formalisation in process, or an open
--      improvement action for it recorded at the assessment)            -> not_eligible
-- Other requirements give no verdict. A plan is the improvement actions (not cancelled) recorded for the
-- requirement at the site since the risk was first found in its current run of findings; the run is the
-- assessments in a row that found it. Every row keeps the evidence: question, submission, form version, file, row.

with judgements as (

    select * from intermediate.int_craft_judgements_listed

),

-- not materialized: read three times, a copy of every status would cost more than reading the table again
statuses as not materialized (

    select * from staging.stg_kobo__veta_requirement_statuses

),

assessments as (

    select * from staging.stg_kobo__veta_site_assessments

),

actions as (

    select * from intermediate.int_improvement_actions_tied

),

requirements as (

    select * from catalogue.requirements

),

sections as (

    select * from catalogue.sections

),

status_codes as (

    select * from catalogue.status_codes

),

craft_statuses as (

    select * from catalogue.craft_statuses

),

review_months as (

    select version_id, value::integer as months
    from catalogue.parameters
    where parameter_id = 'craft.mitigation_review_months'

),

risky as (

    -- the sites and requirements where a risk was ever found: only there do runs matter, and they are a sliver of
    -- the rows (counting runs over every status of every site took most of this model's time)
    select distinct assessments.site_id, statuses.requirement_id
    from statuses
    inner join assessments using (submission_uuid)
    where statuses.status_code = 'risk_identified'

),

site_history as (

    select
        statuses.submission_uuid,
        statuses.requirement_id,
        statuses.status_code,
        assessments.site_id,
        assessments.framework_version_id,
        assessments.assessment_date,
        -- a new run starts after every assessment that did not find the risk
        sum(case when statuses.status_code = 'risk_identified' then 0 else 1 end) over (
            partition by assessments.site_id, statuses.requirement_id
            order by assessments.assessment_date, statuses.submission_uuid
            rows unbounded preceding
        ) as run
    from statuses
    inner join assessments using (submission_uuid)
    semi join risky
        on risky.site_id is not distinct from assessments.site_id
        and risky.requirement_id is not distinct from statuses.requirement_id

),

risk_runs as (

    select
        submission_uuid,
        requirement_id,
        min(assessment_date) over (partition by site_id, requirement_id, run) as risk_since
    from site_history
    where status_code = 'risk_identified'

),

-- not materialized: plans want only the module 4 risks, which a filter finds before any join, where a copy of every
-- finding would be written and read back whole (at a million submissions, most of the build)
findings as not materialized (

    select
        judgements.*,
        statuses.requirement_id,
        sections.code as module_code,
        statuses.status_code,
        status_codes.is_risk,
        statuses.question_name,
        statuses.source_file_hash,
        statuses.source_row,
        risk_runs.risk_since
    from judgements
    inner join statuses on statuses.submission_uuid = judgements.assessment_id
    inner join requirements on requirements.requirement_id = statuses.requirement_id
    inner join sections on sections.section_id = requirements.section_id
    inner join status_codes on status_codes.status_code = statuses.status_code
    left join risk_runs on risk_runs.submission_uuid = statuses.submission_uuid
        and risk_runs.requirement_id = statuses.requirement_id

),

plans as (

    select
        findings.assessment_id,
        findings.judged_as,
        findings.requirement_id,
        min(actions.recorded_date) as plan_started_on
    from findings
    inner join actions on actions.site_id = findings.site_id
        and actions.requirement_id = findings.requirement_id
        and actions.recorded_date between findings.risk_since and findings.as_of_date
        and actions.action_status <> 'cancelled'
    where findings.module_code = 'M4' and findings.is_risk
    group by all

),

open_actions as (

    select distinct assessment_id, requirement_id
    from actions
    where action_status in ('planned', 'in_progress')

),

judged as (

    select
        findings.*,
        plans.plan_started_on,
        (plans.plan_started_on + to_months(review_months.months))::date as plan_review_due,
        coalesce(findings.formalisation_stage = 'in_process', false) or open_actions.requirement_id is not null
            as is_on_route,
        case
            when findings.module_code = 'M3' and findings.is_risk then 'disengage'
            when findings.module_code = 'M4' and findings.is_risk and plans.plan_started_on is null then 'suspend'
            when findings.module_code = 'M4' and findings.is_risk
                and findings.as_of_date > plans.plan_started_on + to_months(review_months.months) then 'suspend'
            when findings.module_code = 'M4' and findings.is_risk then 'mitigate'
            when findings.module_code in ('M1', 'M2') and findings.status_code = 'non_conformant' and not is_on_route
                then 'not_eligible'
        end as verdict
    from findings
    left join plans using (assessment_id, judged_as, requirement_id)
    left join review_months on review_months.version_id = findings.framework_version_id
    left join open_actions on open_actions.assessment_id = findings.assessment_id
        and open_actions.requirement_id = findings.requirement_id

)

select
    judged.*,
    craft_statuses.severity as verdict_severity,
    craft_statuses.rule as verdict_rule
from judged
left join craft_statuses on craft_statuses.craft_status = judged.verdict
