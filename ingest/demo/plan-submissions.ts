/**
 * The order KoboToolbox exports submissions in (by `_submission_time`), worked out without generating them: one
 * pass over the producers records, per submission, only when it arrived and which producer, site and visit it is.
 * That is a few dozen bytes per submission, so a million fit easily; the rows themselves are generated later, one at
 * a time, in this order. `maxSubmissions` keeps the earliest ones, as if the export had been taken at that moment.
 */
import { demoProducer, type DemoContext } from './demo-producers.ts';

export interface SubmissionPlan {
  /** Submissions kept, and generated before the cap. */
  count: number;
  total: number;
  /** Indexed by position in the export. */
  submittedMs: Float64Array;
  producer: Uint32Array;
  site: Uint8Array;
  visit: Uint8Array;
  /** The arrival time of the last submission kept. */
  cutoffMs: number;
}

export function planSubmissions(context: DemoContext, maxSubmissions = Infinity): SubmissionPlan {
  const times: number[] = [];
  const producers: number[] = [];
  const sites: number[] = [];
  const visits: number[] = [];
  for (let p = 0; p < context.producers; p += 1) {
    for (const site of demoProducer(context, p).sites) {
      for (const visit of site.visits) {
        times.push(visit.submittedUtcMs);
        producers.push(p);
        sites.push(site.index);
        visits.push(visit.index);
      }
    }
  }
  const order = Uint32Array.from(times.keys());
  // Ties (same second) are broken by producer, site and visit, so the order never depends on the sort algorithm.
  order.sort((a, b) => times[a] - times[b] || producers[a] - producers[b] || sites[a] - sites[b] || visits[a] - visits[b]);
  const count = Math.min(order.length, Math.max(0, Math.floor(maxSubmissions)));
  const plan: SubmissionPlan = {
    count,
    total: order.length,
    submittedMs: new Float64Array(count),
    producer: new Uint32Array(count),
    site: new Uint8Array(count),
    visit: new Uint8Array(count),
    cutoffMs: count ? times[order[count - 1]] : -Infinity,
  };
  for (let i = 0; i < count; i += 1) {
    const at = order[i];
    plan.submittedMs[i] = times[at];
    plan.producer[i] = producers[at];
    plan.site[i] = sites[at];
    plan.visit[i] = visits[at];
  }
  return plan;
}
