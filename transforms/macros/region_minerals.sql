-- The minerals a thing counts under, as the region marts count: each of its own (so mineral rows do not add up)
-- and `all`, where it counts once.
create or replace macro region_minerals(minerals) as list_distinct(coalesce(minerals, []) || ['all']);
