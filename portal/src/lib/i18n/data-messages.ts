/**
 * The open-data page's words in each language (English is the reference type; Spanish and French must have every
 * key). `{name}` marks a value filled in by the page (`fill` in $lib/reports/format.ts).
 */
import type { Locale } from './locales.ts';

const en = {
  title: 'Open data',
  intro:
    'Download the published figures as files: Parquet for analysis, CSV for spreadsheets, GeoJSON for GIS. Each extract is the public view of one snapshot, with the same id as the figures on the portal, a data dictionary, and a SHA-256 checksum for every file.',
  noExtract: 'No public extract has been written yet. `veta build` writes one for every snapshot it publishes; `veta export` writes one on demand.',
  extractHeading: 'Public extract of snapshot {id}',
  served: 'served on this portal',
  created: 'Built on {date}',
  datapackage: 'Package description (datapackage.json)',
  licenceHeading: 'Licence',
  licenceNone: "The publisher has not chosen a licence for Veta's own data yet; the sources keep their own terms.",
  sourcesHeading: 'Sources to credit',
  citeHeading: 'How to cite',
  citation: 'Veta open data, public extract of snapshot {id} (built {date}). {url}',
  privacyHeading: 'What the public extract leaves out',
  privacy:
    'Rows about a single site, producer organisation or person are not in it, nor are exact locations; a figure resting on fewer than {min} sites or producer organisations is withheld (its row says suppressed = true).',
  withheldTables: 'Tables only restricted extracts hold:',
  restrictedHeading: 'Restricted extracts',
  restricted:
    'Restricted extracts (every table and column except personal data) exist for data-sharing agreements. Signed in with an implementer or admin token, you find them listed on this page with the public ones; a partner’s token reaches only its own producers, in the site pages. Contact the data publisher to agree on access.',
  downloadsHeading: 'Files',
  table: 'Table',
  format: 'Format',
  size: 'Size',
  checksum: 'SHA-256',
  dictionaryHeading: 'Data dictionary',
  dictionaryIntro: 'What each table holds and what each column means, as the warehouse declares it.',
  grain: 'Grain',
  column: 'Column',
  columnsCount: '{n} columns',
  type: 'Type',
  unit: 'Unit',
  description: 'Meaning',
  dictionaryLanguage: 'The dictionary is kept in English.',
  otherSnapshots: 'Extracts of other snapshots',
  otherSnapshotsIntro: 'Earlier snapshots keep their extracts, so a figure cited from one can be checked later.',
  show: 'Show',
  unknownSnapshot: 'There is no public extract of snapshot {id}.',
};

export type DataMessages = typeof en;

const es: DataMessages = {
  title: 'Datos abiertos',
  intro:
    'Descargue las cifras publicadas en archivos: Parquet para análisis, CSV para hojas de cálculo y GeoJSON para SIG. Cada extracto es la vista pública de una instantánea, con el mismo identificador que las cifras del portal, un diccionario de datos y una suma de control SHA-256 para cada archivo.',
  noExtract:
    'Todavía no se ha generado ningún extracto público. `veta build` genera uno por cada instantánea que publica; `veta export` lo genera a pedido.',
  extractHeading: 'Extracto público de la instantánea {id}',
  served: 'la que muestra este portal',
  created: 'Generada el {date}',
  datapackage: 'Descripción del paquete (datapackage.json)',
  licenceHeading: 'Licencia',
  licenceNone: 'El editor aún no ha elegido una licencia para los datos propios de Veta; las fuentes conservan sus propias condiciones.',
  sourcesHeading: 'Fuentes que deben citarse',
  citeHeading: 'Cómo citar',
  citation: 'Datos abiertos de Veta, extracto público de la instantánea {id} (generada el {date}). {url}',
  privacyHeading: 'Qué deja fuera el extracto público',
  privacy:
    'No contiene filas sobre un solo sitio, organización productora o persona, ni ubicaciones exactas; una cifra basada en menos de {min} sitios u organizaciones productoras se reserva (su fila indica suppressed = true).',
  withheldTables: 'Tablas que solo contienen los extractos restringidos:',
  restrictedHeading: 'Extractos restringidos',
  restricted:
    'Los extractos restringidos (todas las tablas y columnas salvo los datos personales) existen para los acuerdos de intercambio de datos. Con una sesión de implementador o administrador, aparecen en esta página junto a los públicos; el token de un socio solo alcanza a sus propios productores, en las páginas de minas. Póngase en contacto con el editor de los datos para acordar el acceso.',
  downloadsHeading: 'Archivos',
  table: 'Tabla',
  format: 'Formato',
  size: 'Tamaño',
  checksum: 'SHA-256',
  dictionaryHeading: 'Diccionario de datos',
  dictionaryIntro: 'Qué contiene cada tabla y qué significa cada columna, tal como lo declara el almacén de datos.',
  grain: 'Granularidad',
  column: 'Columna',
  columnsCount: '{n} columnas',
  type: 'Tipo',
  unit: 'Unidad',
  description: 'Significado',
  dictionaryLanguage: 'El diccionario se mantiene en inglés.',
  otherSnapshots: 'Extractos de otras instantáneas',
  otherSnapshotsIntro: 'Las instantáneas anteriores conservan sus extractos, para poder verificar más tarde una cifra citada.',
  show: 'Ver',
  unknownSnapshot: 'No hay extracto público de la instantánea {id}.',
};

