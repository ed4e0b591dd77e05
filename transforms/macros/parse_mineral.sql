-- The code (catalogue code list `mineral`) of a mineral named in English, French or Spanish, as partner files name
-- them: IPIS writes `Or`, `Cassitérite`, `Coltan`, `Wolframite`; registries `gold`, `oro`, `cassiterite`. Ores are
-- coded by the metal Veta's form asks about (cassiterite is tin, coltan tantalum, wolframite tungsten, heterogenite
-- cobalt); named gemstones are coloured_gemstones; any other name is `other`. NULL when there is no name. It calls
-- normalise_name, whose file sorts before this one (the build creates macros in file-name order).
create or replace macro parse_mineral(value) as
    case
        when normalise_name(value) is null then null
        when normalise_name(value) in ('gold', 'or', 'oro', 'au') then 'gold'
        when normalise_name(value) in ('silver', 'argent', 'plata', 'ag') then 'silver'
        when normalise_name(value) in ('platinum', 'platine', 'platino', 'pt') then 'platinum'
        when normalise_name(value) in ('tin', 'etain', 'estano', 'cassiterite', 'casiterita', 'sn') then 'tin'
        when normalise_name(value) in ('tantalum', 'tantale', 'tantalio', 'coltan', 'colombo tantalite', 'ta') then 'tantalum'
        when normalise_name(value) in ('tungsten', 'tungstene', 'tungsteno', 'wolframite', 'wolframita', 'w') then 'tungsten'
        when normalise_name(value) in ('cobalt', 'cobalto', 'heterogenite', 'co') then 'cobalt'
        when normalise_name(value) in ('copper', 'cuivre', 'cobre', 'cu') then 'copper'
        when normalise_name(value) in ('diamond', 'diamonds', 'diamant', 'diamants', 'diamante', 'diamantes') then 'diamond'
        when normalise_name(value) in (
            'coloured gemstones', 'colored gemstones', 'gemstones', 'pierres precieuses', 'piedras preciosas',
            'tourmaline', 'turmalina', 'amethyste', 'amethyst', 'amatista', 'sapphire', 'saphir', 'zafiro',
            'ruby', 'rubis', 'rubi', 'emerald', 'emeraude', 'esmeralda', 'tanzanite', 'tanzanita', 'garnet', 'grenat'
        ) then 'coloured_gemstones'
        when normalise_name(value) = 'mica' then 'mica'
        else 'other'
    end;
