import { describe, expect, it } from 'vitest';
import { MappingError, parseMapping } from './mapping-file.ts';

const valid = `mapping_version: 1
source_table: kobo__visita_mina_2023
framework_version: craft-2.1
fields:
  site/site_code: grupo_mina/codigo_mina
  site/country: { value: CO }
  practices/mercury_used: { column: usa_mercurio, recode: { Sí: 'yes', No: 'no', 'N/S': null } }
requirements:
  craft-2.1.M3-3: { column: trabajo_infantil, recode: { Sí: risk_identified }, evidence: notas }
`;

describe('parseMapping', () => {
  it('reads the three ways to fill a question and a requirement with its evidence', () => {
    const mapping = parseMapping(valid, 'm.yml');
    expect(mapping.fields).toEqual({
      'site/site_code': 'grupo_mina/codigo_mina',
      'site/country': { value: 'CO' },
      'practices/mercury_used': { column: 'usa_mercurio', recode: { Sí: 'yes', No: 'no', 'N/S': null } },
    });
    expect(mapping.requirements['craft-2.1.M3-3']).toEqual({ column: 'trabajo_infantil', recode: { Sí: 'risk_identified' }, evidence: 'notas' });
  });

  it.each([
    ['a YAML syntax error', valid.replace('fields:', 'fields: [unclosed'), /^m\.yml: line \d+, column \d+: not valid YAML/],
    ['an unknown key, at its line', valid.replace('  site/country: { value: CO }', '  site/country: { colum: pais }'), /^m\.yml: line 6, column 17 at fields\.site\/country: /],
    ['a bad framework version', valid.replace('craft-2.1\n', 'CRAFT 2.1\n'), /^m\.yml: line 3, column 20 at framework_version: a framework version id such as craft-2\.1/],
    ['a missing source table', valid.replace('source_table: kobo__visita_mina_2023\n', ''), /^m\.yml: line 1, column 1 at source_table: /],
  ])('names the file, line and column of %s', (_, text, message) => {
    expect(() => parseMapping(text, 'm.yml')).toThrow(MappingError);
    expect(() => parseMapping(text, 'm.yml')).toThrow(message);
  });
});
