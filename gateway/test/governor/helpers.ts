import { join } from 'node:path';
import { SimulatedClock } from '@ardoise/device-sdk';
import { SafetyGovernor } from '../../src/governor';
import type { Actuation, ActuatorPolicy, CommandTransport, DutyCycleCheck, GovernorSettings } from '../../src/governor';
import { openStore } from '../../src/store';
import type { Store } from '../../src/store/types';
import { tempDir } from '../helpers/tmp';

/**
 * Records what would go on air. The real transport (codec encodeDownlink → LoRaWAN downlink
 * queue) is integration glue not built yet; this stands in for it, and can be told to fail.
 */
export class RecordingTransport implements CommandTransport {
  readonly sent: { deviceId: string; action: Actuation; at: number }[] = [];
  readonly multicasts: { groupId: string; members: readonly string[]; action: Actuation }[] = [];
  failNext: string | undefined;
  constructor(private readonly clock: SimulatedClock) {}
  async send(deviceId: string, action: Actuation): Promise<void> {
    if (this.failNext) {
      const m = this.failNext;
      this.failNext = undefined;
      throw new Error(m);
    }
    this.sent.push({ deviceId, action, at: this.clock.now() });
  }
}

/** Same, with class C multicast. */
export class MulticastTransport extends RecordingTransport {
  async multicast(groupId: string, members: readonly string[], action: Actuation): Promise<void> {
    this.multicasts.push({ groupId, members, action });
  }
}

export interface PolicyState {
  floor?: number;
  ban?: string;
}

export function testPolicy(state: PolicyState): ActuatorPolicy {
  return {
    kindOf: (id) => (id.startsWith('lamp') ? 'lamp' : id.startsWith('valve') ? 'valve' : undefined),
    lampFloor: () => state.floor,
    valveLimits: () => ({ maxOpenMin: 30, maxVolumeL: 500 }),
    valveBan: () => state.ban,
  };
}

export function governorRig(settings: Partial<GovernorSettings> = {}, dutyCycle?: DutyCycleCheck, multicast = false) {
  const tmp = tempDir('ardoise-governor-');
  const clock = new SimulatedClock(Date.UTC(2026, 11, 21, 22));
  const store: Store = openStore({ path: join(tmp.dir, 'gw.db'), maxBytes: 64 * 1024 ** 2, retentionDays: 30, synchronous: 'NORMAL', clock });
  const transport = multicast ? new MulticastTransport(clock) : new RecordingTransport(clock);
  const policyState: PolicyState = {};
  const governor = new SafetyGovernor({ clock, journal: store, transport, policy: testPolicy(policyState), dutyCycle, settings });
  return {
    clock, store, transport, policyState, governor,
    journal: () => store.commandsAfter(0, 1000),
    cleanup: () => {
      governor.close();
      store.close();
      tmp.cleanup();
    },
  };
}
