import type { DutyCycleCheck } from './types';

/** What the LoRaWAN edge network server answers (`EdgeNetworkServer.downlinkBudget`). */
export interface DownlinkBudget {
  downlinkBudget(deviceId: string, payloadBytes?: number): { ok: true } | { ok: false; reason: string; retryAfterMs?: number };
}

/**
 * The governor's duty-cycle check from the LoRaWAN network server: a downlink that does not fit
 * the sub-band budget now is deferred until it would (or `retryMs` when the server cannot say,
 * e.g. the device has no session yet). Devices on other transports, and multicast groups
 * (budgeted by the multicast sender), are not limited here.
 */
export function lorawanDutyCycle(ns: DownlinkBudget, isLorawan: (deviceId: string) => boolean, payloadBytes = 8, retryMs = 60_000): DutyCycleCheck {
  return {
    canSend(deviceId, now) {
      if (deviceId.startsWith('group:') || !isLorawan(deviceId)) return { ok: true };
      const d = ns.downlinkBudget(deviceId, payloadBytes);
      return d.ok ? { ok: true } : { ok: false, retryAt: now + (d.retryAfterMs ?? retryMs), detail: d.reason };
    },
  };
}
