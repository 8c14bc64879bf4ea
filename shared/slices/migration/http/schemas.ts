import { z } from 'zod';

/** The first issue of a failed parse, naming its field (under `prefix`), as the API's 400s do; else undefined. */
export const issueOf = (
  result: { success: boolean; error?: z.ZodError },
  prefix?: string,
): string | undefined => {
  const issue = result.error?.issues[0];
  if (!issue) return undefined;
  const field = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined).join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
};

/** What every import answers per row. */
export const rowResultShape = {
  row: z.number().int().min(1).meta({ description: 'The row, numbered from 1 in the order sent.' }),
  status: z.enum(['created', 'updated', 'unchanged', 'error']),
  error: z
    .object({
      code: z.enum([
        'invalid_request',
        'duplicate',
        'unknown_tariff',
        'unknown_charger',
        'forbidden',
        'conflict',
      ]),
      message: z.string(),
    })
    .optional()
    .meta({ description: 'Why the row failed; nothing was written for it.' }),
};

export const importSummarySchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  error: z.number().int(),
});
