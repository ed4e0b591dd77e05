-- Sales of gold by producer organisations, with the Fairmined premium the catalogue's rates give for each sale
-- beside the premium the ledger reports, so a difference is visible sale by sale.

with sales as (

    select * from staging.stg_feeds__sales

),

parameters as (

    select * from catalogue.parameters where version_id = 'fairmined-2.0'

),

rates as (

    select
        max(value) filter (where parameter_id = 'fairmined.premium_gold') as premium_usd_per_kg,
        max(value) filter (where parameter_id = 'fairmined.premium_ecological_gold_extra') as ecological_extra_usd_per_kg
    from parameters

),

final as (

    select
        -- ids
        sales.sale_id,
        sales.producer_id,

        -- strings
        sales.sale_period,
        sales.buyer_name,
        sales.fairmined_model,

        -- numerics
        sales.gold_grams,
        sales.fineness,
        sales.fine_gold_grams,
        sales.premium_usd,
        case
            when sales.fairmined_model in ('labelled', 'incorporated') then round(
                sales.fine_gold_grams / 1000
                * (rates.premium_usd_per_kg + case when sales.is_ecological_gold then rates.ecological_extra_usd_per_kg else 0 end),
                2
            )::decimal(14, 2)
            else 0::decimal(14, 2)
        end as expected_premium_usd,

        -- booleans
        sales.is_ecological_gold,

        -- dates
        sales.sale_date,

        -- evidence
        sales.batch_id,
        sales.source_file_hash,
        sales.source_row

    from sales
    cross join rates

)

select * from final
