/**
 * Prepared AES keys (AesKey: one cipher object per key, CMAC subkeys computed once) for each
 * device's current session, so MIC checks and FRMPayload decryption create no cipher per frame.
 * One entry per device, replaced when the session keys change (join) and dropped by `forget`:
 * key material is held no longer than the session it belongs to. Bounded by the registry size.
 */
import { AesKey } from './crypto';
import type { DeviceSession } from './storage';

export interface SessionKeyCiphers {
  nwkSKey: AesKey;
  appSKey: AesKey;
}

export class SessionCiphers {
  private readonly byDevEui = new Map<string, SessionKeyCiphers & { hex: string }>();

  /** Ciphers for the session's current keys (created on first use or after the keys changed). */
  for(s: DeviceSession): SessionKeyCiphers {
    const hex = s.nwkSKey + s.appSKey;
    const hit = this.byDevEui.get(s.devEui);
    if (hit?.hex === hex) return hit;
    const entry = { hex, nwkSKey: new AesKey(Buffer.from(s.nwkSKey, 'hex'), 'NwkSKey'), appSKey: new AesKey(Buffer.from(s.appSKey, 'hex'), 'AppSKey') };
    this.byDevEui.set(s.devEui, entry);
    return entry;
  }

  forget(devEui: string): void {
    this.byDevEui.delete(devEui);
  }

  size(): number {
    return this.byDevEui.size;
  }
}
