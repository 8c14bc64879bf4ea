import { z } from 'zod';
import type { OperationResult } from '../../../http/operation.ts';
import {
  defineOperation,
  commonErrors as errors,
  type Operation,
  tenantOf,
} from '../../../http/operation.ts';
import { chargerIdSchema } from '../../../http/schemas.ts';
import { getVisibleCharger } from '../../../http/site-access.ts';
import {
  callResponses,
  unsentError,
  unsuccessfulCommand,
  waitQuerySchema,
} from '../../commands/http/charger-calls.ts';
import { listDeviceEvents, listDeviceModel, listDeviceMonitors, listReports } from '../device-model-reads.ts';
import {
  type DeviceModelCallResult,
  requestReport,
  requestVariables,
  type VariablesCallResult,
  variableResultsOf,
} from '../device-model-requests.ts';
import type { DeviceEvent, DeviceModelReport, DeviceModelVariable, DeviceMonitor } from '../model.ts';

/**
 * The OCPP 2.0.1 device model of a charger: what its reports said, variable by variable, and the reports
 * themselves; requests for reports and for reading or setting variables.
 */

const chargerPathSchema = z.strictObject({ chargerId: chargerIdSchema });
const name = z.string().min(1).max(50);
const attributeType = z.enum(['Actual', 'Target', 'MinSet', 'MaxSet']);

const componentSchema = z.object({
  name,
  instance: name.optional(),
  evse: z
    .object({
      id: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
      connectorId: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .optional(),
    })
    .optional(),
});
const variableSchema = z.object({ name, instance: name.optional() });

