import { updateRevisioned } from '../../kernel/revisioned.ts';
import { maxOcppInteger, requireIntegerIn } from '../../ocpp/charger-numbers.ts';
import type { OcppContext } from '../../ocpp/dispatcher.ts';
import type { CommandReaction } from '../commands/command-reactions.ts';
import type { Command } from '../commands/model.ts';
import type { Dependencies } from '../dependencies.ts';
import type { MaintenanceKind, MaintenanceRequest, MaintenanceState } from './model.ts';

/**
 * Firmware updates and diagnostics uploads (OCPP 1.6 UpdateFirmware / GetDiagnostics, and the security
 * extension's SignedUpdateFirmware / GetLog), and the statuses 2.0.1 chargers report of theirs (and, for a local
 * controller, of firmware it publishes). Per charger and kind: the last request (with the file in the CSMS's
 * file store, when the CSMS gave the location), the status the charger reported last, and a short history of
 * its statuses. Each reported status is published (`firmwareStatusChanged`, `diagnosticsStatusChanged`,
 * `firmwarePublicationStatusChanged`).
 *
 * Files are keyed tenant first: `<tenantId>/chargers/<chargerId>/diagnostics/<id>.zip` for uploads,
 * `<tenantId>/firmware/<id>/<fileName>` for firmware (a tenant's firmware serves all its chargers).
 */

/** Statuses kept per charger and kind. */
export const maintenanceHistoryLength = 20;

/** SigV4 presigned URLs are valid for at most 7 days. */
export const maxUrlSeconds = 7 * 24 * 60 * 60;

/** How long a diagnostics file's download URL shown by the API is valid. */
export const diagnosticsDownloadSeconds = 15 * 60;

/** How long an operator has to upload a firmware file. */
export const firmwareUploadSeconds = 60 * 60;

/** The state a request is kept on, by its action (1.6 and 2.0.1: UpdateFirmware and GetLog are in both). */
export const kindOfAction: Readonly<Record<string, MaintenanceKind>> = {
  UpdateFirmware: 'firmware',
  SignedUpdateFirmware: 'firmware',
  GetDiagnostics: 'diagnostics',
  GetLog: 'diagnostics',
  PublishFirmware: 'firmwarePublication',
};

export const diagnosticsFileKey = (tenantId: string, chargerId: string, fileId: string): string =>
  `${tenantId}/chargers/${chargerId}/diagnostics/${fileId}.zip`;

