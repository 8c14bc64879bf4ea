/**
 * A small RFC 4180 parser: comma-separated fields, CRLF or LF line ends, fields in double quotes may hold commas,
 * line breaks and doubled quotes (`""`). A leading byte-order mark is dropped; a last line end is optional.
 */
export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

export const parseCsv = (text: string): string[][] => {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  // The current field was quoted (and its closing quote read): nothing but a separator may follow.
  let quoted = false;
  let line = 1;
  const endField = () => {
    row.push(field);
    field = '';
    quoted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
    line += 1;
  };
  let i = 0;
  while (i < input.length) {
    const char = input[i];
    if (char === ',') {
      endField();
      i += 1;
    } else if (char === '\n' || (char === '\r' && input[i + 1] === '\n')) {
      endRow();
      i += char === '\n' ? 1 : 2;
    } else if (quoted) {
      throw new CsvError(`line ${line}: text after a closing quote`);
    } else if (char === '"') {
      if (field !== '') throw new CsvError(`line ${line}: a quote inside an unquoted field`);
      // A quoted field runs to the next quote that is not doubled.
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvError(`line ${line}: a quoted field is not closed`);
        if (input[i] === '"' && input[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (input[i] === '"') {
          i += 1;
          break;
        } else {
          if (input[i] === '\n') line += 1;
          field += input[i];
          i += 1;
        }
      }
      quoted = true;
    } else {
      field += char;
      i += 1;
    }
  }
  if (field !== '' || quoted || row.length > 0) endRow();
  return rows;
};

/**
 * Records from CSV with a header row: each record maps header names to values. Blank lines are skipped; a row
 * with another number of fields than the header is an error.
 */
export const parseCsvRecords = (text: string): Record<string, string>[] => {
  const rows = parseCsv(text).filter((row) => !(row.length === 1 && row[0] === ''));
  const [header, ...body] = rows;
  if (!header) throw new CsvError('the CSV has no header row');
  const names = header.map((name) => name.trim());
  if (new Set(names).size !== names.length) throw new CsvError('the CSV header repeats a column');
  return body.map((row, index) => {
    if (row.length !== names.length)
      throw new CsvError(`row ${index + 1}: ${row.length} fields, the header has ${names.length}`);
    return Object.fromEntries(names.map((name, i) => [name, row[i] ?? '']));
  });
};
