import { describe, expect, it } from 'vitest';
import { OVERRUN_EXIT, SECOND_SIGNAL_EXIT, guardShutdown, waitForShutdownSignal } from '../../src/agent/signals';

// Real signals sent to this test process: with our listeners installed Node does not terminate.
function exitSpy() {
  let resolve!: (code: number) => void;
  const called = new Promise<number>((r) => (resolve = r));
  return { exit: (code: number) => resolve(code), called };
}

describe('shutdown signals', () => {
  it('the first SIGTERM starts the stop; a second signal during it exits at once (130)', async () => {
    const listeners = () => process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');
    const before = listeners();
    const first = waitForShutdownSignal();
    process.kill(process.pid, 'SIGTERM');
    expect(await first).toBe('SIGTERM');
    const spy = exitSpy();
    const lines: string[] = [];
    const disarm = guardShutdown({ timeoutMs: 60_000, exit: spy.exit, say: (l) => void lines.push(l) });
    process.kill(process.pid, 'SIGINT');
    expect(await spy.called).toBe(SECOND_SIGNAL_EXIT);
    expect(lines).toEqual(['ardoise: second SIGINT, exiting now']);
    disarm();
    expect(listeners()).toBe(before);
  });

  it('a stop that overruns its budget exits (70)', async () => {
    const spy = exitSpy();
    const disarm = guardShutdown({ timeoutMs: 1, exit: spy.exit, say: () => undefined });
    expect(await spy.called).toBe(OVERRUN_EXIT);
    disarm();
  });
});
