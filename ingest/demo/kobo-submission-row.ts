/**
 * Turns one generated assessment into the cells of a KoboToolbox export row, column by column as
 * `koboExportColumns` lists them: answers by question name, a select_multiple as its space-separated choices plus
 * one 1/0 cell per choice, the geopoint as its raw `lat lon alt precision` string plus its four parts, and Kobo's
 * metadata. Questions the demo does not answer stay empty, as unanswered questions do in a real export.
 */
import type { ExportColumn } from '../kobo/kobo-export-columns.ts';
import type { DemoCatalogue } from './demo-catalogue.ts';
import { localTimestamp } from './demo-dates.ts';
import type { SiteAssessment } from './demo-assessments.ts';
import { COUNTRIES } from './demo-countries.ts';
import { organisationAnswers } from './demo-organisation.ts';
import type { DemoProducer, DemoSite } from './demo-producers.ts';

/** Answers keyed by question name (the last part of the column's question path). */
export type Answers = Map<string, string>;

const GEOPOINT_PART = { latitude: 0, longitude: 1, altitude: 2, precision: 3 } as const;

export function submissionAnswers(
  seed: number,
  rules: Pick<DemoCatalogue, 'versionId' | 'formId' | 'choices' | 'requirements'>,
  producer: DemoProducer,
  site: DemoSite,
  assessment: SiteAssessment,
  instanceId: string,
): Answers {
  const { visit } = assessment;
  const offset = COUNTRIES[producer.country].utcOffset;
  const mineralOrder = rules.choices.get('mineral') ?? [];
  const minerals = [...site.minerals].sort((a, b) => mineralOrder.indexOf(a) - mineralOrder.indexOf(b));
  const answers: Answers = new Map([
    ['start', localTimestamp(visit.startUtcMs, offset)],
    ['end', localTimestamp(visit.endUtcMs, offset)],
    ['today', visit.date],
    ['deviceid', visit.deviceId],
    ['framework_version', rules.versionId],
    ['form_id', rules.formId],
    ['assessment_date', visit.date],
    ['assessor_role', visit.role],
    ['assessor_name', visit.assessor],
    ['site_code', site.code],
    ['site_name', site.name],
    ['site_type', site.type],
    ['producer_code', producer.code],
    ['producer_name', producer.name],
    ['country', producer.country],
    ['admin1', site.admin1],
    ['minerals', minerals.join(' ')],
    ['gps', `${site.lat} ${site.lon} ${assessment.altitude} ${assessment.precision}`],
    ['workers_total', String(assessment.workersTotal)],
    ['workers_women', String(assessment.workersWomen)],
    ['workers_under_18', String(assessment.workersUnder18)],
    ['mercury_used', assessment.mercuryUsed ? 'yes' : 'no'],
    ['mercury_kg_per_month', assessment.mercuryKgPerMonth === null ? '' : String(assessment.mercuryKgPerMonth)],
    ['cyanide_used', assessment.cyanideUsed ? 'yes' : 'no'],
    ['instanceID', `uuid:${instanceId}`],
    ...organisationAnswers(seed, producer, site, assessment),
  ]);
  rules.requirements.forEach((r, i) => {
    answers.set(r.question, assessment.statuses[i]);
    answers.set(`${r.question}_evidence`, assessment.evidence[i]);
  });
  return answers;
}

/** Builds, once per column list, the function that turns answers and metadata into an export row (all text). */
export function koboRowWriter(columns: readonly ExportColumn[]): (answers: Answers, metadata: Readonly<Record<string, string>>) => string[] {
  const names = columns.map((c) => c.question.split('/').pop()!);
  return (answers, metadata) => {
    const split = new Map<string, string[]>();
    const parts = (name: string, answer: string) => {
      let list = split.get(name);
      if (!list) split.set(name, (list = answer.split(' ')));
      return list;
    };
    return columns.map((column, i) => {
      if (column.part === 'metadata') return metadata[column.header] ?? '';
      const answer = answers.get(names[i]) ?? '';
      if (column.part === 'value' || answer === '') return answer;
      if (column.part === 'choice') return parts(names[i], answer).includes(column.choice!) ? '1' : '0';
      return parts(names[i], answer)[GEOPOINT_PART[column.part]] ?? '';
    });
  };
}