/** A firmware file reference: `<id>/<fileName>`, as `createFirmwareFile` returns it. */
export const firmwareFilePattern = /^[0-9A-Za-z]{1,40}\/(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

export const firmwareFileKey = (tenantId: string, firmwareFile: string): string => {
  if (!firmwareFilePattern.test(firmwareFile)) throw new Error(`invalid firmware file ${firmwareFile}`);
  return `${tenantId}/firmware/${firmwareFile}`;
};

const secondsUntil = (from: Date, to: string): number => Math.ceil((Date.parse(to) - from.getTime()) / 1000);

const clampUrlSeconds = (seconds: number): number => Math.min(Math.max(seconds, 60 * 60), maxUrlSeconds);

/** An upload URL lasts an hour, plus the time the charger's retries may take. */
export const uploadUrlSeconds = (input: { retries?: number; retryInterval?: number }): number =>
  clampUrlSeconds(60 * 60 + (input.retries ?? 0) * (input.retryInterval ?? 0));

/** A download URL lasts until an hour after the retrieve date, plus the time the charger's retries may take. */
export const downloadUrlSeconds = (
  now: Date,
  input: { retrieveDate: string; retries?: number; retryInterval?: number },
): number =>
  clampUrlSeconds(
    secondsUntil(now, input.retrieveDate) + 60 * 60 + (input.retries ?? 0) * (input.retryInterval ?? 0),
  );

/** A place for a new firmware file and the URL to upload it to. */
export const createFirmwareFile = async (
  deps: Pick<Dependencies, 'files' | 'ids' | 'clock'>,
  input: { tenantId: string; fileName: string },
): Promise<{ firmwareFile: string; uploadUrl: string; expiresAt: string }> => {
  const firmwareFile = `${deps.ids.next()}/${input.fileName}`;
  const uploadUrl = await deps.files.uploadUrl(
    firmwareFileKey(input.tenantId, firmwareFile),
    firmwareUploadSeconds,
  );
  const expiresAt = new Date(deps.clock.now().getTime() + firmwareUploadSeconds * 1000).toISOString();
  return { firmwareFile, uploadUrl, expiresAt };
};

const stateStore = (
  deps: Pick<Dependencies, 'maintenance'>,
  tenantId: string,
  chargerId: string,
  kind: MaintenanceKind,
) => ({
  load: () => deps.maintenance.get(tenantId, chargerId, kind),
  save: (next: MaintenanceState) => deps.maintenance.save(next),
});

const withoutRevision = ({
  revision: _revision,
  ...rest
}: MaintenanceState): Omit<MaintenanceState, 'revision'> => rest;

const emptyState = (tenantId: string, chargerId: string, kind: MaintenanceKind, at: string) => ({
  tenantId,
  chargerId,
  kind,
  history: [],
  updatedAt: at,
});

/**
 * Merges what is known about a request: parts for the same command are combined (the use case that sent it and
 * the reaction to the answer may come in either order); a request for another command replaces the one stored,
 * unless it is older.
 */
const mergeRequest = (
  current: MaintenanceRequest | undefined,
  next: MaintenanceRequest,
): MaintenanceRequest => {
  if (current?.commandId === next.commandId) return { ...current, ...next };
  return current && current.requestedAt > next.requestedAt ? current : next;
};

const recordRequest = async (
  deps: Pick<Dependencies, 'maintenance' | 'clock'>,
  command: Command,
  fields: Partial<MaintenanceRequest>,
): Promise<void> => {
  const kind = kindOfAction[command.action];
  if (!kind) return;
  const payload = command.payload as { requestId?: number };
  const request: MaintenanceRequest = {
    action: command.action,
    commandId: command.commandId,
    requestedAt: command.requestedAt,
    requestedBy: command.requestedBy,
    ...(payload.requestId !== undefined && { requestId: payload.requestId }),
    ...fields,
  };
  const at = deps.clock.now().toISOString();
  await updateRevisioned(stateStore(deps, command.tenantId, command.chargerId, kind), (current) => ({
    ...(current ? withoutRevision(current) : emptyState(command.tenantId, command.chargerId, kind, at)),
    request: mergeRequest(current?.request, request),
    updatedAt: at,
  }));
};

/** Records a request that went out, with the file it involves (absent: the caller's own location). */
export const recordMaintenanceRequest = (
  deps: Pick<Dependencies, 'maintenance' | 'clock'>,
  command: Command,
  file: { fileKey?: string },
): Promise<void> => recordRequest(deps, command, file.fileKey ? { fileKey: file.fileKey } : {});

/**
 * Reaction to a completed UpdateFirmware, SignedUpdateFirmware, GetDiagnostics or GetLog (1.6), UpdateFirmware,
 * GetLog or PublishFirmware (2.0.1, sent through the raw passthrough): the request is kept with the answer.
 */
export const recordMaintenanceAnswer: CommandReaction = (deps, { command, response }) => {
  const answer = response as { status?: string; fileName?: string; filename?: string };
  const fileName = answer.fileName ?? answer.filename;
  return recordRequest(deps, command, {
    ...(answer.status && { answerStatus: answer.status }),
    ...(fileName && { fileName }),
  });
};

const statusEvents = {
  firmware: 'firmwareStatusChanged',
  diagnostics: 'diagnosticsStatusChanged',
  firmwarePublication: 'firmwarePublicationStatusChanged',
} as const satisfies Record<MaintenanceKind, string>;

/**
 * A status the charger reported, in either version (FirmwareStatusNotification, DiagnosticsStatusNotification,
 * LogStatusNotification, 2.0.1 PublishFirmwareStatusNotification, …): stored on the charger's state of that
 * kind, with the request id and locations it names (what the last status did not name is not kept from an
 * earlier one), and published with the status before. A request id beyond 32 bits is a
 * PropertyConstraintViolation, nothing stored.
 */
export const recordMaintenanceStatus = async (
  deps: Pick<Dependencies, 'maintenance' | 'events' | 'clock'>,
  ctx: OcppContext,
  report: { kind: MaintenanceKind; status: string; requestId?: number; locations?: readonly string[] },
): Promise<void> => {
  if (report.requestId !== undefined)
    requireIntegerIn('requestId', report.requestId, -maxOcppInteger, maxOcppInteger);
  const at = deps.clock.now().toISOString();
  const { tenantId, chargerId } = ctx;
  const named = {
    ...(report.requestId !== undefined && { requestId: report.requestId }),
    ...(report.locations !== undefined && { locations: [...report.locations] }),
  };
  const { before } = await updateRevisioned(stateStore(deps, tenantId, chargerId, report.kind), (current) => {
    const base: Omit<MaintenanceState, 'revision'> = current
      ? withoutRevision(current)
      : emptyState(tenantId, chargerId, report.kind, at);
    const entry = { status: report.status, at, ...named };
    const { requestId: _requestId, locations: _locations, ...withoutLastNamed } = base;
    return {
      ...withoutLastNamed,
      status: report.status,
      statusAt: at,
      ...named,
      history: [...base.history, entry].slice(-maintenanceHistoryLength),
      updatedAt: at,
    };
  });
  const detail = {
    tenantId,
    chargerId,
    ...(ctx.siteId && { siteId: ctx.siteId }),
    status: report.status,
    ...(before?.status && { previousStatus: before.status }),
    ...named,
    occurredAt: at,
    correlationId: ctx.correlationId,
  };
  await deps.events.publish([{ name: statusEvents[report.kind], detail }]);
};

export interface MaintenanceOverview {
  readonly firmware?: MaintenanceState;
  readonly diagnostics?: MaintenanceState;
  /** 2.0.1 local controllers: the firmware they publish to the chargers behind them. */
  readonly firmwarePublication?: MaintenanceState;
  /** The file the charger uploaded for the last diagnostics request, when it said it did. */
  readonly diagnosticsFile?: { readonly downloadUrl: string; readonly expiresAt: string };
}

/** Whether the charger said it uploaded the file of the current request (a status after the request). */
const uploaded = (
  state: MaintenanceState | undefined,
): state is MaintenanceState & { request: { fileKey: string } } =>
  state?.status === 'Uploaded' &&
  state.request?.fileKey !== undefined &&
  state.statusAt !== undefined &&
  state.statusAt >= state.request.requestedAt;

/**
 * Firmware, diagnostics and firmware publication state of a charger, with a download URL of its uploaded
 * diagnostics file.
 */
export const getMaintenanceOverview = async (
  deps: Pick<Dependencies, 'maintenance' | 'files' | 'clock'>,
  input: { tenantId: string; chargerId: string },
): Promise<MaintenanceOverview> => {
  const [firmware, diagnostics, firmwarePublication] = await Promise.all([
    deps.maintenance.get(input.tenantId, input.chargerId, 'firmware'),
    deps.maintenance.get(input.tenantId, input.chargerId, 'diagnostics'),
    deps.maintenance.get(input.tenantId, input.chargerId, 'firmwarePublication'),
  ]);
  const file = uploaded(diagnostics)
    ? {
        downloadUrl: await deps.files.downloadUrl(diagnostics.request.fileKey, diagnosticsDownloadSeconds),
        expiresAt: new Date(deps.clock.now().getTime() + diagnosticsDownloadSeconds * 1000).toISOString(),
      }
    : undefined;
  return {
    ...(firmware && { firmware }),
    ...(diagnostics && { diagnostics }),
    ...(firmwarePublication && { firmwarePublication }),
    ...(file && { diagnosticsFile: file }),
  };
};
