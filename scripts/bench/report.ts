import { markdownTable } from '../simulator/summary-table.ts';
import type { ApiBenchFigures } from './api-operations.ts';
import type { BenchOptions, BenchResults } from './results.ts';
import { saturationTypes } from './saturation-types.ts';

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? fixed(a / b) : '-');

/** The API phase as markdown: DynamoDB per call of each operation, the API function and its authorizer. */
export const apiReport = (api: ApiBenchFigures): string =>
  [
    '## DynamoDB per tenant API call (local runtime)',
    '',
    `${api.setup.chargers} chargers in the tenant; the one read is online (OCPP 1.6) with ` +
      `${api.setup.connectors} connector statuses and a stored configuration of ${api.setup.configurationKeys} keys ` +
      `(${(api.setup.configurationBytes / 1024).toFixed(1)} KiB as JSON). Sequential calls; units from ` +
      'ReturnConsumedCapacity.',
    '',
    markdownTable(
      [
        'operation',
        'calls',
        'reads',
        'RCU',
        'writes',
        'WCU',
        'authorizer reads',
        'authorizer RCU',
        'authorizer WCU',
      ],
      api.operations.map((row) => [
        row.operation,
        row.calls,
        fixed(row.api.reads),
        fixed(row.api.readUnits),
        fixed(row.api.writes),
        fixed(row.api.writeUnits),
        fixed(row.authorizer.reads),
        fixed(row.authorizer.readUnits),
        fixed(row.authorizer.writeUnits),
      ]),
    ),
    '',
  ].join('\n');

/** How the throughput phase's runtime was set up. */
const throughputSetup = (options: BenchOptions): string =>
  (options.meteredThroughput === false
    ? "The local runtime of this phase ran without the fleet phase's meter (restarted on the same data): " +
      'the meter is instrumentation (ReturnConsumedCapacity, per-call attribution). `--metered-throughput` keeps it.'
    : "The local runtime of this phase ran with the fleet phase's meter attached.") +
  (options.sdkTransport === 'in-process'
    ? ''
    : ' Its SDK clients called the emulators over signed loopback HTTP (`--sdk-over-http`).');

