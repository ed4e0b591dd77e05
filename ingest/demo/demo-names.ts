/**
 * Name material for the demo, per country and in its languages: how producer organisations and mine sites are
 * called there, fictitious buyers, and first and last names for assessors. Organisation and site names use common
 * words (saints, virtues, landscape words in Spanish, Mooré, Swahili, Twi, Mongolian) rather than real mines, so no
 * finding in the demo can be read as a statement about a real place or company. People appear only as assessors
 * (personal data the warehouse never publishes); evidence and summaries never name anyone.
 */
import type { DemoCountry, SiteType } from './demo-countries.ts';

export interface CountryNames {
  /** Organisation forms; `{name}` is replaced with one of `organisationNames`. */
  organisationForms: readonly string[];
  organisationNames: readonly string[];
  /** What a site of each type is called; `{name}` is replaced with one of `siteNames`. */
  siteForms: Readonly<Record<SiteType, readonly string[]>>;
  siteNames: readonly string[];
  buyers: readonly string[];
  /** Where gold goes once the engaged buyer has left. */
  localTrader: string;
  firstNames: readonly string[];
  lastNames: readonly string[];
}

const ES_SITES: CountryNames['siteForms'] = {
  underground: ['Mina {name}', 'Socavón {name}', 'Bocamina {name}', 'Veta {name}'],
  open_pit: ['Tajo {name}', 'Frente {name}'],
  alluvial: ['Playa {name}', 'Frente aluvial {name}', 'Quebrada {name}'],
  processing: ['Planta de beneficio {name}', 'Entable {name}'],
};
const ES_SITE_NAMES = [
  'San Juan', 'La Ceiba', 'Santa Rita', 'Los Guayacanes', 'La Palma', 'El Diamante', 'Dos Quebradas', 'La Cumbre',
  'Santa Cruz', 'El Cedro', 'La Esmeralda', 'San Pedro', 'El Roble', 'La Aurora', 'Las Brisas', 'El Mirador',
];
const ES_FIRST = ['María', 'Luz Dary', 'Ana', 'Carmen', 'Rosa', 'Yolanda', 'José', 'Luis', 'Carlos', 'Jorge', 'Wilson', 'Édgar', 'Marta', 'Fredy'];
const ES_LAST = ['García', 'Rodríguez', 'Martínez', 'Quispe', 'Mamani', 'Torres', 'Flores', 'Ramírez', 'Mosquera', 'Palacios', 'Condori', 'Vargas'];

