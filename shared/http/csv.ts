import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 CSV through csv-parse and csv-stringify (node-csv): comma-separated fields, CRLF or LF line ends,
 * fields in double quotes may hold commas, line breaks and doubled quotes (`""`). A leading byte-order mark is
 * dropped; a last line end is optional. This module only fixes the options and turns the library's errors into
 * `CsvError`s with a line number, so callers answer 400 with a message a person can act on.
 */
export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvError';
  }
}

/** csv-parse's error codes for malformed text, in our words. */
const parseErrorMessages: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is not closed',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote',
};

const csvErrorOf = (error: unknown): unknown => {
  const { code, lines } = error as { code?: string; lines?: number };
  const message = code === undefined ? undefined : parseErrorMessages[code];
  return message ? new CsvError(`line ${lines ?? '?'}: ${message}`) : error;
};

export const parseCsv = (text: string): string[][] => {
  try {
    return parse(text, {
      bom: true,
      // RFC 4180's CRLF, and LF; a lone CR stays data (no guessing from the first line).
      record_delimiter: ['\r\n', '\n'],
      // Widths are checked by parseCsvRecords, with a message naming the row.
      relax_column_count: true,
    }) as string[][];
  } catch (error) {
    throw csvErrorOf(error);
  }
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

export type CsvCell = string | number | boolean | null | undefined;

/**
 * CSV text (CRLF line ends, RFC 4180) of a header row and data rows; empty cells for null and undefined. Text
 * cells that a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return
 * (and their full-width forms) — get a leading `'`, as OWASP's "CSV Injection" advises (csv-stringify's
 * `escape_formulas`); numbers stay numbers, negative ones included.
 */
export const formatCsv = (header: readonly string[], rows: readonly (readonly CsvCell[])[]): string =>
  stringify([header, ...rows] as CsvCell[][], {
    escape_formulas: true,
    record_delimiter: 'windows',
    // csv-stringify quotes only the record delimiter (CRLF); a lone LF or CR must be quoted too, or readers
    // that also end lines at LF (ours) split the cell.
    quoted_match: /[\r\n]/,
    cast: { boolean: (value) => String(value) },
  });
