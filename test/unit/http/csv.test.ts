import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, parseCsvRecords } from '../../../shared/http/csv.ts';

describe('parseCsv (RFC 4180)', () => {
  it.each([
    [
      'plain fields',
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'CRLF line ends and a last line end',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'empty fields',
      'a,,\n,b,',
      [
        ['a', '', ''],
        ['', 'b', ''],
      ],
    ],
    ['a quoted comma', '"x, y",z', [['x, y', 'z']]],
    ['doubled quotes', '"say ""hi""",z', [['say "hi"', 'z']]],
    [
      'a quoted line break',
      '"two\nlines",z\nnext,row',
      [
        ['two\nlines', 'z'],
        ['next', 'row'],
      ],
    ],
    ['an empty quoted field', '"",z', [['', 'z']]],
    ['a byte-order mark', '\uFEFFa,b', [['a', 'b']]],
  ])('reads %s', (_name, text, expected) => {
    // Act
    const rows = parseCsv(text);

    // Assess
    expect(rows).toEqual(expected);
  });

  it.each([
    ['an unclosed quote', '"abc,d', /not closed/],
    ['a quote inside an unquoted field', 'ab"c,d', /quote inside/],
    ['text after a closing quote', '"ab"c,d', /after a closing quote/],
  ])('refuses %s', (_name, text, message) => {
    // Act & Assess
    expect(() => parseCsv(text)).toThrow(message);
  });
});

describe('parseCsvRecords', () => {
  it('maps rows to the header names and skips blank lines', () => {
    // Act
    const records = parseCsvRecords('chargerId,siteId\nCP-1,north\n\nCP-2,\n');

    // Assess
    expect(records).toEqual([
      { chargerId: 'CP-1', siteId: 'north' },
      { chargerId: 'CP-2', siteId: '' },
    ]);
  });

  it.each([
    ['no header', '', /no header/],
    ['a repeated column', 'a,a\n1,2', /repeats/],
    ['a row of another width', 'a,b\n1,2,3', /row 1: 3 fields/],
  ])('refuses %s', (_name, text, message) => {
    // Act & Assess
    expect(() => parseCsvRecords(text)).toThrow(CsvError);
    expect(() => parseCsvRecords(text)).toThrow(message);
  });
});
