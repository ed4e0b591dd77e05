/**
 * Incidents: the Annex II risks of the sites' stories as the due-diligence team logs them, plus what partners report
 * about the surroundings. A finding is logged on the day of the assessment that identified it, under the Annex II
 * group of its requirement (from the catalogue), and its status follows the site's later assessments: open while
 * the risk stands, mitigating while the plan is carried out, closed once the requirement is met. In the DRC an IPIS
 * visit reports armed presence a few weeks before a non-state armed group finding. Partners' reports about roads
 * and buying points near other sites were checked and closed. Summaries never name anyone.
 */
import type { DemoRequirement } from './demo-catalogue.ts';
import { COUNTRIES } from './demo-countries.ts';
import { DAY_MS, isoDate } from './demo-dates.ts';
import type { DemoProducer } from './demo-producers.ts';
import { streamFor } from './demo-random.ts';
import { TEXTS, type PartnerGroup } from './demo-texts.ts';
import { riskStatus } from './demo-visits.ts';

export const INCIDENTS_HEADER = ['incident_id', 'site_code', 'reported_on', 'annex_ii_group', 'severity', 'status', 'source', 'summary'] as const;

export type Severity = 'low' | 'medium' | 'high' | 'critical';

export interface Incident {
  reportedMs: number;
  siteCode: string;
  /** Every column but `incident_id`, numbered once all incidents are in date order. */
  cells: string[];
}

const SEVERITY: Readonly<Record<string, Severity>> = {
  'M3-2': 'critical',
  'M3-3': 'critical',
  'M3-6': 'critical',
  'M4-1': 'high',
  'M4-2': 'medium',
  'M4-3': 'high',
  'M4-4': 'medium',
  'M4-5': 'low',
};
const PARTNER_GROUPS: readonly PartnerGroup[] = ['security-forces', 'taxes-fees-royalties', 'bribery-fraud'];

export function producerIncidents(seed: number, requirements: readonly DemoRequirement[], producer: DemoProducer, lastMs: number): Incident[] {
  const texts = TEXTS[COUNTRIES[producer.country].language];
  const incidents: Incident[] = [];
  const add = (site: string, reportedMs: number, cells: string[]) => {
    if (reportedMs <= lastMs) incidents.push({ reportedMs, siteCode: site, cells: [site, isoDate(reportedMs), ...cells] });
  };
  for (const site of producer.sites) {
    const random = streamFor(seed, 'incidents', producer.index, site.index);
    const seen = site.visits.filter((v) => v.dateMs <= lastMs);
    for (const event of site.story.risks) {
      const requirement = requirements.find((r) => r.key === event.key);
      if (!requirement?.annexGroup || event.visit >= seen.length) continue;
      const status = riskStatus(event, seen.length - 1);
      const state = status === 'conformant' ? 'closed' : status === 'in_progress' ? 'mitigating' : 'open';
      const visit = site.visits[event.visit];
      const finding = random.pick(texts.evidenceByKey[event.key]?.risk_identified ?? ['']);
      const source = visit.role === 'buyer' || visit.role === 'third_party' ? 'partner' : 'implementer';
      const severity = SEVERITY[event.key] ?? 'medium';
      add(site.code, visit.dateMs + random.int(0, 3) * DAY_MS, [requirement.annexGroup, severity, state, source, `${texts.incidents.finding}${finding}`]);
      if (event.key === 'M3-6') {
        const ipis = producer.country === 'CD' ? 'ipis' : 'partner';
        add(site.code, visit.dateMs - random.int(20, 60) * DAY_MS, [requirement.annexGroup, severity, state, ipis, texts.incidents.ipisArmedPresence]);
      }
    }
    // IPIS maps mine sites in eastern DRC; elsewhere partners relay what they hear in the area.
    const reported = producer.country === 'CD' ? 0.15 : 0.05;
    if (seen.length && random.chance(reported)) {
      const group = random.pick(PARTNER_GROUPS);
      const fromMs = seen[0].dateMs;
      const reportedMs = fromMs + Math.floor(random.next() * Math.max(1, (lastMs - fromMs) / DAY_MS)) * DAY_MS;
      const source = producer.country === 'CD' ? 'ipis' : 'partner';
      add(site.code, reportedMs, [group, random.chance(0.6) ? 'low' : 'medium', 'closed', source, random.pick(texts.incidents.partner[group])]);
    }
  }
  return incidents;
}
