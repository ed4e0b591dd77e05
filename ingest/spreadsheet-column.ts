/**
 * A column as a spreadsheet names it (A, B, …, Z, AA, …, XFD): how a person finds a cell that has no name in the
 * header, being right of its last column.
 */

/** The letters of the n-th column, counting from 1. */
export function spreadsheetColumn(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** The same in SQL, for an integer expression of at most 16,384 (XFD), the widest sheet. */
export function spreadsheetColumnSql(n: string): string {
  const last = `chr(65 + ((${n} - 1) % 26)::integer)`;
  const middle = `chr(65 + (((${n} - 1) // 26 - 1) % 26)::integer)`;
  const first = `chr(64 + (((${n} - 1) // 26 - 1) // 26)::integer)`;
  return `case when ${n} <= 26 then ${last} when ${n} <= 702 then chr(64 + ((${n} - 1) // 26)::integer) || ${last} else ${first} || ${middle} || ${last} end`;
}
