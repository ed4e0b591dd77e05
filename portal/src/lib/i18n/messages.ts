/**
 * The portal's words in each language. English is the reference: the other languages must have every key (the type
 * checks it), so a missing translation fails the build instead of showing a key.
 */
import type { Locale } from './locales.ts';

const en = {
  title: 'Veta — responsible artisanal and small-scale mining in figures',
  tagline: 'Open data on artisanal and small-scale mining assessed against the CRAFT Code and the Fairmined Standard.',
  headline: 'At a glance',
  sites: 'Mine sites assessed',
  sitesDefinition: 'Distinct mine sites with at least one assessment in the published snapshot.',
  producers: 'Producer organisations',
  producersDefinition: 'Artisanal and small-scale mining organisations working the assessed sites.',
  countries: 'Countries',
  countriesDefinition: 'Countries where the assessed sites are located.',
  latest: 'Latest assessment',
  latestDefinition: 'Date of the most recent site assessment in the snapshot.',
  snapshot: 'Snapshot',
  builtAt: 'built',
  noSnapshot: 'No data is published yet. Run `veta demo` or `veta build` to publish a snapshot.',
  language: 'Language',
  source: 'Figures come from the published snapshot through the Veta API.',
  apiLink: 'API description',
  navLabel: 'Sections',
  navHome: 'Home',
  navMap: 'Impact map',
  navRegions: 'Supply regions',
  navTrends: 'Trends',
  navReports: 'Annual report',
  navData: 'Open data',
  skipToContent: 'Skip to content',
  publicEdition:
    'These public figures show the data as it stood on {date}. Veta publishes recent findings after a delay, so that they reach the buyers of a site and those working with it first; partners who sign in see current figures.',
};

export type Messages = typeof en;

const es: Messages = {
  title: 'Veta — minería artesanal y de pequeña escala responsable en cifras',
  tagline:
    'Datos abiertos sobre la minería artesanal y de pequeña escala evaluada según el Código CRAFT y el Estándar Fairmined.',
  headline: 'De un vistazo',
  sites: 'Minas evaluadas',
  sitesDefinition: 'Minas distintas con al menos una evaluación en la instantánea publicada.',
  producers: 'Organizaciones productoras',
  producersDefinition: 'Organizaciones mineras artesanales y de pequeña escala que trabajan las minas evaluadas.',
  countries: 'Países',
  countriesDefinition: 'Países donde se encuentran las minas evaluadas.',
  latest: 'Última evaluación',
  latestDefinition: 'Fecha de la evaluación de mina más reciente de la instantánea.',
  snapshot: 'Instantánea',
  builtAt: 'generada el',
  noSnapshot: 'Aún no hay datos publicados. Ejecute `veta demo` o `veta build` para publicar una instantánea.',
  language: 'Idioma',
  source: 'Las cifras provienen de la instantánea publicada, a través de la API de Veta.',
  apiLink: 'Descripción de la API',
  navLabel: 'Secciones',
  navHome: 'Inicio',
  navMap: 'Mapa de impacto',
  navRegions: 'Regiones de suministro',
  navTrends: 'Tendencias',
  navReports: 'Informe anual',
  navData: 'Datos abiertos',
  skipToContent: 'Ir al contenido',
  publicEdition:
    'Estas cifras públicas muestran los datos tal como estaban el {date}. Veta publica los hallazgos recientes con un retraso, para que lleguen primero a los compradores de una mina y a quienes trabajan con ella; los socios que inician sesión ven las cifras actuales.',
};

const fr: Messages = {
  title: 'Veta — l’exploitation minière artisanale et à petite échelle responsable en chiffres',
  tagline:
    'Données ouvertes sur l’exploitation minière artisanale et à petite échelle évaluée selon le Code CRAFT et la norme Fairmined.',
  headline: 'En bref',
  sites: 'Sites miniers évalués',
  sitesDefinition: 'Sites miniers distincts ayant au moins une évaluation dans l’instantané publié.',
  producers: 'Organisations de producteurs',
  producersDefinition: 'Organisations minières artisanales et à petite échelle qui exploitent les sites évalués.',
  countries: 'Pays',
  countriesDefinition: 'Pays où se trouvent les sites évalués.',
  latest: 'Dernière évaluation',
  latestDefinition: 'Date de l’évaluation de site la plus récente de l’instantané.',
  snapshot: 'Instantané',
  builtAt: 'produit le',
  noSnapshot: 'Aucune donnée n’est encore publiée. Lancez `veta demo` ou `veta build` pour publier un instantané.',
  language: 'Langue',
  source: 'Les chiffres proviennent de l’instantané publié, via l’API de Veta.',
  apiLink: 'Description de l’API',
  navLabel: 'Rubriques',
  navHome: 'Accueil',
  navMap: 'Carte d’impact',
  navRegions: 'Régions d’approvisionnement',
  navTrends: 'Tendances',
  navReports: 'Rapport annuel',
  navData: 'Données ouvertes',
  skipToContent: 'Aller au contenu',
  publicEdition:
    'Ces chiffres publics montrent les données telles qu’elles étaient le {date}. Veta publie les constats récents avec un délai, afin qu’ils parviennent d’abord aux acheteurs d’un site et à ceux qui l’accompagnent ; les partenaires connectés voient les chiffres actuels.',
};

export const MESSAGES: Record<Locale, Messages> = { en, es, fr };
