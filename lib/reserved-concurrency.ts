import { type FunctionId, type FunctionSpec, lambdaAccountConcurrency } from '../shared/topology/index.ts';

export type ReservedConcurrencyOption =
  | boolean
  | Readonly<Partial<Record<FunctionId, number | undefined>>>
  | undefined;

/**
 * The reservation of each function: none by default; with `true` the topology's sizes; with an object those
 * sizes and the given ones over them. Fails the synth when a size is not a whole number ≥ 0 or when the
 * reservations would leave less than the account's minimum unreserved (Lambda refuses such a deploy half-way).
 */
export const reservedConcurrencyOf = (
  option: ReservedConcurrencyOption,
  specs: Readonly<Record<FunctionId, FunctionSpec>>,
  accountLimit: number = lambdaAccountConcurrency.defaultLimit,
): Partial<Record<FunctionId, number>> => {
  if (option === undefined || option === false) return {};
  const sized = Object.fromEntries(
    Object.entries(specs).flatMap(([id, spec]) =>
      spec.reservedConcurrency ? [[id, spec.reservedConcurrency.size]] : [],
    ),
  ) as Partial<Record<FunctionId, number | undefined>>;
  const merged = option === true ? sized : { ...sized, ...option };
  const reservations: Partial<Record<FunctionId, number>> = {};
  for (const [id, size] of Object.entries(merged) as [FunctionId, number | undefined][]) {
    if (size === undefined) continue;
    if (!(id in specs)) throw new Error(`reservedConcurrency: no function '${id}'`);
    if (!Number.isInteger(size) || size < 0) {
      throw new Error(`reservedConcurrency.${id} must be a whole number ≥ 0, got ${size}`);
    }
    reservations[id] = size;
  }
  const total = Object.values(reservations).reduce((sum, size) => sum + (size ?? 0), 0);
  const available = accountLimit - lambdaAccountConcurrency.minimumUnreserved;
  if (total > available) {
    throw new Error(
      `reservedConcurrency reserves ${total} of an account limit of ${accountLimit}; at most ${available} ` +
        `(Lambda keeps ${lambdaAccountConcurrency.minimumUnreserved} unreserved). Lower the sizes, or raise the ` +
        'quota and pass accountConcurrencyLimit',
    );
  }
  return reservations;
};
