import type { OcppHandlers } from '../../shared/ocpp/dispatcher.ts';
import type { Dependencies } from '../../shared/slices/dependencies.ts';
import { createOcppHandlers } from '../../shared/slices/index.ts';

type V16 = Required<NonNullable<OcppHandlers['ocpp1.6']>>;
type V201 = Required<NonNullable<OcppHandlers['ocpp2.0.1']>>;

/** The 1.6 handlers `$default` dispatches to, from every slice; tests call the actions their premise needs. */
export const createV16Handlers = (deps: Dependencies): V16 => createOcppHandlers(deps)['ocpp1.6'] as V16;

export const createV201Handlers = (deps: Dependencies): V201 => createOcppHandlers(deps)['ocpp2.0.1'] as V201;
