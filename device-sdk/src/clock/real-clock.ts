import type { Clock, TimerHandle } from './clock';

interface RealHandle extends TimerHandle {
  readonly timer: NodeJS.Timeout;
}

let nextId = 1;

/** The system clock. `unref` keeps timers from holding the process open on their own. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  monotonic(): number {
    return performance.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = setTimeout(fn, Math.max(0, ms));
    return { id: nextId++, timer } as RealHandle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) clearTimeout((handle as RealHandle).timer);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const timer = setInterval(fn, Math.max(1, ms));
    return { id: nextId++, timer } as RealHandle;
  }

  clearInterval(handle: TimerHandle | undefined): void {
    if (handle) clearInterval((handle as RealHandle).timer);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }
}
