/**
 * Veta's own site-assessment form as it comes out of a KoboToolbox CSV export ("XML values and headers", groups in
 * headers with `/`). Ingest recognises the form by these columns; the demo writes exactly these.
 */

/** Question columns, in form order. */
export const SITE_ASSESSMENT_QUESTIONS = [
  'start',
  'end',
  'today',
  'identification/assessment_date',
  'identification/assessor_role',
  'site/site_code',
  'site/site_name',
  'site/producer_code',
  'site/producer_name',
  'site/country',
  'site/admin1',
  'site/minerals',
  'site/minerals/gold',
  'site/minerals/tin',
  'site/minerals/tantalum',
  'site/minerals/tungsten',
  'gps',
  '_gps_latitude',
  '_gps_longitude',
  '_gps_altitude',
  '_gps_precision',
  'workforce/workers_total',
  'workforce/workers_women',
  'workforce/workers_under_18',
  'practices/mercury_used',
  'meta/instanceID',
] as const;

/** Metadata columns KoboToolbox appends after the questions. */
export const KOBO_METADATA_COLUMNS = [
  '_id',
  '_uuid',
  '_submission_time',
  '_validation_status',
  '_notes',
  '_status',
  '_submitted_by',
  '__version__',
  '_tags',
  '_index',
] as const;

/** A file holding these columns is an export of Veta's site-assessment form. */
export const SITE_ASSESSMENT_SIGNATURE = ['_uuid', 'site/site_code', 'identification/assessment_date'] as const;

export const SITE_ASSESSMENT_RAW_TABLE = 'kobo__site_assessments';

export const ASSESSOR_ROLES = ['self', 'implementer', 'buyer', 'third_party'] as const;

export const MINERALS = ['gold', 'tin', 'tantalum', 'tungsten'] as const;

/** Every column of an export, in the order KoboToolbox writes them. */
export const SITE_ASSESSMENT_EXPORT_COLUMNS: readonly string[] = [...SITE_ASSESSMENT_QUESTIONS, ...KOBO_METADATA_COLUMNS];
