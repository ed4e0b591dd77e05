// One site's profile and the evidence behind its status, for signed-in readers allowed to see it.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params }) => {
  const id = encodeURIComponent(params.id);
  const [profile, evidence] = await Promise.all([fetch(`/api/v1/sites/${id}`), fetch(`/api/v1/sites/${id}/evidence`)]);
  if (profile.status === 403) return { profile: null, evidence: null };
  for (const response of [profile, evidence]) {
    if (response.status === 400 || response.status === 404) {
      error(response.status, { message: ((await response.json()) as { error: { message: string } }).error.message });
    }
    if (!response.ok) error(502, { message: `the API answered ${response.status}` });
  }
  return {
    profile: (await profile.json()) as SiteProfile,
    evidence: (await evidence.json()) as SiteEvidence,
  };
};

interface SiteProfile {
  snapshot_id: string;
  site: { site_id: string; site_name: string | null; producer_id: string; country_code: string; admin1_code: string | null; craft_status: string | null; framework_version_id: string | null; is_stale: boolean | null };
  assessments: { assessment_id: string; framework_version_id: string; assessment_date: string; craft_status: string; status_rule: number; module5_score: number | null; open_actions: number; overdue_actions: number }[];
  modules: { section_code: string; requirements: number; conformant: number; at_risk: number; non_conformant: number }[];
  improvement_plans: { requirement_id: string; plan_started_on: string; due_date: string | null; closed_on: string | null; outcome: string | null; is_overdue: boolean }[];
}

interface SiteEvidence {
  craft_status: string | null;
  evidence: {
    framework_version_id: string;
    requirement_id: string;
    module_code: string;
    status_code: string;
    question_name: string;
    form_version: string | null;
    submission_uuid: string;
    source_file_hash: string;
    source_row: number;
    risk_since: string | null;
    plan_review_due: string | null;
  }[];
}
