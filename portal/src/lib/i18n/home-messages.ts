/**
 * The words of the home page's impact figures and of its links to the other pages, in each language. English is the
 * reference type: Spanish and French must have every key. Metric titles come from the catalogue; definition words
 * (unit, formula, source) are the Trends page's.
 */
import type { Locale } from './locales.ts';

const en = {
  impact: 'Impact in {year}',
  impactIntro:
    'Every country added up, in {year}: the latest year the data covers whole. Each figure says how it is counted and where it comes from.',
  previous: 'In {year}: {value}',
  withheld: 'Withheld: it rests on too few sites or producers.',
  notRecorded: 'Nothing recorded for {year}.',
  noImpact: 'No impact figures are published yet.',
  freshness: 'Data up to {date}.',
  trendLink: 'See the trend',
  explore: 'Explore',
  links: {
    trends: 'Every impact figure year by year, by country and mineral, with its definition.',
    map: 'Where the assessed producers work, region by region.',
    regions: 'The risk profile of a supply region, for buyers’ due diligence.',
    reports: 'The annual report, built from a frozen snapshot.',
    data: 'Open data extracts with their data dictionary.',
  },
};

export type HomeMessages = typeof en;

const es: HomeMessages = {
  impact: 'Impacto en {year}',
  impactIntro:
    'Suma de todos los países en {year}: el último año que los datos cubren por completo. Cada cifra indica cómo se calcula y de dónde proviene.',
  previous: 'En {year}: {value}',
  withheld: 'Reservada: se basa en muy pocas minas u organizaciones productoras.',
  notRecorded: 'No hay nada registrado para {year}.',
  noImpact: 'Aún no se han publicado cifras de impacto.',
  freshness: 'Datos hasta el {date}.',
  trendLink: 'Ver la evolución',
  explore: 'Explorar',
  links: {
    trends: 'Cada cifra de impacto año por año, por país y mineral, con su definición.',
    map: 'Dónde trabajan las organizaciones evaluadas, región por región.',
    regions: 'El perfil de riesgo de una región de suministro, para la debida diligencia de los compradores.',
    reports: 'El informe anual, elaborado a partir de una instantánea fija.',
    data: 'Extractos de datos abiertos con su diccionario de datos.',
  },
};

const fr: HomeMessages = {
  impact: 'Impact en {year}',
  impactIntro:
    'Somme de tous les pays en {year} : la dernière année que les données couvrent entièrement. Chaque chiffre indique comment il est calculé et d’où il vient.',
  previous: 'En {year} : {value}',
  withheld: 'Non publié : il repose sur trop peu de sites ou d’organisations de producteurs.',
  notRecorded: 'Rien n’est enregistré pour {year}.',
  noImpact: 'Aucun chiffre d’impact n’est encore publié.',
  freshness: 'Données jusqu’au {date}.',
  trendLink: 'Voir l’évolution',
  explore: 'Explorer',
  links: {
    trends: 'Chaque chiffre d’impact année par année, par pays et par minerai, avec sa définition.',
    map: 'Où travaillent les organisations évaluées, région par région.',
    regions: 'Le profil de risque d’une région d’approvisionnement, pour le devoir de diligence des acheteurs.',
    reports: 'Le rapport annuel, établi à partir d’un instantané figé.',
    data: 'Extraits de données ouvertes avec leur dictionnaire de données.',
  },
};

export const HOME_MESSAGES: Record<Locale, HomeMessages> = { en, es, fr };
