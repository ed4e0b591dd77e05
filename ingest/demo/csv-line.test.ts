/** The two CSV dialects the demo writes. */
import { describe, expect, it } from 'vitest';
import { csvLine, KOBO_COMMA, KOBO_SEMICOLON, PLAIN_CSV } from './csv-line.ts';
import { parseCsv } from '../../tests/helpers/parse-csv.ts';

describe('csvLine', () => {
  const cells = ['plain', 'a;b', 'a,b', 'say "hi"', '', 42, true];

  it('quotes every field in the KoboToolbox dialect', () => {
    expect(csvLine(cells, KOBO_SEMICOLON)).toBe('"plain";"a;b";"a,b";"say ""hi""";"";"42";"true"');
    expect(csvLine(cells, KOBO_COMMA)).toBe('"plain","a;b","a,b","say ""hi""","","42","true"');
  });

  it('quotes only where needed in the plain dialect', () => {
    expect(csvLine(cells, PLAIN_CSV)).toBe('plain,a;b,"a,b","say ""hi""",,42,true');
    expect(csvLine(['two\nlines'], PLAIN_CSV)).toBe('"two\nlines"');
  });

  it('reads back to the same cells', () => {
    for (const dialect of [KOBO_SEMICOLON, KOBO_COMMA, PLAIN_CSV]) {
      expect(parseCsv(`${csvLine(cells, dialect)}\r\n${csvLine(['x', 'y\r\nz'], dialect)}\r\n`, dialect.delimiter)).toEqual([
        cells.map(String),
        ['x', 'y\r\nz'],
      ]);
    }
  });
});
