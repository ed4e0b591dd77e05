/**
 * When a site is assessed, and what happens to it: about one visit a year from the year it joined, follow-up visits
 * after Annex II findings (a remediation check two to four months after a module 3 finding, the six-month review of
 * a module 4 mitigation plan), and the site's "story": at most one module 3 finding, a few module 4 risks that are
 * mitigated on time or left overdue, and now and then a year that slips back in module 5. The story is decided
 * here, with the schedule, so that assessments, incidents, ledgers and the Fairmined register all tell the same one.
 */
import type { CountryProfile } from './demo-countries.ts';
import { DAY_MS, isoDate } from './demo-dates.ts';
import type { DemoRandom } from './demo-random.ts';
import type { Status } from './demo-texts.ts';

export type AssessorRole = 'self' | 'implementer' | 'buyer' | 'third_party';

export interface DemoVisit {
  /** Position in the site's history. */
  index: number;
  kind: 'annual' | 'follow_up';
  /** The local date of the assessment. */
  date: string;
  dateMs: number;
  startUtcMs: number;
  endUtcMs: number;
  /** When the server received it: whole seconds, a few hours to ten days after the end. */
  submittedUtcMs: number;
  role: AssessorRole;
  assessor: string;
  deviceId: string;
}

/** An Annex II risk identified at one visit. `resolved`: remediated (module 3) or mitigated on time (module 4). */
export interface RiskEvent {
  module: 'M3' | 'M4';
  key: string;
  visit: number;
  resolved: boolean;
}

export interface SiteStory {
  risks: RiskEvent[];
  /** A visit at which one or two module 5 requirements slip back, to recover at the next one. */
  regressionVisit: number | null;
}

export interface PlannedVisits {
  visits: Omit<DemoVisit, 'role' | 'assessor' | 'deviceId'>[];
  story: SiteStory;
}

const M3_FOLLOW_UP_DAYS = [60, 120] as const;
const M4_REVIEW_DAYS = [165, 200] as const;
const MIN_GAP_DAYS = 30;

/**
 * The status a risk's requirement has at a visit of the site, or null before the risk was found. A remediated
 * module 3 finding, or a module 4 risk mitigated on time, is in progress at the next visit and conformant after;
 * an overdue module 4 plan leaves the risk identified at the next visit (the six-month review) and is in progress
 * only at the one after. An unremediated module 3 finding stays identified: the site leaves the programme.
 */
export function riskStatus(event: RiskEvent, visit: number): Status | null {
  const after = visit - event.visit;
  if (after < 0) return null;
  if (after === 0) return 'risk_identified';
  if (event.module === 'M3' && !event.resolved) return 'risk_identified';
  const delay = event.resolved ? 0 : 1;
  if (after <= delay) return 'risk_identified';
  return after === delay + 1 ? 'in_progress' : 'conformant';
}

