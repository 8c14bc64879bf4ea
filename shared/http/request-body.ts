import { apiErrors } from './api-error.ts';

/** Far below API Gateway's 10 MB: no operation needs more, and a bulk import gets its own limit. */
export const maxBodyBytes = 1024 * 1024;

export const readJsonBody = (
  body: string | undefined,
  isBase64Encoded: boolean,
  contentType: string | undefined,
): unknown => {
  const text = isBase64Encoded ? Buffer.from(body ?? '', 'base64').toString('utf8') : (body ?? '');
  if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) throw apiErrors.payloadTooLarge(maxBodyBytes);
  if (text.trim() === '') throw apiErrors.badRequest('a JSON request body is required');
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType))
    throw apiErrors.unsupportedMediaType();
  try {
    return JSON.parse(text);
  } catch {
    throw apiErrors.badRequest('request body is not valid JSON');
  }
};
