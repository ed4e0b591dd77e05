-- Producers' sales of gold from their production and sales ledgers: typed and recoded, nothing joined.

with source as (

    select * from raw.feeds__sales_ledger
    where _is_current

),

renamed as (

    select
        -- ids
        _record_key as sale_id,
        producer_code as producer_id,

        -- strings
        period as sale_period,
        buyer as buyer_name,
        lower(trim(fairmined_model)) as fairmined_model,

        -- numerics
        parse_number(gold_grams) as gold_grams,
        parse_number(fineness) as fineness,
        parse_number(fine_gold_grams) as fine_gold_grams,
        parse_number(premium_usd)::decimal(14, 2) as premium_usd,

        -- booleans
        try_cast(is_ecological_gold as boolean) as is_ecological_gold,

        -- dates
        parse_date(sale_date) as sale_date,

        -- lineage
        _batch_id as batch_id,
        _file_hash as source_file_hash,
        _source_row as source_row

    from source

)

select * from renamed
