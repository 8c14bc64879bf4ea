import { MultiBar, Presets } from 'cli-progress';
import type { FleetStats } from './stats.ts';

/** The live view of a run: chargers ready, time run, and the figures of the last five seconds. */
export const startProgress = (
  stats: FleetStats,
  info: { readonly label: string; readonly chargers: number; readonly steadySeconds: number },
) => {
  const tty = Boolean(process.stdout.isTTY);
  const bars = new MultiBar(
    {
      format: '{name} |{bar}| {value}/{total} {unit} | {figures}',
      hideCursor: tty,
      clearOnComplete: false,
      stopOnComplete: false,
      barsize: 24,
      // Without a terminal (CI, piped output) a line every 10 s instead of a redrawn bar.
      noTTYOutput: !tty,
      notTTYSchedule: 10_000,
    },
    Presets.shades_classic,
  );
  const ready = bars.create(info.chargers, 0, {
    name: `${info.label} ready`,
    unit: 'chargers',
    figures: '',
  });
  const run = bars.create(info.steadySeconds, 0, { name: `${info.label} steady`, unit: 's', figures: '' });
  let steadySince: number | undefined;
  let cpu = process.cpuUsage();
  let cpuAt = performance.now();

  const tick = () => {
    const recent = stats.recent();
    const totals = stats.totals;
    const { connections, commands } = stats;
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const cpuPercent = Math.round(((used.user + used.system) / 1000 / (now - cpuAt)) * 100);
    cpu = process.cpuUsage();
    cpuAt = now;
    const lost = totals.timeouts + totals.clientErrors;
    ready.update(connections.ready, {
      figures: `online ${connections.connected} charging ${connections.charging} reconnects ${connections.reconnects} simulator cpu ${cpuPercent}%`,
    });
    run.update(
      steadySince === undefined ? 0 : Math.min(info.steadySeconds, Math.round((now - steadySince) / 1000)),
      {
        figures:
          `${Math.round(recent.perSecond)} msg/s p50 ${recent.p50.toFixed(1)} p99 ${recent.p99.toFixed(1)} ms | ` +
          `answered ${totals.answered} callerrors ${totals.callErrors} lost ${lost} | ` +
          `commands ${Object.values(commands.sent).reduce((sum, n) => sum + n, 0)}`,
      },
    );
  };
  const timer = setInterval(tick, 1000);
  return {
    steady(): void {
      steadySince = performance.now();
    },
    stop(): void {
      clearInterval(timer);
      tick();
      bars.stop();
    },
  };
};
