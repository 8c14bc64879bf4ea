import type { FleetSummary } from './stats.ts';

/** A markdown table: renders in a terminal as well as in a file. */
export const markdownTable = (
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
) => {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(cells[0]!),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
};

const callErrorText = (errors: Record<string, number>) =>
  Object.entries(errors)
    .map(([code, n]) => `${n} ${code}`)
    .join(', ') || '0';

/** The end-of-run summary of a fleet, for humans. */
export const formatFleetSummary = (summary: FleetSummary): string => {
  const { windows, totals, connections, sessions, commands } = summary;
  const rows = Object.entries(summary.actions).map(([action, stats]) => [
    action,
    stats.sent,
    stats.answered,
    callErrorText(stats.callErrors),
    stats.timeouts,
    stats.interrupted,
    stats.latency.steady.p50,
    stats.latency.steady.p95,
    stats.latency.steady.p99,
    stats.latency.ramp.p99,
  ]);
  const window = (name: string, w: FleetSummary['windows']['ramp']) =>
    `${name}: ${w.seconds} s, ${w.answered} answers, ${w.messagesPerSecond} msg/s, ` +
    `p50 ${w.latency.p50} p95 ${w.latency.p95} p99 ${w.latency.p99} max ${w.latency.max} ms`;
  return [
    `${summary.chargers} chargers (${Object.entries(summary.protocols)
      .map(([protocol, n]) => `${n} ${protocol}`)
      .join(', ')}) at time scale ${summary.timeScale} against ${summary.target}`,
    window('ramp', windows.ramp),
    window('steady', windows.steady),
    '',
    markdownTable(
      [
        'message',
        'sent',
        'answered',
        'CALLERRORs',
        'timeouts',
        'resent',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'ramp p99',
      ],
      rows,
    ),
    '',
    `lost (unanswered) ${totals.lost}: ${totals.timeouts} timeouts, ${totals.unfinishedAtEnd} unanswered at the end` +
      `${totals.clientErrors ? `, ${totals.clientErrors} client errors` : ''}; ` +
      `${totals.interrupted} cut by a disconnect and sent again; ${totals.invalidAnswers} invalid answers` +
      `${totals.invalidRequests ? `; ${totals.invalidRequests} INVALID REQUESTS (simulator bug)` : ''}`,
    `connections: peak ${connections.peakConnected}, ${connections.connects} connects, ` +
      `${connections.reconnects} reconnects (${connections.agedCuts} aged cuts), ${connections.disconnects} disconnects, ` +
      `${connections.failedAttempts} failed attempts (${connections.refused} refused)`,
    `sessions: ${sessions.started} started, ${sessions.completed} completed, ${sessions.refused} refused`,
    `commands: sent ${callErrorText(commands.sent)}; received ${callErrorText(commands.received)}; ` +
      `${commands.profilesApplied} charging profiles applied to the draw`,
    `simulator cpu ${summary.cpuSeconds} s`,
  ].join('\n');
};
