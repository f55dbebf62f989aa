/** Prepared session keys are reused per device and replaced/dropped with the session. */
import { describe, expect, it } from 'vitest';
import { SessionCiphers } from '../../src/lorawan/session-ciphers';
import type { DeviceSession } from '../../src/lorawan/storage';

const session = (nwkSKey: string): DeviceSession => ({
  devEui: '70b3d57ed0000001', devAddr: 0x26011bda, nwkSKey, appSKey: 'ec925802ae430ca77fd3dd73cb2cc588',
  nFCntDown: 0, rx1DrOffset: 0, rx2DataRate: 0, rxDelay: 1, activatedAt: 0,
});

describe('SessionCiphers', () => {
  it('reuses the prepared keys while the session keys stay, replaces them after a join, drops them on forget', () => {
    const c = new SessionCiphers();
    const a = c.for(session('44024241ed4ce9a68c6a8bc055233fd3'));
    expect(c.for(session('44024241ed4ce9a68c6a8bc055233fd3'))).toBe(a);
    const b = c.for(session('2b7e151628aed2a6abf7158809cf4f3c'));
    expect(b).not.toBe(a);
    expect(c.size()).toBe(1);
    c.forget('70b3d57ed0000001');
    expect(c.size()).toBe(0);
  });

  it('refuses a session key of the wrong length, naming it', () => {
    expect(() => new SessionCiphers().for(session('4402'))).toThrow(/NwkSKey must be 16 bytes/);
  });
});
