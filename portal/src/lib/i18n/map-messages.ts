/**
 * The words of the impact map in each language. English is the reference type: Spanish and French must have every
 * key. Metric, country and unit names come from the catalogue through the API; the CRAFT status names here are
 * catalogue.craft_statuses' titles (a test holds them equal).
 */
import type { Locale } from './locales.ts';

const en = {
  title: 'Impact map',
  intro:
    'An impact metric by department or province, and where the assessed mine sites are. Public views place sites at the centre of their department, never at their own location, and withhold figures resting on fewer than five sites or organisations.',
  filters: 'Choose what the map shows',
  metric: 'Metric',
  year: 'Year',
  mineral: 'Mineral',
  allMinerals: 'All minerals',
  country: 'Country',
  allCountries: 'All countries',
  status: 'CRAFT status of sites',
  allStatuses: 'All statuses',
  show: 'Show',
  mapLabel: 'Map of {metric} in {year} by admin-1 unit',
  legend: 'Legend',
  noValue: 'No figure',
  withheld: 'Withheld (fewer than five sites or organisations)',
  placesGeneralised: 'Assessed sites, counted at the centre of their department or province',
  placesFew: 'Fewer than five sites',
  sitesExact: 'Sites (exact locations, for your access level)',
  tableCaption: '{metric}, {year}, by admin-1 unit (the map as a table)',
  unitColumn: 'Admin-1 unit',
  countryColumn: 'Country',
  valueColumn: 'Value',
  sitesTableCaption: 'Where the assessed sites are',
  placeColumn: 'Place',
  sitesColumn: 'Sites',
  credit: 'Boundaries: Natural Earth.',
  snapshot: 'Snapshot',
  nothing: 'No data is published yet.',
  statuses: { engage: 'Engage', not_eligible: 'Not eligible', mitigate: 'Mitigate', suspend: 'Suspend', disengage: 'Disengage' },
};

export type MapMessages = typeof en;

const es: MapMessages = {
  title: 'Mapa de impacto',
  intro:
    'Un indicador de impacto por departamento o provincia, y dónde están las minas evaluadas. Las vistas públicas ubican las minas en el centro de su departamento, nunca en su ubicación propia, y ocultan las cifras basadas en menos de cinco minas u organizaciones.',
  filters: 'Elija qué muestra el mapa',
  metric: 'Indicador',
  year: 'Año',
  mineral: 'Mineral',
  allMinerals: 'Todos los minerales',
  country: 'País',
  allCountries: 'Todos los países',
  status: 'Estado CRAFT de las minas',
  allStatuses: 'Todos los estados',
  show: 'Mostrar',
  mapLabel: 'Mapa de {metric} en {year} por unidad de primer nivel',
  legend: 'Leyenda',
  noValue: 'Sin cifra',
  withheld: 'Oculta (menos de cinco minas u organizaciones)',
  placesGeneralised: 'Minas evaluadas, contadas en el centro de su departamento o provincia',
  placesFew: 'Menos de cinco minas',
  sitesExact: 'Minas (ubicación exacta, según su nivel de acceso)',
  tableCaption: '{metric}, {year}, por unidad de primer nivel (el mapa en forma de tabla)',
  unitColumn: 'Unidad de primer nivel',
  countryColumn: 'País',
  valueColumn: 'Valor',
  sitesTableCaption: 'Dónde están las minas evaluadas',
  placeColumn: 'Lugar',
  sitesColumn: 'Minas',
  credit: 'Límites: Natural Earth.',
  snapshot: 'Instantánea',
  nothing: 'Aún no hay datos publicados.',
  statuses: { engage: 'Relacionamiento', not_eligible: 'No elegible', mitigate: 'Mitigación', suspend: 'Suspensión', disengage: 'Desvinculación' },
};

const fr: MapMessages = {
  title: 'Carte d’impact',
  intro:
    'Un indicateur d’impact par région ou province, et l’emplacement des sites miniers évalués. Les vues publiques placent les sites au centre de leur région, jamais à leur emplacement propre, et masquent les chiffres reposant sur moins de cinq sites ou organisations.',
  filters: 'Choisir ce que montre la carte',
  metric: 'Indicateur',
  year: 'Année',
  mineral: 'Minerai',
  allMinerals: 'Tous les minerais',
  country: 'Pays',
  allCountries: 'Tous les pays',
  status: 'Statut CRAFT des sites',
  allStatuses: 'Tous les statuts',
  show: 'Afficher',
  mapLabel: 'Carte de {metric} en {year} par unité de premier niveau',
  legend: 'Légende',
  noValue: 'Pas de chiffre',
  withheld: 'Masqué (moins de cinq sites ou organisations)',
  placesGeneralised: 'Sites évalués, comptés au centre de leur région ou province',
  placesFew: 'Moins de cinq sites',
  sitesExact: 'Sites (emplacement exact, selon votre niveau d’accès)',
  tableCaption: '{metric}, {year}, par unité de premier niveau (la carte sous forme de tableau)',
  unitColumn: 'Unité de premier niveau',
  countryColumn: 'Pays',
  valueColumn: 'Valeur',
  sitesTableCaption: 'Où se trouvent les sites évalués',
  placeColumn: 'Lieu',
  sitesColumn: 'Sites',
  credit: 'Limites : Natural Earth.',
  snapshot: 'Instantané',
  nothing: 'Aucune donnée n’est encore publiée.',
  statuses: { engage: 'Engagement', not_eligible: 'Non éligible', mitigate: 'Atténuation', suspend: 'Suspension', disengage: 'Désengagement' },
};

export const MAP_MESSAGES: Record<Locale, MapMessages> = { en, es, fr };
