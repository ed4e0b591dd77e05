-- Why a site has its CRAFT status: for every judgement (now, and at each assessment), the requirements whose verdict
-- is the status, each with its evidence down to the question, the submission, the form version, the file and its
-- row, and for module 4 the mitigation plan's start and review date. An engaged site has no rows here.

with verdicts as (

    select * from intermediate.int_craft_requirement_verdicts

),

statuses as (

    select * from intermediate.int_craft_site_statuses_judged

)

select
    verdicts.site_id,
    verdicts.framework_version_id,
    verdicts.assessment_id,
    verdicts.judged_as,
    statuses.craft_status,
    verdicts.requirement_id,
    verdicts.module_code,
    verdicts.status_code,
    verdicts.risk_since,
    verdicts.plan_started_on,
    verdicts.plan_review_due,
    verdicts.is_on_route,
    verdicts.question_name,
    verdicts.form_version,
    verdicts.source_file_hash,
    verdicts.source_row,
    verdicts.assessment_date,
    verdicts.as_of_date
from verdicts
inner join statuses using (assessment_id, judged_as)
where verdicts.verdict = statuses.craft_status
    -- the public edition's judgements feed only the public's counts; restricted tiers read the evidence, of the
    -- current judgement and of each assessment
    and verdicts.judged_as in ('current', 'at_assessment')
