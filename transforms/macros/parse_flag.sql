-- Reads a yes/no answer as partner files write it: `1`/`0` (IPIS), `yes`/`no`, `oui`/`non`, `sí`/`no`,
-- `true`/`false`. Anything else (an empty cell, `Je ne sais pas`) is NULL: not recorded, which is not "no".
create or replace macro parse_flag(value) as
    case lower(strip_accents(trim(value::varchar)))
        when '1' then true when 'yes' then true when 'oui' then true when 'si' then true when 'true' then true
        when '0' then false when 'no' then false when 'non' then false when 'false' then false
    end;
