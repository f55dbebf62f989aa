import type { Store } from '../store/types';

/** Where rule state survives restarts and kill -9: the store's key-value table (one SQLite write per change). */
export type StateKV = Pick<Store, 'getState' | 'setState'>;

/** Keys ending in "." are prefixes: one entry per sensor / zone keeps every value small (store cap 16 KiB). */
export const STATE_KEYS = {
  overrides: 'rules.lighting.overrides',
  presence: 'rules.lighting.presence.',
  zones: 'rules.irrigation.zone.',
  drought: 'rules.irrigation.drought_remote',
  forecast: 'rules.irrigation.forecast',
  alarms: 'rules.alarms.',
} as const;

/** Read a persisted value, falling back when absent or of the wrong shape (never throws at boot). */
export function loadState<T>(kv: StateKV, key: string, fallback: T, valid: (v: unknown) => v is T): T {
  try {
    const v = kv.getState<unknown>(key);
    return v !== undefined && valid(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
