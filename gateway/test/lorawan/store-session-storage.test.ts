/** The store-backed SessionStorage runs the device-sdk contract suite on a real SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { sessionStorageContract } from '../../../device-sdk/test/lorawan/session-storage-contract';
import { StoreSessionStorage } from '../../src/lorawan/store-session-storage';
import { openStore } from '../../src/store/index';
import type { Store } from '../../src/store/types';

const dir = mkdtempSync(join(tmpdir(), 'ardoise-lorawan-'));
const open: Store[] = [];
afterAll(() => {
  for (const s of open) s.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
sessionStorageContract('StoreSessionStorage (SQLite)', () => {
  const path = join(dir, `s${n++}.db`);
  const openOne = () => {
    const store = openStore({ path, maxBytes: 16 << 20, retentionDays: 30, synchronous: 'NORMAL' });
    open.push(store);
    return new StoreSessionStorage(store);
  };
  return { open: openOne, reopen: openOne };
});
