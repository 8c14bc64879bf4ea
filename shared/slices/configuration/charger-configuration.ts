import { updateRevisioned } from '../../kernel/revisioned.ts';
import type { Ocpp16Requests, Ocpp16Responses } from '../../ocpp/generated/ocpp16.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import { isSecretConfigurationKey, redactedValue } from '../commands/secret-redaction.ts';
import type { Dependencies } from '../dependencies.ts';
import type { ChargerConfiguration, ReportedConfigurationKey } from './model.ts';

/**
 * A charger's configuration as it told it (OCPP 1.6 GetConfiguration answers, through the raw passthrough or
 * the version-neutral `get-configuration`), merged by key: a later answer about a key replaces what an earlier
 * one said, keys it does not mention stay. Accepted ChangeConfiguration calls update the value too.
 */

type Stored = Omit<ChargerConfiguration, 'revision'>;

const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Merges one GetConfiguration answer: reported keys replace their entry, unknown keys move to the list. */
export const mergeConfiguration = (
  current: ChargerConfiguration | undefined,
  base: { tenantId: string; chargerId: string },
  answer: Ocpp16Responses['GetConfiguration'],
  at: string,
): Stored => {
  const keys: Record<string, ReportedConfigurationKey> = { ...current?.keys };
  const reported = answer.configurationKey ?? [];
  for (const { key, value, readonly } of reported) {
    // A secret (e.g. AuthorizationKey) is never stored: `***` says it was reported or set, not what it is.
    const stored = value !== undefined && isSecretConfigurationKey('ocpp1.6', key) ? redactedValue : value;
    keys[key] = { ...(stored !== undefined && { value: stored }), readonly, reportedAt: at };
  }
  const unknown = answer.unknownKey ?? [];
  for (const key of unknown) delete keys[key];
  const known = new Set(reported.map(({ key }) => key));
  return {
    tenantId: base.tenantId,
    chargerId: base.chargerId,
    keys,
    unknownKeys: sortedUnique([...(current?.unknownKeys ?? []), ...unknown].filter((key) => !known.has(key))),
    updatedAt: at,
  };
};

const configurationStore = (
  deps: Pick<Dependencies, 'chargerConfigs'>,
  tenantId: string,
  chargerId: string,
) => ({
  load: () => deps.chargerConfigs.get(tenantId, chargerId),
  save: (next: ChargerConfiguration) => deps.chargerConfigs.save(next),
});

/** Reaction to a completed 1.6 GetConfiguration: stores what the charger reported. */
export const storeReportedConfiguration: CommandReaction = async (deps, { command, response }) => {
  const at = deps.clock.now().toISOString();
  await updateRevisioned(configurationStore(deps, command.tenantId, command.chargerId), (current) =>
    mergeConfiguration(current, command, response as Ocpp16Responses['GetConfiguration'], at),
  );
};

/** Reaction to a completed 1.6 ChangeConfiguration: an accepted value is the key's value now. */
export const storeChangedConfiguration: CommandReaction = async (deps, { command, response }) => {
  const { status } = response as unknown as Ocpp16Responses['ChangeConfiguration'];
  if (status !== 'Accepted' && status !== 'RebootRequired') return;
  const { key, value } = command.payload as unknown as Ocpp16Requests['ChangeConfiguration'];
  const at = deps.clock.now().toISOString();
  await updateRevisioned(configurationStore(deps, command.tenantId, command.chargerId), (current) =>
    mergeConfiguration(current, command, { configurationKey: [{ key, value, readonly: false }] }, at),
  );
};

/** The stored configuration, secrets redacted (also those of a configuration stored before they were). */
export const getChargerConfiguration = async (
  deps: Pick<Dependencies, 'chargerConfigs'>,
  input: { tenantId: string; chargerId: string },
): Promise<ChargerConfiguration | undefined> => {
  const configuration = await deps.chargerConfigs.get(input.tenantId, input.chargerId);
  if (!configuration) return undefined;
  const keys = Object.fromEntries(
    Object.entries(configuration.keys).map(([key, entry]) => [
      key,
      entry.value !== undefined && isSecretConfigurationKey('ocpp1.6', key)
        ? { ...entry, value: redactedValue }
        : entry,
    ]),
  );
  return { ...configuration, keys };
};

/** A reported key's value as a non-negative integer (e.g. `LocalAuthListMaxLength`); undefined otherwise. */
export const configuredInteger = (
  configuration: ChargerConfiguration | undefined,
  key: string,
): number | undefined => {
  const value = configuration?.keys[key]?.value?.trim();
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
};
