-- Improvement actions as each assessment records them, tied to the requirement they answer and the status that
-- requirement had at that assessment. Forms list an open action again at every visit until it is closed, so one
-- action appears once per assessment that recorded it, with the status it had then: those recordings are the
-- action's reviews.

select * from intermediate.int_improvement_actions_tied
