/**
 * Process signals for a running agent: the first SIGTERM/SIGINT starts a graceful stop; while it
 * runs, a second signal exits at once, and so does a stop that overruns its budget.
 */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
export const SECOND_SIGNAL_EXIT = 130;
export const OVERRUN_EXIT = 70;

/** Resolves with the first SIGTERM or SIGINT received. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      for (const s of SHUTDOWN_SIGNALS) process.off(s, on);
      resolve(signal);
    };
    for (const s of SHUTDOWN_SIGNALS) process.on(s, on);
  });
}

export interface ShutdownGuard {
  timeoutMs: number;
  /** Injected so tests can observe it; process.exit in production. */
  exit(code: number): void;
  say(line: string): void;
}

/** Arms the second-signal and overrun exits for the duration of a stop; returns the disarm function. */
export function guardShutdown(g: ShutdownGuard): () => void {
  const timer = setTimeout(() => {
    g.say(`ardoise: could not stop within ${g.timeoutMs} ms, forcing exit`);
    g.exit(OVERRUN_EXIT);
  }, g.timeoutMs);
  timer.unref();
  const second = (signal: NodeJS.Signals) => {
    g.say(`ardoise: second ${signal}, exiting now`);
    g.exit(SECOND_SIGNAL_EXIT);
  };
  for (const s of SHUTDOWN_SIGNALS) process.once(s, second);
  return () => {
    clearTimeout(timer);
    for (const s of SHUTDOWN_SIGNALS) process.off(s, second);
  };
}
