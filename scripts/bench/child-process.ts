import { fork } from 'node:child_process';

/**
 * Runs a script of this repository in its own Node process (tsx, IPC, output to this terminal) and resolves with
 * the `summary` it sends back. Other messages go to `onMessage` with a way to answer.
 */
export const runChild = <T>(
  script: string,
  args: readonly string[],
  onMessage?: (message: { type?: string }, reply: (message: object) => void) => void,
): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = fork(script, args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let summary: T | undefined;
    child.on('message', (message: { type?: string; summary?: T }) => {
      if (message.type === 'summary') summary = message.summary;
      else onMessage?.(message, (answer) => child.send(answer));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (summary !== undefined) resolve(summary);
      else reject(new Error(`${script} exited with ${code} without a summary`));
    });
  });
