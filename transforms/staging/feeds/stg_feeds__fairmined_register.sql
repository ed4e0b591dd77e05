-- Organisations certified under the Fairmined Standard, as the register lists them: typed and recoded.

with source as (

    select * from raw.feeds__fairmined_register
    where _is_current

),

renamed as (

    select
        -- ids
        _record_key as producer_id,

        -- strings
        organisation_name,
        upper(trim(country_code)) as country_code,
        lower(trim(status)) as certification_status,

        -- booleans
        try_cast(is_ecological_gold as boolean) as is_ecological_gold,

        -- dates
        parse_date(certified_on) as certified_date,

        -- lineage
        _source_row as source_row

    from source

)

select * from renamed
