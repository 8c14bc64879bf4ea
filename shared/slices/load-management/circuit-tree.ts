import type { Circuit } from './model.ts';

/** One thing wrong with a site's settings, with the field it concerns (`circuits.2.parentCircuitId`, as the zod errors name it). */
export interface SettingsIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * What is wrong with a circuit tree: duplicate ids, parents that are not in it, cycles. Empty: a tree (a
 * forest under the grid connection) every node of which can be enforced.
 */
export const circuitTreeIssues = (circuits: readonly Circuit[]): SettingsIssue[] => {
  const issues: SettingsIssue[] = [];
  const byId = new Map<string, Circuit>();
  circuits.forEach((circuit, index) => {
    if (byId.has(circuit.circuitId))
      issues.push({
        field: `circuits.${index}.circuitId`,
        message: `duplicate circuit ${circuit.circuitId}`,
      });
    else byId.set(circuit.circuitId, circuit);
  });
  circuits.forEach((circuit, index) => {
    const parent = circuit.parentCircuitId;
    if (parent === undefined) return;
    const field = `circuits.${index}.parentCircuitId`;
    if (!byId.has(parent)) {
      issues.push({ field, message: `unknown parent circuit ${parent}` });
      return;
    }
    // Walk up: a chain longer than the tree, or one that comes back to the start, is a cycle.
    const seen = new Set([circuit.circuitId]);
    for (let at: string | undefined = parent; at !== undefined; at = byId.get(at)?.parentCircuitId) {
      if (seen.has(at)) {
        issues.push({ field, message: `the parents of circuit ${circuit.circuitId} form a cycle` });
        return;
      }
      seen.add(at);
    }
  });
  return issues;
};

/** The circuit ids from `circuitId` up to the top of the tree (the grid connection is not a circuit). */
export const pathToRoot = (
  circuits: ReadonlyMap<string, Circuit>,
  circuitId: string | undefined,
): string[] => {
  const path: string[] = [];
  for (let at = circuitId; at !== undefined && circuits.has(at); at = circuits.get(at)?.parentCircuitId) {
    if (path.includes(at)) break;
    path.push(at);
  }
  return path;
};
