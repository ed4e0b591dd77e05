-- A place name as a key to compare names written by different hands: `Nord-Kivu`, `NORD KIVU` and `nord-kivu`, or
-- `Caquetá` and `CAQUETA`, give the same key. Lowercase, accents stripped, every run of other characters (hyphens,
-- apostrophes, spaces) one space. NULL, or an empty key, when there is no name.
create or replace macro normalise_name(value) as
    nullif(trim(regexp_replace(lower(strip_accents(trim(value::varchar))), '[^a-z0-9]+', ' ', 'g')), '');
