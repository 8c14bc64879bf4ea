import type { TenantApi } from './api.ts';
import type { SimulatedCharger } from './charger.ts';
import type { Protocol } from './ocpp-messages.ts';
import { exponential, pick, sleep } from './random.ts';
import type { FleetStats } from './stats.ts';

/** Ampere limits the operator sets (load management between 6 A and 32 A). */
const limits = [6, 10, 16, 20, 25, 32];
/** Commands in flight at once, so that a slow API cannot pile them up. */
const maxInFlight = 20;

/** A SetChargingProfile request of the charger's version: a default profile with one period. */
export const setChargingProfileRequest = (protocol: Protocol, limitAmperes: number) => {
  const period = { startPeriod: 0, limit: limitAmperes };
  return protocol === 'ocpp1.6'
    ? {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [period] },
        },
      }
    : {
        evseId: 1,
        chargingProfile: {
          id: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [period] }],
        },
      };
};

/**
 * The operator's side: SetChargingProfile commands through the tenant API at `commandsPerDay` per charger
 * (scaled in time like the fleet), mostly to charging chargers. Outcomes are counted by HTTP status.
 */
export const runOperator = async (options: {
  readonly api: TenantApi;
  readonly chargers: readonly { readonly chargerId: string; readonly charger: SimulatedCharger }[];
  readonly commandsPerDay: number;
  readonly timeScale: number;
  readonly random: () => number;
  readonly stats: FleetStats;
  readonly signal: AbortSignal;
}): Promise<void> => {
  const { api, chargers, random, stats, signal } = options;
  if (options.commandsPerDay <= 0 || chargers.length === 0) return;
  const meanGapMs = 86_400_000 / (chargers.length * options.commandsPerDay) / options.timeScale;
  const inFlight = new Set<Promise<void>>();
  while (await sleep(exponential(random, meanGapMs), signal)) {
    if (inFlight.size >= maxInFlight) {
      stats.sentCommand('skipped (busy)');
      continue;
    }
    const online = chargers.filter(({ charger }) => charger.isOpen);
    const charging = online.filter(({ charger }) => charger.isCharging);
    const target =
      charging.length > 0 && random() < 0.8
        ? pick(random, charging)
        : online.length > 0 && pick(random, online);
    if (!target) continue;
    const request = setChargingProfileRequest(target.charger.protocol, pick(random, limits));
    const sent = api
      .post(`/v1/chargers/${target.chargerId}/ocpp/SetChargingProfile?waitSeconds=10`, request)
      .then(
        (response) => stats.sentCommand(`HTTP ${response.status}`),
        () => stats.sentCommand('failed'),
      )
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  }
  await Promise.allSettled(inFlight);
};
