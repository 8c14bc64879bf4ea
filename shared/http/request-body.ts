import { apiErrors } from './api-error.ts';
import { CsvError, parseCsvRecords } from './csv.ts';

/** Far below API Gateway's 10 MB: no operation needs more, and a bulk import gets its own limit. */
export const maxBodyBytes = 1024 * 1024;

const bodyText = (body: string | undefined, isBase64Encoded: boolean): string => {
  const text = isBase64Encoded ? Buffer.from(body ?? '', 'base64').toString('utf8') : (body ?? '');
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) throw apiErrors.payloadTooLarge(maxBodyBytes);
  return text;
};

/** No body at all (an operation whose body schema admits `undefined` then gets none). */
export const isEmptyBody = (body: string | undefined): boolean => (body ?? '').trim() === '';

export const isCsvContentType = (contentType: string | undefined): boolean =>
  contentType !== undefined && /^text\/csv\b/i.test(contentType);

/** Whether an `Accept` header asks for CSV (`text/csv`, with any parameters, not refused with `q=0`). */
export const acceptsCsv = (accept: string | undefined): boolean =>
  (accept ?? '')
    .split(',')
    .map((range) =>
      range
        .trim()
        .split(';')
        .map((part) => part.trim().toLowerCase()),
    )
    .some(([type, ...parameters]) => type === 'text/csv' && !parameters.some((p) => /^q=0(\.0*)?$/.test(p)));

/** A `text/csv` body (RFC 4180) with a header row: one record per row, keyed by the header's names. */
export const readCsvBody = (body: string | undefined, isBase64Encoded: boolean): Record<string, string>[] => {
  const text = bodyText(body, isBase64Encoded);
  if (text.trim() === '') throw apiErrors.badRequest('a CSV request body is required');
  try {
    return parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvError)
      throw apiErrors.badRequest(`request body is not valid CSV: ${error.message}`);
    throw error;
  }
};

export const readJsonBody = (
  body: string | undefined,
  isBase64Encoded: boolean,
  contentType: string | undefined,
): unknown => {
  const text = bodyText(body, isBase64Encoded);
  if (text.trim() === '') throw apiErrors.badRequest('a JSON request body is required');
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType))
    throw apiErrors.unsupportedMediaType();
  try {
    return JSON.parse(text);
  } catch {
    throw apiErrors.badRequest('request body is not valid JSON');
  }
};