/** Annual visit dates, the site's story, and the follow-up visits the story calls for. */
export function planVisits(
  random: DemoRandom,
  annualDays: readonly number[],
  profile: CountryProfile,
  offsetMinutes: number,
  lastMs: number,
): PlannedVisits {
  let dates = [...annualDays];
  const risks: RiskEvent[] = [];
  const followUps: { afterMs: number; days: readonly [number, number]; event: RiskEvent }[] = [];

  // At most one module 3 finding; a first self-assessment rarely reports one, so it comes later when it can.
  if (dates.length && random.chance(profile.m3Risk)) {
    const at = dates.length > 1 ? random.int(1, dates.length - 1) : 0;
    const key = random.weighted(profile.m3Keys);
    const resolved = random.chance(key === 'M3-6' ? 0.4 : 0.65);
    const event: RiskEvent = { module: 'M3', key, visit: at, resolved };
    risks.push(event);
    followUps.push({ afterMs: dates[at], days: M3_FOLLOW_UP_DAYS, event });
    // Without remediation the buyer and the programme leave: no annual visit after the follow-up.
    if (!resolved) dates = dates.slice(0, at + 1);
  }
  if (dates.length && random.chance(profile.m4Risk)) {
    const count = dates.length > 2 && random.chance(0.2) ? 2 : 1;
    const keys = new Set<string>();
    for (let i = 0; i < count; i += 1) {
      const key = random.weighted(profile.m4Keys);
      if (keys.has(key)) continue;
      keys.add(key);
      const at = random.int(0, dates.length - 1);
      const event: RiskEvent = { module: 'M4', key, visit: at, resolved: random.chance(0.65) };
      risks.push(event);
      followUps.push({ afterMs: dates[at], days: M4_REVIEW_DAYS, event });
    }
  }

  // Insert follow-ups where there is room before the next annual visit, then renumber the events.
  const annualIndexOf = new Map(risks.map((e) => [e, e.visit]));
  const all = dates.map((ms) => ({ ms, kind: 'annual' as const }));
  const extra: { ms: number; kind: 'follow_up' }[] = [];
  for (const f of followUps) {
    const ms = f.afterMs + random.int(f.days[0], f.days[1]) * DAY_MS;
    const next = dates.find((d) => d > f.afterMs) ?? Infinity;
    const taken = extra.some((e) => Math.abs(e.ms - ms) < MIN_GAP_DAYS * DAY_MS);
    if (ms <= lastMs && ms < next - MIN_GAP_DAYS * DAY_MS && !taken) extra.push({ ms, kind: 'follow_up' });
  }
  const ordered = [...all, ...extra].sort((a, b) => a.ms - b.ms);
  for (const event of risks) {
    event.visit = ordered.findIndex((v) => v.kind === 'annual' && v.ms === dates[annualIndexOf.get(event)!]);
  }
  // An unremediated finding ends the history at its follow-up (or at the finding, when there was no room for one).
  const m3 = risks.find((e) => e.module === 'M3' && !e.resolved);
  const kept = m3 ? ordered.filter((v, i) => i <= m3.visit || (i === m3.visit + 1 && v.kind === 'follow_up')) : ordered;

  const annualCount = kept.filter((v) => v.kind === 'annual').length;
  let regressionVisit: number | null = null;
  if (annualCount >= 3 && random.chance(0.1)) {
    const candidates = kept.map((v, i) => (v.kind === 'annual' && i >= 2 ? i : -1)).filter((i) => i >= 0);
    regressionVisit = random.pick(candidates);
  }

  const visits = kept.map((v, index) => {
    const follow = v.kind === 'follow_up';
    const startLocalMs = (random.int(7 * 60 + 30, 14 * 60 + 30) * 60 + random.int(0, 59)) * 1000 + random.int(0, 999);
    const startUtcMs = v.ms + startLocalMs - offsetMinutes * 60_000;
    const endUtcMs = startUtcMs + (follow ? random.int(30, 90) : random.int(60, 200)) * 60_000 + random.int(0, 59_999);
    // Field teams sync once back in coverage: the same evening, or days later from remote sites.
    const delayMs = random.chance(0.6) ? random.between(0.05, 0.6) * DAY_MS : random.between(1, 10) * DAY_MS;
    const submittedUtcMs = Math.ceil((endUtcMs + delayMs) / 1000) * 1000;
    return { index, kind: v.kind, date: isoDate(v.ms), dateMs: v.ms, startUtcMs, endUtcMs, submittedUtcMs };
  });
  return { visits, story: { risks, regressionVisit } };
}

/** Who assesses: the producer itself at first, then mostly the implementer, sometimes the buyer or an auditor. */
export function roleFor(
  random: DemoRandom,
  visit: Pick<DemoVisit, 'index' | 'kind' | 'dateMs'>,
  buyerEngaged: boolean,
  certified: boolean,
): AssessorRole {
  if (visit.kind === 'follow_up') return 'implementer';
  if (visit.index === 0) return random.chance(0.8) ? 'self' : 'implementer';
  const buyer = buyerEngaged ? 1 : 0;
  return certified
    ? random.weighted({ third_party: 50, implementer: 35, self: 10, buyer: 5 * buyer })
    : random.weighted({ implementer: 55, buyer: 20 * buyer, third_party: 15, self: 10 });
}
