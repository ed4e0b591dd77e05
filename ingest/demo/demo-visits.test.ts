/** How a site's Annex II findings unfold over its later visits, and who assesses. */
import { describe, expect, it } from 'vitest';
import { COUNTRIES } from './demo-countries.ts';
import { DAY_MS } from './demo-dates.ts';
import { DemoRandom } from './demo-random.ts';
import { planVisits, riskStatus, roleFor, type RiskEvent } from './demo-visits.ts';

const sequence = (event: RiskEvent, visits: number) => Array.from({ length: visits }, (_, v) => riskStatus(event, v));

describe('riskStatus', () => {
  it('moves a module 4 risk mitigated on time to in progress at the next visit, then conformant', () => {
    expect(sequence({ module: 'M4', key: 'M4-1', visit: 1, resolved: true }, 5)).toEqual([
      null,
      'risk_identified',
      'in_progress',
      'conformant',
      'conformant',
    ]);
  });

  it('leaves an overdue module 4 plan identified at its six-month review', () => {
    expect(sequence({ module: 'M4', key: 'M4-4', visit: 0, resolved: false }, 5)).toEqual([
      'risk_identified',
      'risk_identified',
      'in_progress',
      'conformant',
      'conformant',
    ]);
  });

  it('keeps an unremediated module 3 finding identified, and remediates the others through in progress', () => {
    expect(sequence({ module: 'M3', key: 'M3-6', visit: 0, resolved: false }, 3)).toEqual(['risk_identified', 'risk_identified', 'risk_identified']);
    expect(sequence({ module: 'M3', key: 'M3-3', visit: 0, resolved: true }, 3)).toEqual(['risk_identified', 'in_progress', 'conformant']);
  });
});

describe('planVisits', () => {
  it('ends a site history at the follow-up of an unremediated module 3 finding', () => {
    const annual = [2020, 2021, 2022, 2023, 2024].map((y) => Date.UTC(y, 5, 1));
    const profile = { ...COUNTRIES.CD, m3Risk: 1, m3Keys: { 'M3-6': 1 }, m4Risk: 0 };
    for (let seed = 0; seed < 40; seed += 1) {
      const { visits, story } = planVisits(new DemoRandom(seed), annual, profile, 120, Date.UTC(2026, 8, 30));
      const [finding] = story.risks;
      expect(finding.module).toBe('M3');
      if (finding.resolved) {
        expect(visits.filter((v) => v.kind === 'annual')).toHaveLength(5);
      } else {
        expect(visits.slice(finding.visit + 1).every((v) => v.kind === 'follow_up')).toBe(true);
        expect(visits.length - finding.visit).toBeLessThanOrEqual(2);
      }
      for (const v of visits) expect(v.submittedUtcMs).toBeGreaterThan(v.endUtcMs);
      for (const v of visits) expect(v.endUtcMs - v.startUtcMs).toBeLessThan(DAY_MS / 2);
    }
  });
});

describe('roleFor', () => {
  it('starts with self-assessments, sends the implementer to follow-ups, and no buyer once disengaged', () => {
    const random = new DemoRandom(3);
    const first = Array.from({ length: 200 }, () => roleFor(random, { index: 0, kind: 'annual', dateMs: 0 }, true, false));
    expect(first.filter((r) => r === 'self').length).toBeGreaterThan(140);
    expect(roleFor(random, { index: 3, kind: 'follow_up', dateMs: 0 }, true, false)).toBe('implementer');
    const later = Array.from({ length: 300 }, () => roleFor(random, { index: 2, kind: 'annual', dateMs: 0 }, false, false));
    expect(later).not.toContain('buyer');
    expect(new Set(later)).toEqual(new Set(['implementer', 'third_party', 'self']));
  });
});
