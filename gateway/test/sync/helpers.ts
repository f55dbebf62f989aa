import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@ardoise/device-sdk';
import { openStore } from '../../src/store';
import type { ReadingInput, Store } from '../../src/store/types';

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function openTestStore(path: string, clock?: Clock): Store {
  return openStore({ path, maxBytes: 1024 ** 3, retentionDays: 3650, synchronous: 'NORMAL', clock });
}

/** `count` readings from `devices` devices, two measurements each, committed in chunks. */
export function appendReadings(store: Store, count: number, at: number, devices = 20): void {
  const chunk: ReadingInput[] = [];
  for (let i = 0; i < count; i++) {
    chunk.push({
      deviceId: `lamp-${i % devices}`,
      observedAt: at + i,
      receivedAt: at + i,
      source: 'test',
      measurements: { dim_level: i % 101, active_power: (i % 500) / 10 },
    });
    if (chunk.length === 5_000) store.appendReadings(chunk.splice(0));
  }
  if (chunk.length > 0) store.appendReadings(chunk);
}
