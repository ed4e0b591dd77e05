-- A site's CRAFT status at each judgement: its most severe requirement verdict, else engage; beside it, the module 5
-- progressive-improvement score (share of the applicable module 5 requirements that are conformant) and the
-- improvement actions the assessment lists as open, and overdue as of the judgement. Module 5 never changes the
-- status. A status whose assessment is older than craft.status_stale_months at the judgement is stale.

with judgements as (

    select * from intermediate.int_craft_judgements_listed

),

-- not materialized: read twice, and a copy of every requirement's verdict costs more than reading the table again
verdicts as not materialized (

    select * from intermediate.int_craft_requirement_verdicts

),

actions as (

    select * from intermediate.int_improvement_actions_tied

),

craft_statuses as (

    select * from catalogue.craft_statuses

),

stale_months as (

    select version_id, value::integer as months
    from catalogue.parameters
    where parameter_id = 'craft.status_stale_months'

),

worst as (

    select
        assessment_id,
        judged_as,
        min(verdict_severity) as severity,
        count(*) filter (where module_code = 'M5' and status_code = 'conformant') as module5_conformant,
        count(*) filter (where module_code = 'M5' and status_code not in ('not_applicable', 'not_assessed'))
            as module5_applicable
    from verdicts
    group by all

),

flagged as (

    select verdicts.assessment_id, verdicts.judged_as, count(*) as requirements_flagged
    from verdicts
    inner join worst using (assessment_id, judged_as)
    where verdicts.verdict_severity = worst.severity
    group by all

),

listed_actions as (

    select
        judgements.assessment_id,
        judgements.judged_as,
        count(*) filter (where actions.action_status in ('planned', 'in_progress')) as open_actions,
        count(*) filter (
            where actions.action_status in ('planned', 'in_progress') and actions.due_date < judgements.as_of_date
        ) as overdue_actions
    from judgements
    inner join actions using (assessment_id)
    group by all

)

select
    judgements.site_id,
    judgements.producer_id,
    judgements.framework_version_id,
    judgements.country_code,
    judgements.admin1_code,
    judgements.assessment_id,
    judgements.form_version,
    judgements.judged_as,
    coalesce(craft_statuses.craft_status, 'engage') as craft_status,
    coalesce(craft_statuses.rule, 5) as status_rule,
    coalesce(flagged.requirements_flagged, 0)::integer as requirements_flagged,
    round(worst.module5_conformant / nullif(worst.module5_applicable, 0), 4) as module5_score,
    coalesce(worst.module5_applicable, 0)::integer as module5_requirements_applicable,
    coalesce(listed_actions.open_actions, 0)::integer as open_actions,
    coalesce(listed_actions.overdue_actions, 0)::integer as overdue_actions,
    judgements.assessment_date,
    judgements.as_of_date,
    date_diff('month', judgements.assessment_date, judgements.as_of_date)::integer as months_since_assessment,
    judgements.as_of_date > (judgements.assessment_date + to_months(stale_months.months))::date as is_stale

from judgements
left join worst using (assessment_id, judged_as)
left join craft_statuses on craft_statuses.severity = worst.severity
left join flagged using (assessment_id, judged_as)
left join listed_actions using (assessment_id, judged_as)
left join stale_months on stale_months.version_id = judgements.framework_version_id
