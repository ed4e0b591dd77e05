// The data-quality review, for implementers and admins; others are told what access it needs.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export interface QualityReview {
  snapshot_id: string;
  batches: { batch_id: string; file_name: string; format: string; rows_read: number; rows_loaded: number; rows_rejected: number; rows_duplicate: number; ingested_at: string }[];
  rejects: { batch_id: string; file_name: string; line: number | null; column_name: string | null; reason: string }[];
  rejects_total: number;
  reject_reasons: { reason: string; rows: number }[];
  failing_tests: { test: string; model: string; rows: number }[];
  latest_failed_build: { snapshot_id: string; built_at: string; failing_tests: { test: string; model: string; rows: number }[] } | null;
  coverage_gaps: { country_code: string; admin1_code: string; sites_known: number; sites_assessed_12_months: number; coverage: number; latest_assessment_date: string | null }[];
}

export const load: PageServerLoad = async ({ fetch }) => {
  const response = await fetch('/api/v1/quality');
  if (response.status === 403) return { review: null };
  if (!response.ok) error(502, { message: `the API answered ${response.status} for /api/v1/quality` });
  return { review: (await response.json()) as QualityReview };
};
