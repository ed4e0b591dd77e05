-- Reads a number as people type it in Bogotá, Lima, Ouagadougou or Bukavu: `12,5`, `1 234,5`, `1.234,50`,
-- `1,234.50`, `12.5`. A single separator is the decimal one (field exports use `,` or `.` for decimals far more
-- often than for thousands); with both, the last one is. Anything else is NULL, for a data test to catch.
create or replace macro number_text(value) as
    regexp_replace(trim(value::varchar), '[\s\x{00A0}\x{202F}'']', '', 'g');

create or replace macro parse_number(value) as
    case
        when number_text(value) is null or number_text(value) = '' then null
        when regexp_full_match(number_text(value), '[-+]?\d+([.,]\d+)?')
            then replace(number_text(value), ',', '.')::double
        when regexp_full_match(number_text(value), '[-+]?\d{1,3}(\.\d{3})+(,\d+)?')
            then replace(replace(number_text(value), '.', ''), ',', '.')::double
        when regexp_full_match(number_text(value), '[-+]?\d{1,3}(,\d{3})+(\.\d+)?')
            then replace(number_text(value), ',', '')::double
    end;
