/**
 * The organisation and site-practice answers of an assessment that the statuses do not already decide: the
 * producer's legal form and membership, its formalisation stage and title, what women do at the site, children
 * under 15 counted and seen, mercury recovered, accidents and environmental measures. Drawn from their own seeded streams, so adding them
 * changed none of the other demo answers; they follow the site's story (formalisation date, mercury phase-out,
 * module 5 progress).
 */
import type { SiteAssessment } from './demo-assessments.ts';
import type { DemoProducer, DemoSite } from './demo-producers.ts';
import { streamFor } from './demo-random.ts';

const LEGAL_FORMS = ['cooperative', 'cooperative', 'association', 'company', 'family_unit', 'informal_group'] as const;
const WOMEN_ROLES = ['extraction', 'processing', 'ore_selection', 'trading', 'services', 'management'] as const;
const ENV_MEASURES = ['settling_ponds', 'land_rehabilitation', 'waste_management', 'reforestation', 'water_monitoring'] as const;
const YEAR_MS = 365.25 * 86_400_000;

export function organisationAnswers(seed: number, producer: DemoProducer, site: DemoSite, assessment: SiteAssessment): [string, string][] {
  const { visit } = assessment;
  const organisation = streamFor(seed, 'organisation', producer.index);
  const legalForm = organisation.pick(LEGAL_FORMS);
  const founders = organisation.int(12, 180);
  const years = Math.max(0, (visit.dateMs - producer.firstMs) / YEAR_MS);
  const members = Math.round(founders * 1.04 ** years);
  const womenMembers = Math.min(members, Math.round(members * organisation.between(0.08, 0.4)));

  const formalised = visit.dateMs >= site.formalisedMs;
  const stage = formalised ? 'formalised' : site.informal && visit.index === 0 ? 'informal' : 'in_process';
  const hasTitle = formalised && site.ownsTitle;

  const draw = streamFor(seed, 'site-practices', producer.index, site.index, visit.index);
  const roles = assessment.workersWomen > 0 ? WOMEN_ROLES.filter((_, i) => draw.chance(i === 2 ? 0.7 : 0.35)) : [];
  // Most minors at ASM sites are adolescents; younger children are a minority of them, and the ones assessors see.
  const under15 = assessment.workersUnder18 > 0 ? Math.round(assessment.workersUnder18 * draw.between(0, 0.4)) : 0;
  const childrenSeen = under15 > 0 && draw.chance(0.7);
  const recovered =
    assessment.mercuryKgPerMonth === null ? '' : String(Math.round(assessment.mercuryKgPerMonth * draw.between(0, Math.min(0.9, 0.2 + 0.1 * years)) * 100) / 100);
  const accidents = draw.int(0, Math.max(0, Math.round(assessment.workersTotal / 60 - years / 3)));
  const fatalities = accidents > 0 && draw.chance(0.08) ? 1 : 0;
  const measures = ENV_MEASURES.filter(() => draw.chance(Math.min(0.85, 0.15 + 0.1 * years)));

  return [
    ['legal_form', legalForm],
    ['members_total', String(members)],
    ['members_women', String(womenMembers)],
    ['formalisation_stage', stage],
    ['has_mining_title', hasTitle ? 'yes' : 'no'],
    ['mining_title_number', hasTitle ? `${producer.country}-${String(1000 + producer.index * 7 + site.index).padStart(5, '0')}` : ''],
    ['women_roles', roles.join(' ')],
    ['workers_under_15', assessment.workersUnder18 > 0 ? String(under15) : ''],
    ['children_under_15_observed', childrenSeen ? 'yes' : 'no'],
    ['mercury_recovered_kg_per_month', recovered],
    ['accidents_12_months', String(accidents)],
    ['fatalities_12_months', String(fatalities)],
    ['environmental_measures', measures.join(' ')],
  ];
}
