/** An incident log, CSV or JSON: the fields that make a file one, and where it lands. */
export const INCIDENT_FIELDS = ['incident_id', 'site_code', 'reported_on', 'annex_ii_group', 'severity'] as const;
export const INCIDENTS_TABLE = 'feeds__incidents';
