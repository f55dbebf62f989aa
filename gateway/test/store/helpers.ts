import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openStore, type StoreOptions } from '../../src/store/index';
import type { ReadingFilter, ReadingInput, Store, StoredReading } from '../../src/store/types';

export const T0 = Date.UTC(2026, 5, 1);

/** A fresh temp dir per test, removed afterwards; stores opened through it are closed. */
export function useTempDir(): { dir: () => string; open: (o?: Partial<StoreOptions>) => Store; file: (name?: string) => string } {
  let dir: string | undefined;
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const get = () => (dir ??= mkdtempSync(join(tmpdir(), 'ardoise-store-')));
  const file = (name = 'store.db') => join(get(), name);
  const open = (o: Partial<StoreOptions> = {}) => {
    const s = openStore({ path: file(), maxBytes: 512 * 1024 * 1024, retentionDays: 30, synchronous: 'NORMAL', ...o });
    stores.push(s);
    return s;
  };
  return { dir: get, open, file };
}

export function reading(i: number, over: Partial<ReadingInput> = {}): ReadingInput {
  return {
    deviceId: `lamp-${i % 20}`,
    observedAt: T0 + i * 1000,
    receivedAt: T0 + i * 1000 + 5,
    source: 'lorawan:2',
    measurements: { active_power: 40 + (i % 50) / 10, voltage: 230.1, dim_level: i % 101, active_energy: 1000 + i * 0.25 },
    ...over,
  };
}

export function readings(from: number, count: number, over: Partial<ReadingInput> = {}): ReadingInput[] {
  return Array.from({ length: count }, (_, k) => reading(from + k, over));
}

/** Every reading after `afterSeq`, paging like a real consumer (limit ≤ 100,000 per call). */
export function allReadings(store: Store, afterSeq = 0, filter: ReadingFilter = {}): StoredReading[] {
  const out: StoredReading[] = [];
  for (;;) {
    const page = store.readingsAfter(afterSeq, 100_000, filter);
    out.push(...page);
    if (page.length < 100_000) return out;
    afterSeq = page[page.length - 1]!.seq;
  }
}
