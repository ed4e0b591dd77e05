/**
 * Which portal pages may be printed to PDF, and under what name. Only the pages made to be cited are accepted — the
 * annual reports and the region profiles, with an optional language segment — so the PDF route cannot be turned into
 * a way to render any URL (or the API) with a headless browser.
 */
import { LOCALES } from '../../i18n/locales.ts';

/** First segments of printable pages, after the optional language. */
export const PDF_PREFIXES = ['reports', 'regions'] as const;

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const QUERY_VALUE = /^[A-Za-z0-9_.,-]{0,64}$/;
const MAX_SEGMENTS = 5;
const MAX_QUERY_PARAMS = 6;

export interface PdfTarget {
  /** The page to print: `/es/reports/2025`. */
  path: string;
  /** Its query string, `?mineral=gold`, or empty. */
  search: string;
  /** Words for the download's file name: `es-reports-2025`, `regions-CO-CO-NAR-gold`. */
  name: string;
}

export type PdfTargetResult = { ok: true; target: PdfTarget } | { ok: false; message: string };

const refused = (message: string): PdfTargetResult => ({ ok: false, message });

const EXPECTED = `a portal page under ${PDF_PREFIXES.map((p) => `/${p}/`).join(' or ')} (optionally after /es or /fr)`;

/** The page `/pdf/<rest>?<query>` asks for, or why it is refused. */
export function pdfTarget(rest: string, query: URLSearchParams): PdfTargetResult {
  const segments = rest.split('/').filter((s) => s !== '');
  if (segments.length === 0 || segments.length > MAX_SEGMENTS || !segments.every((s) => SEGMENT.test(s))) {
    return refused(`/pdf prints ${EXPECTED}`);
  }
  const [first, ...others] = segments;
  const page = (LOCALES as readonly string[]).includes(first) ? others : segments;
  if (!(PDF_PREFIXES as readonly string[]).includes(page[0] ?? '') || page.length < 2) {
    return refused(`/pdf prints ${EXPECTED}; /${segments.join('/')} is not one`);
  }
  const params = [...query.entries()];
  if (params.length > MAX_QUERY_PARAMS || !params.every(([k, v]) => SEGMENT.test(k) && QUERY_VALUE.test(v))) {
    return refused('/pdf passes on only short query parameters of letters, digits and - _ . ,');
  }
  const search = params.length ? `?${new URLSearchParams(params)}` : '';
  // A snapshot id is named by the file itself; other parameters (a mineral) are part of what the page shows.
  const words = [...segments, ...params.filter(([k]) => k !== 'snapshot').map(([, v]) => v)].filter(Boolean);
  return { ok: true, target: { path: `/${segments.join('/')}`, search, name: words.join('-').replace(/[^A-Za-z0-9_-]/g, '_') } };
}
