import { z } from 'zod';
import { ApiError } from '../../../http/api-error.ts';
import { isTimeZone } from '../local-time.ts';
import { UnknownTariffError } from '../tariff-assignment.ts';
import { tariffIdSchema } from './ocpi-schemas.ts';

/*
 * What other slices' routes accept to say which tariff prices a session (id token, charger, site) and in which
 * time zone a site's tariff restrictions are read.
 */

/** A tariff of the tenant to assign (`null`: none); whether it exists is the use case's check. */
export const tariffAssignmentSchema = tariffIdSchema
  .nullable()
  .optional()
  .meta({ description: 'A tariff of the tenant (not deleted) that prices its sessions; `null`: none.' });

/** 400 naming the field, as a validation error does: an unknown or deleted tariff, or another tenant's. */
export const unknownTariff = (tariffId: string | null | undefined): ApiError =>
  new ApiError(400, 'invalid_request', `body.tariffId: unknown tariff ${tariffId}`);

/** The use case's answer, or the 400 of `unknownTariff` when it refused the tariff to assign. */
export const refusingUnknownTariff = <T>(work: Promise<T>): Promise<T> =>
  work.catch((error: unknown) => {
    throw error instanceof UnknownTariffError ? unknownTariff(error.tariffId) : error;
  });

/** IANA names only: `Intl` also takes offsets (`+02:00`), which know no DST and no zone's rules. */
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(
    (zone) => /^[A-Za-z][A-Za-z0-9_+/-]*$/.test(zone) && isTimeZone(zone),
    'not an IANA time zone (e.g. Europe/Amsterdam)',
  )
  .meta({ description: "IANA time zone the site's tariff restrictions are read in; default UTC." });