export const NAMES: Readonly<Record<DemoCountry, CountryNames>> = {
  CO: {
    organisationForms: ['Asociación de Mineros Artesanales {name}', 'Cooperativa Minera {name}', 'Asociación de Barequeros {name}', 'Asociación Agrominera {name}', 'Sociedad Minera {name} S.A.S.'],
    organisationNames: ['Nueva Esperanza', 'El Progreso', 'San José', 'Renacer', 'La Unión', 'Santa Bárbara', 'El Porvenir', 'Villa Nueva', 'Río Claro', 'La Gloria', 'Oro Verde', 'Brisas del Río'],
    siteForms: ES_SITES,
    siteNames: ES_SITE_NAMES,
    buyers: ['Comercializadora Aurífera del Pacífico S.A.S.', 'Fundición y Comercio Oro Limpio S.A.S.'],
    localTrader: 'Compraventa local',
    firstNames: ES_FIRST,
    lastNames: ES_LAST,
  },
  PE: {
    organisationForms: ['Asociación de Productores Mineros Artesanales {name}', 'Minera Artesanal {name}', 'Cooperativa Minera Aurífera {name}', 'Asociación de Pallaqueras {name}'],
    organisationNames: ['Señor de los Milagros', 'Virgen de la Candelaria', 'Nuevo Amanecer', 'San Francisco', 'Los Incas', 'Sol Naciente', 'Santa Rosa', 'Inti Raymi', 'Cerro Blanco', 'Paucartambo'],
    siteForms: { ...ES_SITES, processing: ['Planta de beneficio {name}', 'Quimbaletes {name}'] },
    siteNames: ES_SITE_NAMES,
    buyers: ['Comercializadora Minera del Sur S.A.C.', 'Oro Responsable Andino S.A.C.'],
    localTrader: 'Acopiador local',
    firstNames: ES_FIRST,
    lastNames: ES_LAST,
  },
  BO: {
    organisationForms: ['Cooperativa Minera Aurífera {name} Ltda.', 'Cooperativa Minera {name} Ltda.'],
    organisationNames: ['Virgen del Carmen', 'San Cristóbal', 'Nueva Esperanza', 'Tupac Katari', 'Bartolina Sisa', 'Villa Victoria', 'Rosario', '26 de Julio', 'Unificada', 'Illampu'],
    siteForms: { ...ES_SITES, processing: ['Ingenio {name}', 'Planta {name}'] },
    siteNames: ES_SITE_NAMES,
    buyers: ['Comercializadora de Minerales Illampu S.R.L.', 'Exportadora Altiplano S.R.L.'],
    localTrader: 'Rescatador local',
    firstNames: ES_FIRST,
    lastNames: ES_LAST,
  },
  EC: {
    organisationForms: ['Asociación de Mineros Autónomos {name}', 'Asociación de Mineros Artesanales {name}', 'Sociedad Minera {name}'],
    organisationNames: ['El Paraíso', 'San Gerardo', 'La Florida', 'Vista Hermosa', 'Nuevo Horizonte', 'Río Santiago', 'Los Laureles', 'El Guayabo'],
    siteForms: { ...ES_SITES, processing: ['Planta de beneficio {name}', 'Molino {name}'] },
    siteNames: ES_SITE_NAMES,
    buyers: ['Exportadora Aurífera del Austro S.A.'],
    localTrader: 'Comprador local',
    firstNames: ES_FIRST,
    lastNames: ES_LAST,
  },
  BF: {
    organisationForms: ['Coopérative des orpailleurs {name}', 'Groupement des artisans miniers {name}', 'Association des orpailleurs {name}', 'Société coopérative minière {name}'],
    organisationNames: ['Wend-Panga', 'Neb-La-Yiiri', 'Teeg-Wendé', 'Laafi', 'Songtaaba', 'Wend-Kuuni', 'Baowendsom', 'Nong-Taaba', 'Benkadi', 'Yidgri'],
    siteForms: {
      underground: ['Site d’orpaillage de {name}', 'Puits {name}'],
      open_pit: ['Site d’orpaillage de {name}', 'Carrière {name}'],
      alluvial: ['Site alluvionnaire de {name}'],
      processing: ['Site de traitement de {name}', 'Comptoir de traitement {name}'],
    },
    siteNames: ['Tanlili', 'Kouka', 'Bagaré', 'Sondré', 'Nagbangré', 'Zinsin', 'Yamba', 'Goundi', 'Bassinko', 'Tiogo', 'Dassa', 'Kirsi'],
    buyers: ['Comptoir burkinabè de l’or responsable SARL', 'Société d’achat d’or du Faso SARL'],
    localTrader: 'Négociant local',
    firstNames: ['Awa', 'Mariam', 'Salimata', 'Aminata', 'Adama', 'Issouf', 'Boukary', 'Seydou', 'Rasmané', 'Habibou'],
    lastNames: ['Ouédraogo', 'Sawadogo', 'Kaboré', 'Compaoré', 'Zongo', 'Traoré', 'Sanou', 'Ouattara', 'Kinda', 'Tapsoba'],
  },
  GH: {
    organisationForms: ['{name} Small-Scale Miners Association', '{name} Gold Mining Cooperative', '{name} Community Mining Group'],
    organisationNames: ['Nyame Adom', 'Onyame Nhyira', 'Obaatanpa', 'Sika Ye', 'Asaase Pa', 'Nkabom', 'Ahotoso', 'Adom Nkoso'],
    siteForms: {
      underground: ['{name} Shaft', '{name} Pit'],
      open_pit: ['{name} Concession', '{name} Pit'],
      alluvial: ['{name} Alluvial Concession'],
      processing: ['{name} Washing Plant', '{name} Processing Centre'],
    },
    siteNames: ['Bepo', 'Nkwanta', 'Ahenfie', 'Nsuo Pa', 'Abotare', 'Mframa', 'Ayeduase', 'Odumase'],
    buyers: ['Ashanti Responsible Gold Ltd', 'Coastal Bullion Traders Ltd'],
    localTrader: 'Local gold buyer',
    firstNames: ['Akosua', 'Abena', 'Ama', 'Efua', 'Kwame', 'Kofi', 'Yaw', 'Kwabena', 'Kojo', 'Adwoa'],
    lastNames: ['Mensah', 'Owusu', 'Boateng', 'Asante', 'Osei', 'Agyeman', 'Appiah', 'Darko', 'Amoah', 'Ofori'],
  },
  CD: {
    organisationForms: ['Coopérative minière {name}', 'Coopérative des exploitants artisanaux miniers {name}', 'Coopérative des creuseurs {name}', 'Coopérative minière et agropastorale {name}'],
    organisationNames: ['Tujenge', 'Amani', 'Umoja', 'Maendeleo', 'Muungano', 'Bon Espoir', 'Mapendo', 'Kazi Kwanza', 'Imani', 'Tuungane'],
    siteForms: {
      underground: ['Puits {name}', 'Chantier {name}'],
      open_pit: ['Chantier {name}', 'Site minier de {name}'],
      alluvial: ['Site alluvionnaire de {name}', 'Chantier {name}'],
      processing: ['Site de lavage de {name}'],
    },
    siteNames: ['Kilima', 'Mlima Mweupe', 'Tumaini', 'Mto Mweusi', 'Bonde', 'Kasungu', 'Mulindi', 'Kabingu', 'Lukenge', 'Bukoko'],
    buyers: ['Comptoir minier des Grands Lacs SARL', 'Kivu Minerals Export SARL'],
    localTrader: 'Négociant local',
    firstNames: ['Esther', 'Furaha', 'Neema', 'Clarisse', 'Jean-Pierre', 'Patrick', 'Innocent', 'Espoir', 'Célestin', 'Dieudonné'],
    lastNames: ['Mukendi', 'Bahati', 'Kalala', 'Mwamba', 'Shabani', 'Bisimwa', 'Cirimwami', 'Kasereka', 'Mapendo', 'Lwaboshi'],
  },
  TZ: {
    organisationForms: ['Chama cha Wachimbaji Wadogo {name}', '{name} Artisanal Miners Group', '{name} Small-Scale Miners Association'],
    organisationNames: ['Umoja', 'Tumaini', 'Mshikamano', 'Juhudi', 'Faraja', 'Baraka', 'Jitegemee', 'Upendo'],
    siteForms: {
      underground: ['{name} Shaft', 'Shimo la {name}'],
      open_pit: ['{name} Pit', '{name} Open Pit'],
      alluvial: ['{name} Alluvial Site'],
      processing: ['{name} Processing Site'],
    },
    siteNames: ['Mawe Meupe', 'Kilimani', 'Mlimani', 'Msasa', 'Mwembeni', 'Bondeni', 'Mnadani', 'Nyakato'],
    buyers: ['Lake Zone Gold Traders Ltd', 'Lake Victoria Responsible Minerals Ltd'],
    localTrader: 'Local broker',
    firstNames: ['Neema', 'Rehema', 'Amina', 'Zawadi', 'Juma', 'Baraka', 'Emmanuel', 'Hamisi', 'Daudi', 'Mwanaisha'],
    lastNames: ['Mushi', 'Massawe', 'Mwakyusa', 'Kimaro', 'Mollel', 'Magesa', 'Masanja', 'Lyimo', 'Shayo', 'Mrema'],
  },
  MN: {
    organisationForms: ['{name} Nökhörlöl', '{name} Artisanal Miners NGO', '{name} Cooperative'],
    organisationNames: ['Altan Shoroo', 'Möngön Us', 'Erdene Bulag', 'Khögjil', 'Tsagaan Khad', 'Bayan Uul', 'Altan Dusal', 'Ikh Tal'],
    siteForms: {
      underground: ['{name} Adit'],
      open_pit: ['{name} Pit'],
      alluvial: ['{name} Placer', '{name} River Placer'],
      processing: ['{name} Wash Plant'],
    },
    siteNames: ['Khar Us', 'Bor Tolgoi', 'Ulaan Khad', 'Shar Gol', 'Tsagaan Tolgoi', 'Nogoon Nuur', 'Khöndii', 'Bayan Gol'],
    buyers: ['Mongol Responsible Gold LLC'],
    localTrader: 'Local trader',
    firstNames: ['Oyunchimeg', 'Sarangerel', 'Enkhtuya', 'Bolormaa', 'Bat-Erdene', 'Ganbold', 'Tömörbaatar', 'Munkhbat'],
    lastNames: ['Ganbaatar', 'Batbayar', 'Dorj', 'Tsend', 'Erdenebat', 'Purevdorj', 'Sükhbaatar', 'Altangerel'],
  },
};

export function fill(form: string, name: string): string {
  return form.replace('{name}', name);
}
