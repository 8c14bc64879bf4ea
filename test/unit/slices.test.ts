import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gatewayFunctionFactories } from '../../shared/handlers/gateway-functions.ts';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import { createOcppHandlers, operations, sliceFunctionFactories, slices } from '../../shared/slices/index.ts';
import type { AnySlice } from '../../shared/slices/slice.ts';
import { functions } from '../../shared/topology/functions.ts';
import { httpRoutes } from '../../shared/topology/http-routes.ts';
import type { SliceManifest } from '../../shared/topology/manifest.ts';
import { manifests } from '../../shared/topology/manifests.ts';
import { placeholderPattern, stateMachines } from '../../shared/topology/state-machines.ts';

/** Handler factories only close over their dependencies: building the handlers touches none. */
const aDependencies = () => ({}) as Dependencies;
const sorted = (names: Iterable<string>) => [...names].sort();
const versions = ['ocpp1.6', 'ocpp2.0.1'] as const;

const declaredOperations = (slice: AnySlice) =>
  Object.values(slice.manifest.routes ?? {}).flatMap((rows) => (rows ?? []).map((row) => row[2]));

describe('slice manifests and their implementations', () => {
  it('lists each slice once, in the topology and in the registry alike', () => {
    // Prepare / Act
    const manifestNames = manifests.map((m) => m.slice);
    // Assess
    expect(new Set(manifestNames).size).toBe(manifestNames.length);
    expect(slices.map((s) => s.manifest.slice)).toEqual(manifestNames);
    for (const [i, slice] of slices.entries()) expect(slice.manifest).toBe(manifests[i]);
  });

  describe.each(slices.map((slice) => [slice.manifest.slice, slice] as const))('%s', (_, slice) => {
    it.each(versions)('implements exactly the %s actions it declares', (version) => {
      const handlers = slice.ocpp[version](aDependencies());
      expect(sorted(Object.keys(handlers))).toEqual(sorted(slice.manifest.ocpp?.[version] ?? []));
      for (const handler of Object.values(handlers)) expect(handler).toBeTypeOf('function');
    });

    it('implements exactly the operations its routes name', () => {
      expect(sorted(Object.keys(slice.operations))).toEqual(sorted(declaredOperations(slice)));
    });

    it.each(versions)('reacts to exactly the %s answers it declares', (version) => {
      expect(sorted(Object.keys(slice.reactions[version]))).toEqual(
        sorted(slice.manifest.reactions?.[version] ?? []),
      );
    });

    it('implements exactly the functions it declares, each with an entry file', () => {
      const declared = Object.keys(slice.manifest.functions ?? {});
      expect(sorted(Object.keys(slice.functions))).toEqual(sorted(declared));
      for (const id of declared) {
        const entry = functions[id as keyof typeof functions].entry;
        expect(existsSync(entry), entry).toBe(true);
      }
    });
  });

  const declaredSchedules = (manifests as readonly SliceManifest[]).flatMap((m) =>
    Object.entries(m.schedules ?? {}).map(([id, schedule]) => [m.slice, id, schedule] as const),
  );
  it.each(declaredSchedules)(
    '%s schedule %s runs a function of its own slice, at a whole number of minutes',
    (slice, _id, schedule) => {
      // Prepare
      const owner = (manifests as readonly SliceManifest[]).find((m) => m.slice === slice);
      // Assess
      expect(Object.keys(owner?.functions ?? {})).toContain(schedule.function);
      expect(Number.isInteger(schedule.rateMinutes) && schedule.rateMinutes >= 1).toBe(true);
      expect(schedule.why.length).toBeGreaterThan(0);
    },
  );

  it('answers every charger-initiated action from one slice only', () => {
    // Act: the merge refuses a second registration of a name, so this would throw.
    const handlers = createOcppHandlers(aDependencies());
    // Assess
    for (const version of versions)
      expect(sorted(Object.keys(handlers[version] ?? {}))).toEqual(
        sorted(slices.flatMap((slice) => slice.manifest.ocpp?.[version] ?? [])),
      );
  });

  it('gives every route of the topology an operation, and every operation a route', () => {
    const routed = httpRoutes.map((route) => route.operationId).filter((id) => id !== 'getOpenApi');
    expect(new Set(routed).size).toBe(routed.length);
    expect(sorted(Object.keys(operations))).toEqual(sorted(routed));
  });

  it('gives every function of the topology a handler factory, and every factory a function', () => {
    expect(
      sorted([...Object.keys(gatewayFunctionFactories), ...Object.keys(sliceFunctionFactories)]),
    ).toEqual(sorted(Object.keys(functions)));
  });

  it("hands each slice function's factory to Lambda in its entry file", () => {
    for (const slice of slices)
      for (const [id, factory] of Object.entries(slice.functions as Record<string, () => unknown>)) {
        const entry = readFileSync(functions[id as keyof typeof functions].entry, 'utf8');
        expect(entry, id).toContain(factory.name);
      }
  });

  it('names only declared functions in the workflows', () => {
    const tasks = Object.values(stateMachines).flatMap((machine) =>
      Object.values((machine.definition as { States: Record<string, { Resource?: string }> }).States)
        .map((state) => state.Resource?.match(placeholderPattern)?.[1])
        .filter((id): id is string => id !== undefined),
    );
    expect(tasks.length).toBeGreaterThan(0);
    for (const id of tasks) expect(Object.keys(functions)).toContain(id);
  });
});