const variableResponseSchema = z
  .object({
    component: componentSchema,
    variable: variableSchema,
    attributes: z.array(
      z.object({
        type: attributeType,
        value: z.string().optional().meta({
          description: 'A secret (SecurityCtrlr.BasicAuthPassword, names like a password) is `***`',
        }),
        mutability: z.enum(['ReadOnly', 'WriteOnly', 'ReadWrite']).optional(),
        persistent: z.boolean().optional(),
        constant: z.boolean().optional(),
      }),
    ),
    characteristics: z
      .object({
        unit: z.string().optional(),
        dataType: z.string(),
        minLimit: z.number().optional(),
        maxLimit: z.number().optional(),
        valuesList: z.string().optional(),
        supportsMonitoring: z.boolean(),
      })
      .optional(),
    requestId: z.number().int().optional().meta({ description: 'The report that last described it' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'DeviceModelVariable' });

const reportResponseSchema = z
  .object({
    requestId: z.number().int(),
    request: z.enum(['GetBaseReport', 'GetReport', 'unsolicited']).meta({
      description: 'unsolicited: the charger sent it without a request of the CSMS (some do after boot)',
    }),
    reportBase: z.string().optional(),
    status: z.enum(['requested', 'inProgress', 'complete', 'incomplete', 'rejected']).meta({
      description:
        'complete: every part up to the last (tbc false) stored; incomplete: parts missing, or the charger ' +
        'disconnected (or sent nothing for an hour) before the last; rejected: the charger refused the request',
    }),
    incompleteReason: z.enum(['partsMissing', 'disconnected']).optional(),
    answerStatus: z.string().optional().meta({ description: 'The charger’s answer to the request' }),
    parts: z.number().int().meta({ description: 'Parts (seqNos) received' }),
    lastSeqNo: z.number().int().optional(),
    variables: z.number().int().meta({ description: 'Variables the parts reported' }),
    commandId: z.string().optional(),
    requestedAt: z.string().optional(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DeviceModelReport' });

const toVariableResponse = (variable: DeviceModelVariable): z.infer<typeof variableResponseSchema> => {
  const { component, variable: named, attributes, characteristics, requestId, updatedAt } = variable;
  return {
    component: {
      name: component.name,
      ...(component.instance !== undefined && { instance: component.instance }),
      ...(component.evseId !== undefined && {
        evse: {
          id: component.evseId,
          ...(component.connectorId !== undefined && { connectorId: component.connectorId }),
        },
      }),
    },
    variable: named,
    attributes: [...attributes],
    ...(characteristics && { characteristics }),
    ...(requestId !== undefined && { requestId }),
    updatedAt,
  };
};

const toReportResponse = (report: DeviceModelReport): z.infer<typeof reportResponseSchema> => {
  const {
    tenantId: _t,
    chargerId: _c,
    revision: _r,
    connectionId: _n,
    generatedAt: _g,
    seqNos,
    ...rest
  } = report;
  return { ...rest, parts: seqNos.length };
};

const eventResponseSchema = z
  .object({
    eventId: z.number().int(),
    timestamp: z.string().meta({ description: 'The charger’s time of the event, UTC' }),
    trigger: z.enum(['Alerting', 'Delta', 'Periodic']),
    eventNotificationType: z.string(),
    component: componentSchema,
    variable: variableSchema,
    actualValue: z.string().meta({ description: 'A secret variable’s value is `***`' }),
    cleared: z.boolean().optional(),
    cause: z.number().int().optional(),
    techCode: z.string().optional(),
    techInfo: z.string().optional(),
    transactionId: z.string().optional(),
    variableMonitoringId: z.number().int().optional(),
    receivedAt: z.string(),
  })
  .meta({ id: 'DeviceEvent' });

const toEventResponse = (event: DeviceEvent): z.infer<typeof eventResponseSchema> => {
  const { tenantId: _t, chargerId: _c, component, variable, ...rest } = event;
  const { component: shown } = toVariableResponse({
    tenantId: _t,
    chargerId: _c,
    component,
    variable,
    attributes: [],
    updatedAt: event.receivedAt,
  });
  return { ...rest, component: shown, variable };
};

const monitorResponseSchema = z
  .object({
    component: componentSchema,
    variable: variableSchema,
    id: z.number().int().meta({ description: 'The monitor’s id on the charger' }),
    type: z.enum(['UpperThreshold', 'LowerThreshold', 'Delta', 'Periodic', 'PeriodicClockAligned']),
    value: z
      .number()
      .meta({ description: 'Threshold or delta; for the periodic types the interval in seconds' }),
    severity: z.number().int().meta({ description: '0 (danger) to 9 (debug)' }),
    transaction: z.boolean().meta({ description: 'Active only while a transaction runs' }),
    requestId: z.number().int().meta({ description: 'The monitoring report that last described it' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'DeviceMonitor' });

const toMonitorResponse = (monitor: DeviceMonitor): z.infer<typeof monitorResponseSchema> => {
  const { tenantId, chargerId, component, variable, id, type, value, severity, transaction } = monitor;
  const { component: shown } = toVariableResponse({
    tenantId,
    chargerId,
    component,
    variable,
    attributes: [],
    updatedAt: monitor.updatedAt,
  });
  return {
    component: shown,
    variable,
    id,
    type,
    value,
    severity,
    transaction,
    requestId: monitor.requestId,
    updatedAt: monitor.updatedAt,
  };
};

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2048).optional(),
};
const nextCursor = z
  .string()
  .optional()
  .meta({ description: 'Pass back to get the next page; absent on the last.' });

const reportRequestedSchema = z.object({
  chargerId: z.string(),
  commandId: z.string(),
  requestId: z.number().int().meta({ description: 'The id the charger’s NotifyReport parts carry' }),
  status: z
    .string()
    .meta({ description: 'The charger’s answer: Accepted, Rejected, NotSupported, EmptyResultSet' }),
  report: reportResponseSchema.optional(),
});

const reportAnswered = (chargerId: string, result: DeviceModelCallResult): OperationResult => {
  if (result.kind !== 'sent') throw unsentError(chargerId, result);
  const { command, report } = result;
  const requestId = (command.payload as { requestId: number }).requestId;
  if (command.status !== 'completed') return unsuccessfulCommand(command, { body: { requestId } });
  return {
    status: 200,
    body: {
      chargerId,
      commandId: command.commandId,
      requestId,
      status: (command.response as { status: string }).status,
      ...(report && { report: toReportResponse(report) }),
    },
  };
};

const variableRefSchema = {
  component: componentSchema,
  variable: variableSchema,
  attributeType: attributeType.optional(),
};

const variablesResponseSchema = z.object({
  chargerId: z.string(),
  commandIds: z.array(z.string()).meta({ description: 'One per call the request was split into, in order' }),
  limits: z
    .object({ itemsPerMessage: z.number().int().optional(), bytesPerMessage: z.number().int().optional() })
    .meta({
      description: 'The limits the charger announced (DeviceDataCtrlr), from its stored device model',
    }),
  results: z.array(z.record(z.string(), z.unknown())).meta({
    description: 'The charger’s GetVariableResult / SetVariableResult items, secrets redacted',
  }),
});

const variablesAnswered = (chargerId: string, result: VariablesCallResult): OperationResult => {
  if (result.kind !== 'sent') throw unsentError(chargerId, result);
  const unfinished = result.commands.find((command) => command.status !== 'completed');
  const commandIds = result.commands.map((command) => command.commandId);
  const results = variableResultsOf(result.commands) as unknown as Record<string, unknown>[];
  if (unfinished) return unsuccessfulCommand(unfinished, { body: { commandIds, results } });
  return { status: 200, body: { chargerId, commandIds, limits: result.limits, results } };
};

const refOfBody = (item: {
  component: z.infer<typeof componentSchema>;
  variable: z.infer<typeof variableSchema>;
}) => ({
  component: {
    name: item.component.name,
    ...(item.component.instance !== undefined && { instance: item.component.instance }),
    ...(item.component.evse && { evseId: item.component.evse.id }),
    ...(item.component.evse?.connectorId !== undefined && { connectorId: item.component.evse.connectorId }),
  },
  variable: item.variable,
});

export const deviceModelOperations = {
  getDeviceModel: defineOperation({
    summary:
      'The charger’s OCPP 2.0.1 device model as it reported it (NotifyReport) and as Get/SetVariables answers ' +
      'updated it: a variable per item, in component order, paged',
    request: {
      path: chargerPathSchema,
      query: z.strictObject({
        component: name.optional().meta({ description: 'Components whose name starts with it (any case)' }),
        variable: name.optional().meta({ description: 'Variables whose name starts with it (any case)' }),
        ...pageQuery,
      }),
    },
    responses: {
      200: {
        description: 'A page of variables (empty until the charger reported any)',
        schema: z.object({
          chargerId: z.string(),
          items: z.array(variableResponseSchema),
          cursor: nextCursor,
        }),
      },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const page = await listDeviceModel(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        ...(query.component !== undefined && { componentPrefix: query.component }),
        ...(query.variable !== undefined && { variablePrefix: query.variable }),
        limit: query.limit,
        ...(query.cursor !== undefined && { cursor: query.cursor }),
      });
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          items: page.items.map(toVariableResponse),
          ...(page.cursor && { cursor: page.cursor }),
        },
      };
    },
  }),

  listDeviceModelReports: defineOperation({
    summary:
      'The charger’s device-model reports by request id, newest first: requested, parts, complete or not',
    request: { path: chargerPathSchema, query: z.strictObject(pageQuery) },
    responses: {
      200: {
        description: 'A page of reports',
        schema: z.object({ chargerId: z.string(), items: z.array(reportResponseSchema), cursor: nextCursor }),
      },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const page = await listReports(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        limit: query.limit,
        ...(query.cursor !== undefined && { cursor: query.cursor }),
      });
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          items: page.items.map(toReportResponse),
          ...(page.cursor && { cursor: page.cursor }),
        },
      };
    },
  }),

  listDeviceMonitors: defineOperation({
    summary:
      'The monitors of the charger’s variables as its monitoring reports said (GetMonitoringReport through ' +
      '/ocpp/GetMonitoringReport, then NotifyMonitoringReport): a monitor per item, in component order, paged',
    request: {
      path: chargerPathSchema,
      query: z.strictObject({
        component: name.optional().meta({ description: 'Components whose name starts with it (any case)' }),
        variable: name.optional().meta({ description: 'Variables whose name starts with it (any case)' }),
        ...pageQuery,
      }),
    },
    responses: {
      200: {
        description: 'A page of monitors (empty until the charger reported any)',
        schema: z.object({
          chargerId: z.string(),
          items: z.array(monitorResponseSchema),
          cursor: nextCursor,
        }),
      },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const page = await listDeviceMonitors(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        ...(query.component !== undefined && { componentPrefix: query.component }),
        ...(query.variable !== undefined && { variablePrefix: query.variable }),
        limit: query.limit,
        ...(query.cursor !== undefined && { cursor: query.cursor }),
      });
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          items: page.items.map(toMonitorResponse),
          ...(page.cursor && { cursor: page.cursor }),
        },
      };
    },
  }),

  listDeviceEvents: defineOperation({
    summary: 'The events the charger notified (OCPP 2.0.1 NotifyEvent), newest first, kept 90 days',
    request: { path: chargerPathSchema, query: z.strictObject(pageQuery) },
    responses: {
      200: {
        description: 'A page of events',
        schema: z.object({ chargerId: z.string(), items: z.array(eventResponseSchema), cursor: nextCursor }),
      },
      404: { description: 'No such charger in this tenant (or not visible to this key)' },
      ...errors,
    },
    role: 'viewer',
    async handle(deps, { path, query, principal }) {
      const tenant = tenantOf(principal);
      await getVisibleCharger(deps, tenant, path.chargerId);
      const page = await listDeviceEvents(deps, {
        tenantId: tenant.tenantId,
        chargerId: path.chargerId,
        limit: query.limit,
        ...(query.cursor !== undefined && { cursor: query.cursor }),
      });
      return {
        status: 200,
        body: {
          chargerId: path.chargerId,
          items: page.items.map(toEventResponse),
          ...(page.cursor && { cursor: page.cursor }),
        },
      };
    },
  }),

  requestBaseReport: defineOperation({
    summary:
      'Ask the charger for a base report (OCPP 2.0.1 GetBaseReport); its NotifyReport parts are stored',
    request: {
      path: chargerPathSchema,
      query: waitQuerySchema,
      body: z.strictObject({
        reportBase: z.enum(['ConfigurationInventory', 'FullInventory', 'SummaryInventory']),
      }),
    },
    responses: {
      200: {
        description: 'The charger answered; follow the report in /device-model/reports',
        schema: reportRequestedSchema,
      },
      ...callResponses,
      ...errors,
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, body, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await requestReport(deps, {
        tenantId: tenant.tenantId,
        view,
        reportBase: body.reportBase,
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      return reportAnswered(path.chargerId, result);
    },
  }),

  requestCustomReport: defineOperation({
    summary: 'Ask the charger for a report of some components / variables (OCPP 2.0.1 GetReport)',
    request: {
      path: chargerPathSchema,
      query: waitQuerySchema,
      body: z.strictObject({
        componentVariable: z
          .array(z.object({ component: componentSchema, variable: variableSchema.optional() }))
          .min(1)
          .max(100)
          .optional(),
        componentCriteria: z
          .array(z.enum(['Active', 'Available', 'Enabled', 'Problem']))
          .min(1)
          .max(4)
          .optional(),
      }),
    },
    responses: {
      200: {
        description: 'The charger answered; follow the report in /device-model/reports',
        schema: reportRequestedSchema,
      },
      ...callResponses,
      ...errors,
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, body, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await requestReport(deps, {
        tenantId: tenant.tenantId,
        view,
        ...(body.componentVariable && { componentVariable: body.componentVariable }),
        ...(body.componentCriteria && { componentCriteria: body.componentCriteria }),
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      return reportAnswered(path.chargerId, result);
    },
  }),

  getDeviceModelVariables: defineOperation({
    summary:
      'Read variables from the charger (OCPP 2.0.1 GetVariables), split into calls of at most the items and ' +
      'bytes it announced (DeviceDataCtrlr ItemsPerMessage / BytesPerMessage); Accepted values are stored',
    request: {
      path: chargerPathSchema,
      query: waitQuerySchema,
      body: z.strictObject({ variables: z.array(z.object(variableRefSchema)).min(1).max(1000) }),
    },
    responses: {
      200: { description: 'Every call answered', schema: variablesResponseSchema },
      ...callResponses,
      ...errors,
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, body, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await requestVariables(deps, {
        tenantId: tenant.tenantId,
        view,
        action: 'GetVariables',
        variables: body.variables.map((item) => ({
          ref: refOfBody(item),
          ...(item.attributeType && { attributeType: item.attributeType }),
        })),
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      return variablesAnswered(path.chargerId, result);
    },
  }),

  setDeviceModelVariables: defineOperation({
    summary:
      'Set variables of the charger (OCPP 2.0.1 SetVariables), split like reads; Accepted values become the ' +
      'stored ones (a secret is stored as ***)',
    request: {
      path: chargerPathSchema,
      query: waitQuerySchema,
      body: z.strictObject({
        variables: z
          .array(z.object({ ...variableRefSchema, attributeValue: z.string().max(1000) }))
          .min(1)
          .max(1000),
      }),
    },
    responses: {
      200: { description: 'Every call answered', schema: variablesResponseSchema },
      ...callResponses,
      ...errors,
      429: callResponses[429],
    },
    role: 'operator',
    async handle(deps, { path, query, body, principal }) {
      const tenant = tenantOf(principal);
      const view = await getVisibleCharger(deps, tenant, path.chargerId);
      const result = await requestVariables(deps, {
        tenantId: tenant.tenantId,
        view,
        action: 'SetVariables',
        variables: body.variables.map((item) => ({
          ref: refOfBody(item),
          ...(item.attributeType && { attributeType: item.attributeType }),
          value: item.attributeValue,
        })),
        requestedBy: tenant.keyId,
        waitSeconds: query.waitSeconds ?? deps.settings.commandWaitSeconds,
      });
      return variablesAnswered(path.chargerId, result);
    },
  }),
} satisfies Record<string, Operation>;
