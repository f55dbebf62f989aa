import { STATE_KEYS, type StateKV, loadState } from './state';

/** A rule alarm transition: raised (active) or cleared. */
export interface RuleAlarm<T extends string = string> {
  type: T;
  deviceId: string;
  active: boolean;
  at: number;
  data: Record<string, unknown>;
}

/** Where a latch keeps the active alarms of a device across restarts (written on transitions only). */
export interface AlarmMemory {
  load(deviceId: string): string[];
  save(deviceId: string, active: string[]): void;
}

/** Active alarms in the store's state KV, one key per device (values stay small). */
export function kvAlarmMemory(kv: StateKV, namespace: string): AlarmMemory {
  const key = (deviceId: string) => `${STATE_KEYS.alarms}${namespace}.${deviceId}`;
  const valid = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return {
    load: (deviceId) => loadState(kv, key(deviceId), [] as string[], valid),
    save: (deviceId, active) => kv.setState(key(deviceId), active),
  };
}

/**
 * Remembers which alarms are active per device so each is raised once and cleared once, also
 * across a restart when given a memory (an alarm raised before a restart is cleared after it).
 */
export class AlarmLatch<T extends string> {
  private readonly active = new Map<string, Set<T>>();

  constructor(
    private readonly onAlarm: (alarm: RuleAlarm<T>) => void,
    private readonly memory?: AlarmMemory,
  ) {}

  /** `data` may be a function: built only on a transition (this runs for every report). */
  set(deviceId: string, type: T, active: boolean, at: number, data: Record<string, unknown> | (() => Record<string, unknown>)): void {
    const set = this.of(deviceId);
    if (set.has(type) === active) return;
    if (active) set.add(type);
    else set.delete(type);
    this.memory?.save(deviceId, [...set]);
    this.onAlarm({ type, deviceId, active, at, data: typeof data === 'function' ? data() : data });
  }

  activeFor(deviceId: string): T[] {
    return [...this.of(deviceId)];
  }

  /** The device's active alarms, loaded from the memory the first time the device is seen. */
  private of(deviceId: string): Set<T> {
    let set = this.active.get(deviceId);
    if (!set) this.active.set(deviceId, (set = new Set((this.memory?.load(deviceId) ?? []) as T[])));
    return set;
  }
}
