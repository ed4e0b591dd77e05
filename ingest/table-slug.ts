/** Raw table names for forms Veta has no mapping for, made from what names them. */

/** A table name from a form id or an export's file name (Kobo names files `<title>_-_all_versions_-_…`). */
export function tableSlug(name: string): string {
  const base = name.split(/_-_| - /)[0];
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48) || 'form';
}
