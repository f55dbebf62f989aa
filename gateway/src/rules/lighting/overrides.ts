import { type StateKV, STATE_KEYS, loadState } from '../state';
import type { LightingOverride } from './types';

/** Bounded so the persisted list stays within the store's 16 KiB per state value. */
export const MAX_OVERRIDES = 100;

const isOverride = (v: unknown): v is LightingOverride => {
  const o = v as LightingOverride;
  return typeof o === 'object' && o !== null && typeof o.target === 'string' && typeof o.level === 'number' && typeof o.start === 'number' && typeof o.expiry === 'number' && typeof o.source === 'string';
};

/**
 * Active lighting overrides (hypervisor, Node-RED, operator), persisted on every change so they
 * survive restart and kill -9. Every override has a mandatory expiry; expired ones are pruned.
 * A lamp's own override wins over its group's; among equals the most recent start wins.
 */
export class OverrideRegistry {
  private list: LightingOverride[];

  constructor(
    private readonly kv: StateKV,
    private readonly maxOverrideMs: number,
  ) {
    this.list = loadState(kv, STATE_KEYS.overrides, [] as LightingOverride[], (v): v is LightingOverride[] => Array.isArray(v) && v.every(isOverride));
  }

  /** Adds (or replaces the same target's) override; returns an error message if it is not acceptable. */
  set(o: LightingOverride, now: number): string | undefined {
    if (!Number.isInteger(o.level) || o.level < 0 || o.level > 100) return `override level is ${o.level}; allowed: integer 0..100`;
    if (!Number.isFinite(o.expiry) || o.expiry <= now) return 'override expiry must be in the future (overrides always expire)';
    if (!(o.expiry > o.start)) return 'override expiry must be after its start';
    if (o.expiry - Math.max(now, o.start) > this.maxOverrideMs) return `override lasts more than the allowed ${this.maxOverrideMs / 3_600_000} h`;
    if (typeof o.target !== 'string' || o.target.length === 0 || o.target.length > 80) return 'override target must be a lamp id or "group:<id>" of at most 80 characters';
    const kept = this.list.filter((x) => x.target !== o.target && x.expiry > now);
    if (kept.length >= MAX_OVERRIDES) return `${kept.length} overrides already active; allowed: at most ${MAX_OVERRIDES} (override groups rather than single lamps)`;
    this.list = [...kept, { target: o.target, level: o.level, start: o.start, expiry: o.expiry, source: o.source.slice(0, 64) }];
    this.save();
    return undefined;
  }

  clear(target: string): boolean {
    const before = this.list.length;
    this.list = this.list.filter((x) => x.target !== target);
    if (this.list.length !== before) this.save();
    return this.list.length !== before;
  }

  forLamp(lampId: string, groupId: string, now: number): LightingOverride | undefined {
    let best: LightingOverride | undefined;
    for (const o of this.list) {
      if (now < o.start || now >= o.expiry) continue;
      const rank = o.target === lampId ? 2 : o.target === `group:${groupId}` ? 1 : 0;
      if (rank === 0) continue;
      const bestRank = best ? (best.target === lampId ? 2 : 1) : 0;
      if (rank > bestRank || (rank === bestRank && o.start > best!.start)) best = o;
    }
    return best;
  }

  /** Targets with an override in force or pending (for "who needs individual evaluation"). */
  targets(now: number): Set<string> {
    this.prune(now);
    return new Set(this.list.map((o) => o.target));
  }

  all(): readonly LightingOverride[] {
    return this.list;
  }

  private prune(now: number): void {
    const kept = this.list.filter((o) => o.expiry > now);
    if (kept.length !== this.list.length) {
      this.list = kept;
      this.save();
    }
  }

  private save(): void {
    this.kv.setState(STATE_KEYS.overrides, this.list);
  }
}
