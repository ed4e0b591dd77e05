/**
 * What each assessment of a site records: workforce, mercury and cyanide, a status and an evidence note for every
 * requirement of the form, and the improvement actions. A site's whole history is generated in one go, visit after
 * visit, because statuses and actions carry over: a requirement is conformant from the year its (seeded) threshold
 * is passed and stays so unless the site slips back; an action is listed again at later visits until the
 * requirement is met (completed) or it is dropped (cancelled); the site's story overrides the Annex II modules.
 *
 * Conformance curves rise with the years a site has been in the programme: modules 1 and 2 start high, module 5
 * starts near 30 % and reaches about 80 % after four and a half years, so the share conformant over all sites rises
 * from year to year as the cohorts age.
 */
import type { DemoRequirement } from './demo-catalogue.ts';
import { COUNTRIES } from './demo-countries.ts';
import { addMonths, DAY_MS, isoDate, yearsBetween } from './demo-dates.ts';
import type { DemoProducer, DemoSite } from './demo-producers.ts';
import { streamFor, type DemoRandom } from './demo-random.ts';
import { TEXTS, type DemoTexts, type Module, type RoleId, type Status } from './demo-texts.ts';
import { riskStatus, type DemoVisit, type RiskEvent } from './demo-visits.ts';

export type ActionStatus = 'planned' | 'in_progress' | 'completed' | 'cancelled';

export interface DemoAction {
  /** The requirement's choice name, `r_M4_1`. */
  requirement: string;
  module: Module;
  description: string;
  responsible: string;
  dueDate: string;
  status: ActionStatus;
}

export interface SiteAssessment {
  visit: DemoVisit;
  workersTotal: number;
  workersWomen: number;
  workersUnder18: number;
  mercuryUsed: boolean;
  mercuryKgPerMonth: number | null;
  cyanideUsed: boolean;
  altitude: string;
  precision: string;
  /** One per requirement, in the order of `DemoRules.requirements`. */
  statuses: Status[];
  evidence: string[];
  actions: DemoAction[];
}

export interface DemoRules {
  requirements: readonly DemoRequirement[];
  mitigationReviewMonths: number;
  module5HorizonYears: number;
}

interface Curve {
  start: number;
  end: number;
  years: number;
}
const CURVES: Readonly<Record<Module, Curve>> = {
  M1: { start: 0.72, end: 0.97, years: 2.5 },
  M2: { start: 0.85, end: 0.98, years: 2 },
  M3: { start: 1, end: 1, years: 1 },
  M4: { start: 0.95, end: 0.99, years: 2 },
  M5: { start: 0.28, end: 0.82, years: 4.5 },
};
/** Requirements that producers meet later than the rest of their module: reports and disclosure. */
const KEY_CURVES: Readonly<Record<string, Curve>> = {
  'M1-4': { start: 0.45, end: 0.95, years: 3 },
  'M1-5': { start: 0.5, end: 0.95, years: 3 },
  'M4-5': { start: 0.6, end: 0.95, years: 3 },
};

const RESPONSIBLE: Readonly<Record<string, readonly RoleId[]>> = {
  'M1-1': ['secretary', 'board'],
  'M1-2': ['board'],
  'M1-3': ['community_liaison', 'secretary'],
  'M1-4': ['legal_rep', 'secretary'],
  'M1-5': ['board'],
  'M1-6': ['internal_control', 'plant_manager'],
  'M4-2': ['internal_control'],
  'M4-3': ['treasurer'],
  'M4-4': ['treasurer'],
  'M4-5': ['treasurer', 'board'],
  'M5-1': ['ohs_committee'],
  'M5-2': ['environmental_officer', 'plant_manager'],
  'M5-3': ['environmental_officer'],
  'M5-4': ['board', 'ohs_committee'],
  'M5-5': ['gender_committee', 'board'],
  'M5-6': ['community_liaison'],
};
const RESPONSIBLE_BY_MODULE: Readonly<Record<Module, readonly RoleId[]>> = {
  M1: ['board'],
  M2: ['legal_rep', 'board'],
  M3: ['board', 'legal_rep'],
  M4: ['legal_rep', 'board'],
  M5: ['board'],
};

const NOT_MET = new Set<Status>(['non_conformant', 'in_progress', 'risk_identified']);

interface OpenAction extends DemoAction {
  index: number;
  event: RiskEvent | null;
}

