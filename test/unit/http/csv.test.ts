import { describe, expect, it } from 'vitest';
import { CsvError, formatCsv, parseCsv, parseCsvRecords } from '../../../shared/http/csv.ts';

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
    ['a lone carriage return as data', 'a\rb,c', [['a\rb', 'c']]],
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
    ['an unclosed quote on a later line', 'a,b\n"c,d', /^line 2: a quoted field is not closed$/],
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

describe('formatCsv', () => {
  it('quotes what needs quoting and reads back as it was written', () => {
    // Prepare
    const rows = [
      ['CP-1', 'north, building "A"', 12],
      ['CP-2', 'two\nlines', null],
    ];

    // Act
    const text = formatCsv(['chargerId', 'site', 'kWh'], rows);

    // Assess
    expect(text).toBe('chargerId,site,kWh\r\nCP-1,"north, building ""A""",12\r\nCP-2,"two\nlines",\r\n');
    expect(parseCsv(text)).toEqual([
      ['chargerId', 'site', 'kWh'],
      ['CP-1', 'north, building "A"', '12'],
      ['CP-2', 'two\nlines', ''],
    ]);
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.test")'],
    ['+', '+1+cmd|calc'],
    ['-', '-2+3'],
    ['@', '@SUM(A1)'],
    ['a tab', '\t=1'],
    ['a carriage return', '\r=1'],
  ])('neutralizes a text cell starting with %s (OWASP CSV injection)', (_start, cell) => {
    // Act
    const [, row] = parseCsv(formatCsv(['value'], [[cell]]));

    // Assess
    expect(row).toEqual([`'${cell}`]);
  });

  it('keeps numbers, negative ones included, and booleans as they are', () => {
    // Act
    const text = formatCsv(['a', 'b', 'c'], [[-5, 0.5, true]]);

    // Assess
    expect(text).toBe('a,b,c\r\n-5,0.5,true\r\n');
  });
});
