-- Each site's CRAFT status now: judged on its latest assessment under each framework version, as of the snapshot's
-- as-of date (so a mitigation plan's review period and staleness run to that day). Why a site has its status is in
-- fct_craft_status_evidence.

select * exclude (judged_as)
from intermediate.int_craft_site_statuses_judged
where judged_as = 'current'
