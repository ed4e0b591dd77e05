/** The questions of a form's main table (outside repeats), with the groups they sit in: what a CSV export holds. */
import type { Row, XlsForm } from './build-xlsform.ts';

const NO_DATA = new Set(['begin_group', 'end_group', 'begin_repeat', 'end_repeat', 'note']);

/** A question of the main table: a survey row that holds data, outside repeats, with the groups it sits in. */
export interface MainQuestion {
  row: Row;
  type: string;
  /** The choice list of a select question. */
  list?: string;
  groups: string[];
}

/** The questions of a form's main table, in form order (a CSV export holds only these). */
export function* mainQuestions(form: XlsForm): Generator<MainQuestion> {
  const groups: string[] = [];
  let repeatDepth = 0;
  for (const row of form.survey) {
    const [type, list] = row.type.split(' ');
    if (type === 'begin_repeat') repeatDepth += 1;
    if (type === 'end_repeat') repeatDepth -= 1;
    if (type === 'begin_group') groups.push(row.name);
    if (type === 'end_group') groups.pop();
    if (NO_DATA.has(type) || repeatDepth > 0) continue;
    yield { row, type, list, groups: [...groups] };
  }
}

