/** Raw table names for forms Veta has no mapping for, made from what names them. */

/**
 * A table name from a form id or an export's file name. Kobo names files `<title>_-_all_versions_-_…`; browsers
 * add ` (1)` to a second download of the same file, which is the same form.
 */
export function tableSlug(name: string): string {
  const base = name.replace(/\s*\(\d+\)$/, '').split(/_-_| - /)[0];
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48) || 'form';
}

/**
 * The slug of another form's raw table. `veta_` starts the names of the tables Veta's own form lands in
 * (`kobo__veta_site_assessments`), which the models read: another form must never land there, whatever its file
 * is called.
 */
export function otherFormSlug(name: string): string {
  const slug = tableSlug(name);
  return slug.startsWith('veta_') || slug === 'veta' ? `form_${slug}` : slug;
}