/** The benchmark's results as markdown: targets first, then the figures behind them. */
export const benchReport = (results: BenchResults, costText: string): string => {
  const { options, fleet, saturation, machine } = results;
  const local = fleet.local;
  const bare = fleet.bare;

  const latencyRows = Object.entries(local.actions).map(([action, stats]) => {
    const baseline = bare?.actions[action]?.latency.steady;
    const steady = stats.latency.steady;
    return [
      action,
      steady.count,
      steady.p50,
      steady.p95,
      steady.p99,
      baseline?.p50 ?? '-',
      baseline?.p99 ?? '-',
      ratio(steady.p99, baseline?.p99),
    ];
  });

  const throughputRows = saturationTypes.map((type) => {
    const a = saturation?.local.results[type];
    const b = saturation?.bare?.results[type];
    return [
      type,
      a?.perSecond ?? '-',
      b?.perSecond ?? '-',
      ratio(a?.perSecond, b?.perSecond),
      a?.latency.p99 ?? '-',
      b?.latency.p99 ?? '-',
      a ? fixed(a.settleSeconds, 1) : '-',
    ];
  });

  const usageRows = Object.entries(results.usage)
    .filter(([, usage]) => usage.invocations > 0)
    .map(([label, usage]) => {
      const per = (value: number) => fixed(value / usage.invocations);
      const ddb = usage.dynamodb;
      return [
        label,
        usage.invocations,
        per(ddb.readRequests),
        per(ddb.readUnits),
        per(ddb.writeRequests),
        per(ddb.writeUnits),
        per(ddb.indexWriteUnits),
        fixed(1 - usage.invocationsWithWrites / usage.invocations),
        per(Object.values(usage.events).reduce((a, b) => a + b, 0)),
        per(Object.values(usage.workflowStarts).reduce((a, b) => a + b, 0)),
        per(Object.values(usage.connectionManagement).reduce((a, b) => a + b, 0)),
        per(usage.localHandlerMs),
      ];
    });

  const workflowRows = Object.entries(results.workflows).map(([id, workflow]) => [
    id,
    workflow.executions,
    workflow.stepsPerExecution,
    fixed(workflow.dynamodb.readRequests),
    fixed(workflow.dynamodb.readUnits),
    fixed(workflow.dynamodb.writeUnits),
    fixed(workflow.localHandlerMs),
  ]);

  const session = results.perSession;
  return [
    `# CSMS benchmark ${results.startedAt}`,
    '',
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; commit ` +
      `${results.git.commit.slice(0, 12)}${results.git.dirty ? ' (uncommitted changes)' : ''}; ${Math.round(results.seconds)} s.`,
    `${options.chargers} chargers (${options.protocol}), time scale ${options.timeScale}, ${options.steadySeconds} s steady ` +
      `after a ramp of ${options.rampPerSecond} connections/s, ${options.siteSize} chargers per site, ` +
      `${fixed(options.commandsPerDay, 1)} commands per charger-day; throughput with ${options.saturationChargers} ` +
      `chargers, ${options.saturationSeconds} s per type.`,
    '',
    '## Targets',
    '',
    markdownTable(
      ['target', 'measured', ''],
      results.targets.map((check) => [check.target, check.measured, check.met ? 'met' : 'NOT met']),
    ),
    '',
    '## Round trips at the reference mix (steady state, ms)',
    '',
    `Local runtime: ${local.windows.steady.messagesPerSecond} msg/s, p50 ${local.windows.steady.latency.p50}, ` +
      `p95 ${local.windows.steady.latency.p95}, p99 ${local.windows.steady.latency.p99}` +
      (bare
        ? `; bare ocpp-rpc: ${bare.windows.steady.messagesPerSecond} msg/s, p50 ${bare.windows.steady.latency.p50}, ` +
          `p99 ${bare.windows.steady.latency.p99}`
        : '') +
      `. Ramp (connect, boot, status of every charger): local p99 ${local.windows.ramp.latency.p99} ms over ` +
      `${local.windows.ramp.seconds} s.`,
    '',
    markdownTable(
      ['message', 'count', 'p50', 'p95', 'p99', 'bare p50', 'bare p99', 'p99 ratio'],
      latencyRows,
    ),
    '',
    `Lost or unanswered: ${local.totals.lost} (${local.totals.timeouts} timeouts, ${local.totals.unfinishedAtEnd} ` +
      `unanswered at the end); ${local.totals.interrupted} cut by a disconnect and sent again; ` +
      `${local.totals.invalidAnswers} invalid answers. Connections: peak ${local.connections.peakConnected}, ` +
      `${local.connections.reconnects} reconnects, ${local.connections.failedAttempts} failed attempts. ` +
      `Sessions: ${local.sessions.started} started, ${local.sessions.completed} completed. Commands: ` +
      `${Object.entries(local.commands.sent)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ')}; ${local.commands.profilesApplied} charging profiles applied. Runtime errors logged: ` +
      `${results.runtimeErrors}.`,
    '',
    '## Throughput (closed loop, msg/s)',
    '',
    throughputSetup(options),
    '',
    markdownTable(
      ['type', 'local', 'bare ocpp-rpc', 'ratio', 'local p99', 'bare p99', 'local settle s'],
      throughputRows,
    ),
    '',
    '## DynamoDB and events per message (local runtime, fleet phase)',
    '',
    'Units from ReturnConsumedCapacity (dynalite reports table units; index units are added for items GSI1 holds, ' +
      'and a failed conditional write counts 1 unit).',
    '',
    markdownTable(
      [
        'invocation',
        'count',
        'reads',
        'RCU',
        'writes',
        'WCU',
        'of which index',
        'share without write',
        'events',
        'workflows',
        '@connections',
        'local ms',
      ],
      usageRows,
    ),
    '',
    `Per session (Authorize, 2 StatusNotifications, start, ${fixed(session.messages - 5, 0)} meter values, end): ` +
      `${session.events} events, ${session.workflowExecutions} workflow executions, ${session.stateTransitions} ` +
      `state transitions, ${session.writeUnits} write units.`,
    '',
    markdownTable(
      ['workflow', 'executions', 'steps', 'reads/exec', 'RCU/exec', 'WCU/exec', 'local ms'],
      workflowRows,
    ),
    '',
    ...(results.api ? [apiReport(results.api)] : []),
    ...(results.bundles
      ? [
          '## Lambda bundles',
          '',
          markdownTable(
            ['function', 'bundle KiB', 'gzip KiB', 'import ms (median of 3)'],
            results.bundles.map((bundle) => [
              bundle.functionId,
              Math.round(bundle.bytes / 1024),
              Math.round(bundle.gzipBytes / 1024),
              bundle.importMs,
            ]),
          ),
          '',
        ]
      : []),
    '## Cost',
    '',
    costText,
    '',
  ].join('\n');
};