/** A uniform draw that leans on the site's own draw: a triangular mix mapped back to uniform. */
function blend(site: number, own: number): number {
  const s = site + own;
  return s < 1 ? (s * s) / 2 : 1 - ((2 - s) * (2 - s)) / 2;
}

function curveAt(curve: Curve, years: number): number {
  return curve.start + (curve.end - curve.start) * Math.min(1, years / curve.years);
}

function evidenceFor(texts: DemoTexts, r: DemoRequirement, status: Status, formalising: boolean, site: DemoProducer['country'], random: DemoRandom): string {
  const pool =
    (r.module === 'M2' && status === 'in_progress' && formalising ? texts.formalising[site] : undefined) ??
    texts.evidenceByKey[r.key]?.[status] ??
    texts.evidence[r.module][status];
  if (!pool) throw new Error(`the demo has no ${status} evidence text for ${r.key}`);
  const finding = random.pick(pool);
  return random.chance(0.4) ? `${finding} ${random.pick(texts.sources)}` : finding;
}

function dueDate(random: DemoRandom, rules: DemoRules, module: Module, date: string, after: string | null): string {
  const [min, max] = { M1: [60, 365], M2: [60, 365], M3: [30, 90], M4: [45, 170], M5: [90, 700] }[module];
  const from = after ? Date.parse(`${after}T00:00:00Z`) + random.int(20, 90) * DAY_MS : Date.parse(`${date}T00:00:00Z`) + random.int(min, max) * DAY_MS;
  const due = isoDate(from);
  // Module 4 plans must show measurable improvement within the review period; module 5 within its horizon.
  const cap = module === 'M4' ? addMonths(date, rules.mitigationReviewMonths) : module === 'M5' ? addMonths(date, rules.module5HorizonYears * 12) : due;
  return due < cap ? due : cap;
}

