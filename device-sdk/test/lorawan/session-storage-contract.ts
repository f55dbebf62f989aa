/**
 * Contract suite for SessionStorage implementations (MemorySessionStorage here, the gateway's
 * store-backed one in gateway/test). Each implementation must pass all of it, including reopen.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceSession, SessionStorage } from '../../src/lorawan/storage';

export interface StorageFactory {
  open(): SessionStorage;
  /** Same backing data, fresh object (a restart); omit if the implementation is memory-only. */
  reopen?(): SessionStorage;
}

const session = (devEui: string, over: Partial<DeviceSession> = {}): DeviceSession => ({
  devEui, devAddr: 0x26011bda, nwkSKey: '00'.repeat(16), appSKey: '11'.repeat(16), nFCntDown: 0, rx1DrOffset: 0, rx2DataRate: 0, rxDelay: 1, activatedAt: 1, ...over,
});

export function sessionStorageContract(name: string, factory: () => StorageFactory): void {
  describe(`SessionStorage contract: ${name}`, () => {
    it('saves and loads sessions by DevEUI, returning copies', () => {
      const s = factory().open();
      expect(s.loadSession('a')).toBeUndefined();
      s.saveSession(session('a', { fCntUp: 7 }));
      const loaded = s.loadSession('a')!;
      expect(loaded).toMatchObject({ devEui: 'a', fCntUp: 7 });
      loaded.fCntUp = 99;
      expect(s.loadSession('a')!.fCntUp).toBe(7);
    });

    it('refuses a DevNonce used before by the same device only', () => {
      const s = factory().open();
      expect(s.useDevNonce('a', 5)).toBe(true);
      expect(s.useDevNonce('a', 5)).toBe(false);
      expect(s.useDevNonce('b', 5)).toBe(true);
    });

    it('JoinNonces strictly increase per device', () => {
      const s = factory().open();
      expect([s.nextJoinNonce('a'), s.nextJoinNonce('a'), s.nextJoinNonce('b')]).toEqual([0, 1, 0]);
    });

    it('keeps a FIFO downlink queue per device with update and remove', () => {
      const s = factory().open();
      const one = s.enqueueDownlink({ devEui: 'a', fPort: 1, payloadHex: '01', confirmed: false, enqueuedAt: 1 });
      const two = s.enqueueDownlink({ devEui: 'a', fPort: 2, payloadHex: '02', confirmed: true, enqueuedAt: 2 });
      s.enqueueDownlink({ devEui: 'b', fPort: 3, payloadHex: '03', confirmed: false, enqueuedAt: 3 });
      expect(one.id).not.toBe(two.id);
      expect(s.pendingDownlinks('a').map((q) => q.fPort)).toEqual([1, 2]);
      s.updateDownlink({ ...two, attempts: 2, sentFCntDown: 9 });
      s.removeDownlink('a', one.id);
      expect(s.pendingDownlinks('a')).toEqual([{ ...two, attempts: 2, sentFCntDown: 9 }]);
      expect(s.pendingDownlinks('b')).toHaveLength(1);
    });

    it('survives a reopen (sessions, nonces, queue)', () => {
      const f = factory();
      if (!f.reopen) return;
      const s = f.open();
      s.saveSession(session('a', { fCntUp: 3, nFCntDown: 4 }));
      s.useDevNonce('a', 1);
      s.nextJoinNonce('a');
      s.enqueueDownlink({ devEui: 'a', fPort: 1, payloadHex: 'ff', confirmed: false, enqueuedAt: 1 });
      const r = f.reopen();
      expect(r.loadSession('a')).toMatchObject({ fCntUp: 3, nFCntDown: 4 });
      expect(r.useDevNonce('a', 1)).toBe(false);
      expect(r.nextJoinNonce('a')).toBe(1);
      expect(r.pendingDownlinks('a').map((q) => q.payloadHex)).toEqual(['ff']);
    });
  });
}