const fr: DataMessages = {
  title: 'Données ouvertes',
  intro:
    'Téléchargez les chiffres publiés sous forme de fichiers : Parquet pour l’analyse, CSV pour les tableurs, GeoJSON pour les SIG. Chaque extrait est la vue publique d’un instantané, avec le même identifiant que les chiffres du portail, un dictionnaire des données et une somme de contrôle SHA-256 pour chaque fichier.',
  noExtract:
    'Aucun extrait public n’a encore été produit. `veta build` en produit un pour chaque instantané qu’il publie ; `veta export` en produit un à la demande.',
  extractHeading: 'Extrait public de l’instantané {id}',
  served: 'celui qu’affiche ce portail',
  created: 'Produit le {date}',
  datapackage: 'Description du paquet (datapackage.json)',
  licenceHeading: 'Licence',
  licenceNone: 'L’éditeur n’a pas encore choisi de licence pour les données propres à Veta ; les sources conservent leurs propres conditions.',
  sourcesHeading: 'Sources à citer',
  citeHeading: 'Comment citer',
  citation: 'Données ouvertes Veta, extrait public de l’instantané {id} (produit le {date}). {url}',
  privacyHeading: 'Ce que l’extrait public laisse de côté',
  privacy:
    'Il ne contient aucune ligne portant sur un seul site, une seule organisation de producteurs ou une seule personne, ni de localisation exacte ; un chiffre reposant sur moins de {min} sites ou organisations de producteurs est masqué (sa ligne indique suppressed = true).',
  withheldTables: 'Tables que seuls les extraits restreints contiennent :',
  restrictedHeading: 'Extraits restreints',
  restricted:
    'Les extraits restreints (toutes les tables et colonnes sauf les données personnelles) existent pour les accords de partage de données. Connecté avec un jeton de mise en œuvre ou d’administration, vous les trouvez sur cette page avec les extraits publics ; le jeton d’un partenaire n’atteint que ses propres producteurs, dans les pages des sites. Contactez l’éditeur des données pour convenir d’un accès.',
  downloadsHeading: 'Fichiers',
  table: 'Table',
  format: 'Format',
  size: 'Taille',
  checksum: 'SHA-256',
  dictionaryHeading: 'Dictionnaire des données',
  dictionaryIntro: 'Ce que contient chaque table et ce que signifie chaque colonne, tels que l’entrepôt les déclare.',
  grain: 'Granularité',
  column: 'Colonne',
  columnsCount: '{n} colonnes',
  type: 'Type',
  unit: 'Unité',
  description: 'Signification',
  dictionaryLanguage: 'Le dictionnaire est tenu en anglais.',
  otherSnapshots: 'Extraits d’autres instantanés',
  otherSnapshotsIntro: 'Les instantanés antérieurs conservent leurs extraits, pour qu’un chiffre cité puisse être vérifié plus tard.',
  show: 'Afficher',
  unknownSnapshot: 'Il n’y a pas d’extrait public de l’instantané {id}.',
};

export const DATA_MESSAGES: Record<Locale, DataMessages> = { en, es, fr };
