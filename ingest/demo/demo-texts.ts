/**
 * The shape of the demo's free text in one language: evidence notes per module and status (with overrides for the
 * requirements whose findings read differently, such as mercury or armed groups), improvement actions per
 * requirement, the roles that answer for them, and incident summaries. Texts never name a person or give a phone
 * number: evidence is personal-sensitive in Veta, and a demo must not teach bad habits.
 */
import type { DemoCountry, DemoLanguage } from './demo-countries.ts';
import { EN_TEXTS } from './demo-texts-en.ts';
import { ES_TEXTS } from './demo-texts-es.ts';
import { FR_TEXTS } from './demo-texts-fr.ts';

export type Status = 'not_assessed' | 'not_applicable' | 'conformant' | 'in_progress' | 'non_conformant' | 'risk_identified';
export type Module = 'M1' | 'M2' | 'M3' | 'M4' | 'M5';
export type RoleId =
  | 'legal_rep'
  | 'board'
  | 'secretary'
  | 'treasurer'
  | 'internal_control'
  | 'ohs_committee'
  | 'environmental_officer'
  | 'gender_committee'
  | 'community_liaison'
  | 'plant_manager';
/** The Annex II groups partners report on without a finding at the site. */
export type PartnerGroup = 'security-forces' | 'taxes-fees-royalties' | 'bribery-fraud';

type ByStatus = Partial<Record<Status, readonly string[]>>;

export interface DemoTexts {
  evidence: Readonly<Record<Module, ByStatus>>;
  /** Preferred over the module's evidence for these requirement keys (`M5-2`). */
  evidenceByKey: Readonly<Record<string, ByStatus>>;
  /** Module 2 evidence while a site is in a formalisation process, in the words of each country's procedure. */
  formalising: Partial<Record<DemoCountry, readonly string[]>>;
  /** How a finding was verified, appended to some notes. */
  sources: readonly string[];
  /** One improvement action per requirement key. */
  actions: Readonly<Record<string, string>>;
  /** A second action some plans add to the first. */
  followUpAction: string;
  roles: Readonly<Record<RoleId, string>>;
  incidents: {
    /** Prefixes the assessment finding when it becomes an incident. */
    finding: string;
    /** An IPIS visit report of armed presence at the site, before the finding. */
    ipisArmedPresence: string;
    /** Reports by partners about the area, verified as not involving the site. */
    partner: Readonly<Record<PartnerGroup, readonly string[]>>;
  };
}

export const TEXTS: Readonly<Record<DemoLanguage, DemoTexts>> = { es: ES_TEXTS, fr: FR_TEXTS, en: EN_TEXTS };