export function assessSite(seed: number, rules: DemoRules, producer: DemoProducer, site: DemoSite): SiteAssessment[] {
  const random = streamFor(seed, 'assessments', producer.index, site.index);
  const texts = TEXTS[COUNTRIES[producer.country].language];
  const { requirements } = rules;
  const siteDraw = blend(producer.maturity, random.next());
  const thresholds = requirements.map(() => blend(siteDraw, random.next()));
  const firstMs = site.visits[0].dateMs;
  const open: OpenAction[] = [];
  const history: SiteAssessment[] = [];

  for (const visit of site.visits) {
    const years = yearsBetween(firstMs, visit.dateMs);
    const events = site.story.risks.filter((e) => riskStatus(e, visit.index) !== null);
    const childLabourFinding = events.find((e) => e.key === 'M3-3');

    const workersTotal = Math.min(400, Math.max(10, Math.round(site.workers0 * site.growth ** years * random.between(0.92, 1.08))));
    const womenShare = Math.min(0.45, Math.max(0.05, site.womenShare + 0.005 * years + random.between(-0.02, 0.02)));
    // Rounded within 5–45 % of the workforce, which small sites would otherwise overshoot.
    const workersWomen = Math.min(Math.floor(workersTotal * 0.45), Math.max(Math.ceil(workersTotal * 0.05), Math.round(workersTotal * womenShare)));
    let workersUnder18 = Math.round(workersTotal * site.under18Share * site.under18Decay ** years);
    // A worst-forms finding means children were there that day; once remediated, they are gone.
    if (childLabourFinding?.visit === visit.index) workersUnder18 = Math.max(workersUnder18, random.int(2, 6));
    else if (childLabourFinding?.resolved) workersUnder18 = 0;
    workersUnder18 = Math.min(workersTotal, workersUnder18);

    const mercuryUsed = site.mercuryKg > 0 && visit.dateMs < site.mercuryStopMs;
    const mercuryKgPerMonth = mercuryUsed
      ? Math.round(Math.min(5, Math.max(0.1, site.mercuryKg * 0.88 ** years * random.between(0.85, 1.15))) * 100) / 100
      : null;
    const formalising = visit.dateMs < site.formalisedMs;

    const notMet = (index: number): Status => {
      const hasPlan = open.some((a) => a.index === index);
      return hasPlan || random.chance(visit.index === 0 ? 0.25 : 0.4) ? 'in_progress' : 'non_conformant';
    };
    const statuses = requirements.map((r, i): Status => {
      if (r.module === 'M3') return 'conformant';
      if ((r.key === 'M2-1' || r.key === 'M2-2') && formalising) return site.informal && visit.index === 0 ? 'non_conformant' : 'in_progress';
      if (r.key === 'M2-3' && site.ownsTitle) return 'not_applicable';
      if (r.key === 'M5-2') {
        if (!site.hasGold && !site.cyanide) return 'not_applicable';
        if (!mercuryUsed && !site.cyanide) return 'conformant';
        if ((mercuryKgPerMonth ?? 0) > 1.5) return notMet(i);
      }
      if (r.key === 'M5-4' && workersUnder18 > 0) return notMet(i);
      return thresholds[i] < curveAt(KEY_CURVES[r.key] ?? CURVES[r.module], years) ? 'conformant' : notMet(i);
    });

    const storyCells = new Set<number>();
    for (const event of events) {
      const i = requirements.findIndex((r) => r.key === event.key);
      if (i < 0) continue;
      statuses[i] = riskStatus(event, visit.index)!;
      storyCells.add(i);
    }
    if (visit.index === site.story.regressionVisit) {
      const slipping = requirements.map((r, i) => (r.module === 'M5' && statuses[i] === 'conformant' ? i : -1)).filter((i) => i >= 0);
      for (let n = random.int(1, 2); n > 0 && slipping.length; n -= 1) {
        statuses[slipping.splice(random.int(0, slipping.length - 1), 1)[0]] = 'non_conformant';
      }
    }
    // Follow-up visits check the finding; the rest is often left for the next annual assessment.
    requirements.forEach((r, i) => {
      if (storyCells.has(i)) return;
      const skip =
        visit.kind === 'follow_up' && r.module !== 'M3' && r.module !== 'M4'
          ? 0.6
          : (visit.role === 'self' ? 0.04 : 0.01) + (r.key === 'M2-4' ? 0.2 : 0);
      if (random.chance(skip)) statuses[i] = 'not_assessed';
    });

    const evidence = requirements.map((r, i) =>
      statuses[i] === 'not_assessed' ? '' : evidenceFor(texts, r, statuses[i], formalising, producer.country, random),
    );

    const actions: DemoAction[] = [];
    for (const action of [...open]) {
      const status = statuses[action.index];
      if (status === 'not_assessed') continue;
      const mitigated = action.event?.resolved && action.event.module === 'M4' && status === 'in_progress';
      if (!NOT_MET.has(status) || mitigated) action.status = 'completed';
      else if (!action.event && random.chance(0.08)) action.status = 'cancelled';
      else action.status = 'in_progress';
      actions.push(publicAction(action));
      if (action.status === 'completed' || action.status === 'cancelled') open.splice(open.indexOf(action), 1);
    }
    requirements.forEach((r, i) => {
      if (!NOT_MET.has(statuses[i]) || open.some((a) => a.index === i)) return;
      const event = storyCells.has(i) ? (events.find((e) => e.key === r.key) ?? null) : null;
      const count = event ? (random.chance(0.3) ? 2 : 1) : Number(random.weighted({ 0: 35, 1: 50, 2: 15 }));
      const roles = RESPONSIBLE[r.key] ?? RESPONSIBLE_BY_MODULE[r.module];
      // After the visit that found a risk, new actions follow up on the plan rather than restate it.
      const followingUp = event !== null && event.visit !== visit.index;
      let previousDue: string | null = null;
      for (let n = 0; n < count; n += 1) {
        previousDue = dueDate(random, rules, r.module, visit.date, previousDue);
        const action: OpenAction = {
          index: i,
          event,
          requirement: r.question,
          module: r.module,
          description: n === 0 && !followingUp ? (texts.actions[r.key] ?? texts.followUpAction) : texts.followUpAction,
          responsible: texts.roles[random.pick(roles)],
          dueDate: previousDue,
          status: random.chance(event ? 0.5 : 0.3) ? 'in_progress' : 'planned',
        };
        open.push(action);
        actions.push(publicAction(action));
      }
    });

    history.push({
      visit,
      workersTotal,
      workersWomen,
      workersUnder18,
      mercuryUsed,
      mercuryKgPerMonth,
      cyanideUsed: site.cyanide,
      altitude: (site.altitude + random.between(-6, 6)).toFixed(1),
      precision: random.between(3, 20).toFixed(1),
      statuses,
      evidence,
      actions,
    });
  }
  return history;
}

function publicAction(action: OpenAction): DemoAction {
  const { requirement, module, description, responsible, dueDate, status } = action;
  return { requirement, module, description, responsible, dueDate, status };
}
