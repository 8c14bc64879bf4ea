import type { Dependencies } from '../dependencies.ts';

/*
 * The check of a tariff assigned to an id token, a charger or a site (which tariff prices a session is
 * tariff-resolution.ts).
 */

/**
 * Whether a tariff may be assigned (to an id token, charger or site): it exists in the tenant and is not
 * deleted. Another tenant's tariff is unknown here.
 */
export const isAssignableTariff = async (
  deps: Pick<Dependencies, 'tariffs'>,
  input: { tenantId: string; tariffId: string },
): Promise<boolean> => {
  const head = await deps.tariffs.get(input.tenantId, input.tariffId);
  return head !== undefined && head.deletedAt === undefined;
};

/** A tariff to assign that the tenant does not have (or deleted): the request names the field. */
export class UnknownTariffError extends Error {
  constructor(readonly tariffId: string) {
    super(`unknown tariff ${tariffId}`);
    this.name = 'UnknownTariffError';
  }
}

/** Throws UnknownTariffError unless the tariff to assign may be (`null` / undefined: nothing to check). */
export const requireAssignableTariff = async (
  deps: Pick<Dependencies, 'tariffs'>,
  input: { tenantId: string; tariffId?: string | null | undefined },
): Promise<void> => {
  const { tariffId } = input;
  if (
    typeof tariffId === 'string' &&
    !(await isAssignableTariff(deps, { tenantId: input.tenantId, tariffId }))
  )
    throw new UnknownTariffError(tariffId);
};
