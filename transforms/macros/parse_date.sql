-- Reads a date as exports and spreadsheets write it: ISO (`2024-01-05`, with or without a time and offset), day first
-- (`05/01/2024`, `5-1-2024`, `05.01.2024`, as in the Colombian, Peruvian and francophone locales), or an Excel serial
-- day number (`45296`). A year alone is not a day: NULL.
create or replace macro parse_date(value) as
    case
        when value is null or trim(value::varchar) = '' then null
        when regexp_full_match(trim(value::varchar), '\d{4}-\d{2}-\d{2}([T ].*)?')
            then try_cast(left(trim(value::varchar), 10) as date)
        when regexp_full_match(trim(value::varchar), '\d{1,2}[/.-]\d{1,2}[/.-]\d{4}')
            then try_strptime(regexp_replace(trim(value::varchar), '[.-]', '/', 'g'), '%d/%m/%Y')::date
        when regexp_full_match(trim(value::varchar), '\d{5}(\.0+)?')
            and trim(value::varchar)::double between 20000 and 80000
            then date '1899-12-30' + cast(floor(trim(value::varchar)::double) as integer)
    end;
