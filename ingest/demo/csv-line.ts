/**
 * One CSV record as text, in the two dialects the demo writes: KoboToolbox's (every field quoted, `;` or `,`) and
 * the minimal quoting of RFC 4180 that spreadsheets and databases write (quotes only where a cell needs them).
 * The caller adds the line ending, because the dialects differ there too.
 */

export interface CsvDialect {
  delimiter: ',' | ';';
  quoteAll: boolean;
}

export const KOBO_SEMICOLON: CsvDialect = { delimiter: ';', quoteAll: true };
export const KOBO_COMMA: CsvDialect = { delimiter: ',', quoteAll: true };
export const PLAIN_CSV: CsvDialect = { delimiter: ',', quoteAll: false };

export function csvLine(cells: readonly (string | number | boolean)[], dialect: CsvDialect): string {
  const needsQuotes = (text: string) => text.includes(dialect.delimiter) || /["\r\n]/.test(text);
  return cells
    .map((cell) => {
      const text = String(cell);
      return dialect.quoteAll || needsQuotes(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(dialect.delimiter);
}
