import { eventSources, eventTypes } from '../../events/catalog.ts';
import { defineManifest } from '../../topology/manifest.ts';
import { functionPlaceholder, lambdaRetry, workflowTask } from '../../topology/specs.ts';

export const selfHealingManifest = defineManifest({
  slice: 'self-healing',
  summary:
    'The self-healing workflow: a connector that stays Faulted (no transaction) gets a soft reset, then hard ones, at most maxResets, then an incident; the tenant’s settings and incidents',
  routes: {
    tenant: [
      ['PUT', '/v1/self-healing', 'putSelfHealing'],
      ['GET', '/v1/self-healing', 'getSelfHealing'],
      ['GET', '/v1/chargers/{chargerId}/self-healing', 'getChargerSelfHealing'],
      ['GET', '/v1/incidents', 'listIncidents'],
      ['GET', '/v1/incidents/{incidentId}', 'getIncident'],
      ['POST', '/v1/incidents/{incidentId}/resolve', 'resolveIncident'],
    ],
  },
  events: ['incidentOpened', 'ghostIncidentOpened', 'incidentResolved'],
  functions: {
    'heal-charger': {
      entry: 'functions/heal-charger.ts',
      description:
        "Self-healing: decides a Faulted charger's next step (wait, soft or hard reset, incident, close) and carries it out once; counts a session end for ghost detection",
      access: { tenantData: true, publishEvents: true, manageConnections: ['POST'], scheduleCallQueue: true },
      tracing: workflowTask,
      logLevel: 'INFO',
    },
  },
  stateMachines: {
    selfHealing: {
      description: 'Heals a charger whose connector stays Faulted: soft reset, hard resets, then an incident',
      /*
       * STANDARD: it waits (faultedDelaySeconds, then rebootWaitSeconds after each reset: minutes, beyond Express's
       * 5-minute cap), and Wait states cost nothing while they wait. Each step happens once not because of the
       * type (a Task's Lambda may still run twice) but because the task records a step on the charger's attempt
       * item with a conditional write on the number of steps before carrying it out; the same item is the lock
       * that stops a second Faulted event from starting a second attempt on the charger.
       *
       * Cost: $25 per million state transitions. A tenant with self-healing off starts none: the rule drops every
       * status but Faulted, and Faulted ones without `selfHealing`. One that just turned it off (or a charger
       * function that read the settings up to 5 minutes before) ends after one task (a GetItem): Heal, Decide,
       * Done.
       */
      type: 'STANDARD',
      definition: {
        Comment: 'Self-healing: wait while Faulted, reset (soft, then hard), then open an incident',
        StartAt: 'Heal',
        States: {
          Heal: {
            Type: 'Task',
            Resource: functionPlaceholder('heal-charger'),
            // The execution's name is the attempt's id: a retried task re-takes its own attempt.
            Parameters: { 'detail.$': '$.detail', 'executionName.$': '$$.Execution.Name' },
            ResultPath: '$.healing',
            Retry: [
              ...lambdaRetry,
              { ErrorEquals: ['ZodError'], MaxAttempts: 0 },
              { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 },
            ],
            Next: 'Decide',
          },
          Decide: {
            Type: 'Choice',
            Choices: [{ Variable: '$.healing.next', StringEquals: 'wait', Next: 'WaitForCharger' }],
            Default: 'Done',
          },
          WaitForCharger: { Type: 'Wait', SecondsPath: '$.healing.seconds', Next: 'Heal' },
          Done: { Type: 'Succeed' },
        },
      },
    },
    ghostDetection: {
      description: "Counts an authorised session's end on its charger; opens or resolves a ghost incident",
      /*
       * EXPRESS: one short task per authorised session end of a tenant with self-healing on (about $1 per
       * million runs, against $25 per million transitions for STANDARD). It runs at least once: the counter's conditional write on its revision and the session id
       * it keeps make a repeat count nothing, and the incident's id is claimed in that write.
       */
      type: 'EXPRESS',
      definition: {
        Comment: 'Ghost-charger detection: one session end to the charger’s counter',
        StartAt: 'DetectGhost',
        States: {
          DetectGhost: {
            Type: 'Task',
            Resource: functionPlaceholder('heal-charger'),
            Parameters: { task: 'detectGhost', 'detail.$': '$.detail' },
            ResultPath: '$.ghost',
            Retry: [
              ...lambdaRetry,
              { ErrorEquals: ['ZodError'], MaxAttempts: 0 },
              { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
            ],
            End: true,
          },
        },
      },
    },
  },
  eventRules: [
    {
      id: 'DetectGhostChargerOnTransactionEnded',
      /*
       * Only authorised sessions count, and only of tenants with self-healing on (`selfHealing`, published with
       * the end only then): the pattern drops the others before any execution starts.
       */
      description:
        "An authorised session's end goes to its charger's ghost counter (ghost-charger detection)",
      pattern: {
        source: [eventSources.ocpp],
        'detail-type': [eventTypes.transactionEnded],
        detail: { idToken: [{ exists: true }], selfHealing: [true] },
      },
      target: { stateMachine: 'ghostDetection' },
    },
    {
      id: 'StartSelfHealingOnFaulted',
      /*
       * The filters are in the pattern: other status changes (most of them), and Faulted ones of tenants without
       * self-healing (`selfHealing` is published only for tenants with it on), start no execution at all.
       */
      description:
        'A connector reported Faulted starts self-healing of its charger (a running attempt absorbs it)',
      pattern: {
        source: [eventSources.ocpp],
        'detail-type': [eventTypes.connectorStatusChanged],
        detail: { status: ['Faulted'], selfHealing: [true] },
      },
      target: { stateMachine: 'selfHealing' },
    },
  ],
});
