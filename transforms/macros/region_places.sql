-- The places a thing counts in, as the region marts count: its admin-1 unit and its whole country (NULL). A thing
-- placed in no admin-1 unit counts once, for its country. Unnest it beside region_minerals.
create or replace macro region_places(admin1_code) as
    case when admin1_code is null then [null::varchar] else [admin1_code::varchar, null::varchar] end;
