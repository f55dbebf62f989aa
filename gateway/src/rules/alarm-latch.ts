/** A rule alarm transition: raised (active) or cleared. */
export interface RuleAlarm<T extends string = string> {
  type: T;
  deviceId: string;
  active: boolean;
  at: number;
  data: Record<string, unknown>;
}

/** Remembers which alarms are active per device so each is raised once and cleared once. */
export class AlarmLatch<T extends string> {
  private readonly active = new Map<string, Set<T>>();

  constructor(private readonly onAlarm: (alarm: RuleAlarm<T>) => void) {}

  /** `data` may be a function: built only on a transition (this runs for every report). */
  set(deviceId: string, type: T, active: boolean, at: number, data: Record<string, unknown> | (() => Record<string, unknown>)): void {
    let set = this.active.get(deviceId);
    if (!set) this.active.set(deviceId, (set = new Set()));
    if (set.has(type) === active) return;
    if (active) set.add(type);
    else set.delete(type);
    this.onAlarm({ type, deviceId, active, at, data: typeof data === 'function' ? data() : data });
  }

  activeFor(deviceId: string): T[] {
    return [...(this.active.get(deviceId) ?? [])];
  }
}
