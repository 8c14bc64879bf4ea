import type { BootInfo, Charger } from './model.ts';

/**
 * The charger fields a BootNotification sets. A field the new boot no longer reports is `undefined`, so that
 * stores clear it rather than keep a stale serial number or firmware version.
 */
export const chargerFieldsFromBoot = (
  chargerId: string,
  boot: BootInfo & { ocppVersion: Charger['ocppVersion']; at: string },
) => ({
  vendor: boot.vendor,
  model: boot.model,
  serialNumber: boot.serialNumber,
  firmwareVersion: boot.firmwareVersion,
  ocppVersion: boot.ocppVersion,
  bootReason: boot.reason,
  bootedAt: boot.at,
  lastSeenAt: boot.at,
  updatedAt: boot.at,
  updatedBy: `charger:${chargerId}`,
});
