-- Incidents at mine sites by OECD Annex II risk group, placed where the site is.

with incidents as (

    select * from staging.stg_feeds__incidents

),

sites as (

    select * from marts.dim_sites

),

final as (

    select
        -- ids
        incidents.incident_id,
        incidents.site_id,
        sites.producer_id,

        -- strings
        sites.country_code,
        sites.admin1_code,
        incidents.annex_ii_group,
        incidents.severity,
        incidents.incident_status,
        incidents.reported_by,
        incidents.summary_text,

        -- dates
        incidents.reported_date,

        -- evidence
        incidents.batch_id,
        incidents.source_file_hash,
        incidents.source_row

    from incidents
    left join sites using (site_id)

)

select * from final
