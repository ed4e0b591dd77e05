import { describe, expect, it } from 'vitest';
import { questionName, requirementOfQuestion } from './question-names.ts';

describe('question names', () => {
  it.each([
    ['craft-2.1.M3-6', 'craft-2.1', 'r_M3_6'],
    ['craft-2.0.M1-1', 'craft-2.0', 'r_M1_1'],
    ['fairmined-2.0.ORG-1', 'fairmined-2.0', 'r_ORG_1'],
  ])('%s is asked as %s… and read back', (requirement, version, name) => {
    expect(questionName(requirement, version)).toBe(name);
    expect(requirementOfQuestion(name, version)).toBe(requirement);
  });

  it('reads other questions as no requirement', () => {
    for (const name of ['r_M3_6_evidence', 'site_code', 'gps', 'r_', 'r_m3_6']) {
      expect(requirementOfQuestion(name, 'craft-2.1')).toBeUndefined();
    }
  });

  it('refuses a requirement of another version or a key a form cannot carry', () => {
    expect(() => questionName('craft-2.0.M1-1', 'craft-2.1')).toThrow('requirement craft-2.0.M1-1 does not belong to craft-2.1');
    expect(() => questionName('craft-2.1.m1 1', 'craft-2.1')).toThrow('requirement key "m1 1" of craft-2.1.m1 1 cannot become a form question name');
  });
});
