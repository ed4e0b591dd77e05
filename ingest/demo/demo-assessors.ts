/**
 * The people who fill in the form and the phones they use. Implementers, buyers and auditors are small teams per
 * country (the same field officer visits many sites, as in real programmes); a producer's self-assessments are made
 * by one of its own two contact people on a web form. Names go only into `assessor_name`, which is personal data.
 */
import type { DemoCountry } from './demo-countries.ts';
import { NAMES } from './demo-names.ts';
import { streamFor, type DemoRandom } from './demo-random.ts';
import type { AssessorRole } from './demo-visits.ts';

export interface Assessor {
  name: string;
  deviceId: string;
}

const TEAM_SIZE: Readonly<Record<Exclude<AssessorRole, 'self'>, number>> = { implementer: 3, buyer: 2, third_party: 2 };
/** Teams are few (a handful per country and role) and asked for at every visit. */
const TEAMS = new Map<string, Assessor>();
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function personName(random: DemoRandom, country: DemoCountry): string {
  const names = NAMES[country];
  return `${random.pick(names.firstNames)} ${random.pick(names.lastNames)}`;
}

/** One member of a country's team for a role; the same seed, country, role and member always give the same person. */
export function teamAssessor(seed: number, country: DemoCountry, role: Exclude<AssessorRole, 'self'>, member: number): Assessor {
  const key = `${seed}|${country}|${role}|${member % TEAM_SIZE[role]}`;
  let assessor = TEAMS.get(key);
  if (!assessor) {
    const random = streamFor(seed, 'team', country, role, member % TEAM_SIZE[role]);
    // KoboCollect reports `collect:` and a per-install id; Enketo web forms report the server and a browser id.
    assessor = { name: personName(random, country), deviceId: `collect:${random.chars(ID_ALPHABET, 16)}` };
    TEAMS.set(key, assessor);
  }
  return assessor;
}

export function producerContact(seed: number, country: DemoCountry, producer: number, member: number): Assessor {
  const random = streamFor(seed, 'contact', producer, member);
  return { name: personName(random, country), deviceId: `ee.kobotoolbox.org:${random.chars(ID_ALPHABET, 16)}` };
}

export function assessorFor(
  random: DemoRandom,
  seed: number,
  country: DemoCountry,
  producer: number,
  role: AssessorRole,
): Assessor {
  return role === 'self'
    ? producerContact(seed, country, producer, random.int(0, 1))
    : teamAssessor(seed, country, role, random.int(0, TEAM_SIZE[role] - 1));
}
