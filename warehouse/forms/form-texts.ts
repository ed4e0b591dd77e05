/**
 * The words of the assessment form that do not come from the catalogue: group titles and the site, workforce and
 * practice questions, in English, Spanish and French.
 */
export interface Text {
  en: string;
  es: string;
  fr: string;
}

export const TEXTS = {
  identification: { en: 'Assessment', es: 'Evaluación', fr: 'Évaluation' },
  assessment_date: { en: 'Date of the assessment', es: 'Fecha de la evaluación', fr: 'Date de l’évaluation' },
  assessment_date_constraint: {
    en: 'The date cannot be in the future.',
    es: 'La fecha no puede ser futura.',
    fr: 'La date ne peut pas être dans le futur.',
  },
  assessor_role: { en: 'Who is assessing?', es: '¿Quién evalúa?', fr: 'Qui évalue ?' },
  assessor_name: { en: 'Name of the assessor', es: 'Nombre de quien evalúa', fr: 'Nom de l’évaluateur ou de l’évaluatrice' },
  site: { en: 'Site and producer', es: 'Mina y productor', fr: 'Site et producteur' },
  site_code: { en: 'Site code', es: 'Código de la mina', fr: 'Code du site' },
  site_code_hint: {
    en: 'The stable code your organisation gives this site, e.g. CO-P001-S1. Use the same code at every visit.',
    es: 'El código estable que su organización da a esta mina, p. ej. CO-P001-S1. Use el mismo código en cada visita.',
    fr: 'Le code stable que votre organisation donne à ce site, p. ex. CO-P001-S1. Utilisez le même code à chaque visite.',
  },
  site_name: { en: 'Site name', es: 'Nombre de la mina', fr: 'Nom du site' },
  site_type: { en: 'Type of site', es: 'Tipo de mina', fr: 'Type de site' },
  producer_code: { en: 'Producer code', es: 'Código del productor', fr: 'Code du producteur' },
  producer_name: {
    en: 'Name of the producer organisation',
    es: 'Nombre de la organización productora',
    fr: 'Nom de l’organisation productrice',
  },
  country: { en: 'Country', es: 'País', fr: 'Pays' },
  admin1: { en: 'Department, province or region', es: 'Departamento, provincia o región', fr: 'Département, province ou région' },
  admin2: {
    en: 'Municipality, district or commune',
    es: 'Municipio o distrito',
    fr: 'Commune, territoire ou département',
  },
  minerals: { en: 'Minerals worked', es: 'Minerales explotados', fr: 'Minerais exploités' },
  gps: { en: 'Location of the site', es: 'Ubicación de la mina', fr: 'Emplacement du site' },
  gps_hint: {
    en: 'Stand at the main working area. The exact location is never published.',
    es: 'Párese en la zona principal de trabajo. La ubicación exacta nunca se publica.',
    fr: 'Placez-vous dans la zone de travail principale. L’emplacement exact n’est jamais publié.',
  },
  organisation: { en: 'Producer organisation', es: 'Organización productora', fr: 'Organisation productrice' },
  legal_form: { en: 'Legal form', es: 'Forma jurídica', fr: 'Forme juridique' },
  members_total: { en: 'Number of members', es: 'Número de socios', fr: 'Nombre de membres' },
  members_women: { en: 'Of whom women', es: 'De ellos, mujeres', fr: 'Dont femmes' },
  members_constraint: {
    en: 'Cannot be negative or more than the number of members.',
    es: 'No puede ser negativo ni mayor que el número de socios.',
    fr: 'Ne peut être ni négatif ni supérieur au nombre de membres.',
  },
  formalisation_stage: { en: 'Formalisation stage', es: 'Etapa de formalización', fr: 'Étape de formalisation' },
  has_mining_title: {
    en: 'Does the organisation hold a mining title or licence for this site?',
    es: '¿La organización tiene título o licencia minera para esta mina?',
    fr: 'L’organisation détient-elle un titre ou un permis minier pour ce site ?',
  },
  mining_title_number: { en: 'Title or licence number', es: 'Número del título o licencia', fr: 'Numéro du titre ou du permis' },
  workforce: { en: 'People working at the site', es: 'Personas que trabajan en la mina', fr: 'Personnes travaillant sur le site' },
  workers_total: { en: 'Number of people working', es: 'Número de personas que trabajan', fr: 'Nombre de personnes qui travaillent' },
  workers_women: { en: 'Of whom women', es: 'De ellas, mujeres', fr: 'Dont femmes' },
  workers_under_18: { en: 'Of whom under 18 years old', es: 'De ellas, menores de 18 años', fr: 'Dont moins de 18 ans' },
  workers_under_15: { en: 'Of whom under 15 years old', es: 'De ellas, menores de 15 años', fr: 'Dont moins de 15 ans' },
  under_15_constraint: {
    en: 'Cannot be negative or more than the people under 18.',
    es: 'No puede ser negativo ni mayor que las personas menores de 18 años.',
    fr: 'Ne peut être ni négatif ni supérieur au nombre de moins de 18 ans.',
  },
  count_constraint: {
    en: 'Cannot be negative or more than the number of people working.',
    es: 'No puede ser negativo ni mayor que el número de personas que trabajan.',
    fr: 'Ne peut être ni négatif ni supérieur au nombre de personnes qui travaillent.',
  },
  women_roles: { en: 'What do women do at the site?', es: '¿Qué hacen las mujeres en la mina?', fr: 'Que font les femmes sur le site ?' },
  children_under_15_observed: {
    en: 'Were children under 15 seen working?',
    es: '¿Se vieron menores de 15 años trabajando?',
    fr: 'Des enfants de moins de 15 ans ont-ils été vus au travail ?',
  },
  practices: { en: 'Processing practices', es: 'Prácticas de beneficio', fr: 'Pratiques de traitement' },
  mercury_used: { en: 'Is mercury used?', es: '¿Se usa mercurio?', fr: 'Le mercure est-il utilisé ?' },
  mercury_kg_per_month: {
    en: 'Mercury used per month (kg)',
    es: 'Mercurio usado por mes (kg)',
    fr: 'Mercure utilisé par mois (kg)',
  },
  mercury_recovered_kg_per_month: {
    en: 'Mercury recovered per month, e.g. with retorts (kg)',
    es: 'Mercurio recuperado por mes, p. ej. con retortas (kg)',
    fr: 'Mercure récupéré par mois, p. ex. avec des cornues (kg)',
  },
  accidents_12_months: {
    en: 'Accidents with injury in the last 12 months',
    es: 'Accidentes con lesiones en los últimos 12 meses',
    fr: 'Accidents avec blessure au cours des 12 derniers mois',
  },
  fatalities_12_months: {
    en: 'Of which fatal',
    es: 'De ellos, mortales',
    fr: 'Dont mortels',
  },
  fatalities_constraint: {
    en: 'Cannot be more than the accidents.',
    es: 'No puede ser mayor que los accidentes.',
    fr: 'Ne peut dépasser le nombre d’accidents.',
  },
  environmental_measures: {
    en: 'Environmental measures in place',
    es: 'Medidas ambientales implementadas',
    fr: 'Mesures environnementales en place',
  },
  cyanide_used: { en: 'Is cyanide used?', es: '¿Se usa cianuro?', fr: 'Le cyanure est-il utilisé ?' },
  module: { en: 'Module', es: 'Módulo', fr: 'Module' },
  requirement_hint: {
    en: 'Veta key {key}: not an official requirement number.',
    es: 'Clave Veta {key}: no es un número oficial de requisito.',
    fr: 'Clé Veta {key} : ce n’est pas un numéro officiel d’exigence.',
  },
  evidence: {
    en: 'Evidence: what you saw, read or heard',
    es: 'Evidencia: lo que vio, leyó o escuchó',
    fr: 'Preuves : ce que vous avez vu, lu ou entendu',
  },
  evidence_hint: {
    en: 'Do not write names of people or phone numbers.',
    es: 'No escriba nombres de personas ni números de teléfono.',
    fr: 'N’écrivez ni noms de personnes ni numéros de téléphone.',
  },
  improvement_actions: { en: 'Improvement actions', es: 'Acciones de mejora', fr: 'Actions d’amélioration' },
  action_requirement: { en: 'Requirement concerned', es: 'Requisito correspondiente', fr: 'Exigence concernée' },
  action_target_status: { en: 'Status to reach', es: 'Estado a alcanzar', fr: 'Statut à atteindre' },
  action_description: { en: 'What will be done', es: 'Qué se hará', fr: 'Ce qui sera fait' },
  action_responsible: { en: 'Role responsible', es: 'Cargo responsable', fr: 'Fonction responsable' },
  action_responsible_hint: {
    en: 'A role (e.g. safety officer), not a person’s name.',
    es: 'Un cargo (p. ej. responsable de seguridad), no el nombre de una persona.',
    fr: 'Une fonction (p. ex. responsable sécurité), pas le nom d’une personne.',
  },
  action_due_date: { en: 'Due date', es: 'Fecha límite', fr: 'Échéance' },
  action_status: { en: 'Status of the action', es: 'Estado de la acción', fr: 'État de l’action' },
} satisfies Record<string, Text>;
