import { AlarmLatch, type AlarmMemory, type RuleAlarm } from '../alarm-latch';

/**
 * Water faults from flow readings (valve controllers with a flow meter, or a zone water meter):
 * - leak: flow above `leakLpm` while every valve it feeds is closed, for `leakGraceMs`;
 * - no_flow: a valve open (as reported or commanded) with no flow, for `noFlowGraceMs`.
 * Raised once, cleared once.
 */
export type FlowAlarmType = 'irrigation.leak' | 'irrigation.no_flow';

export type FlowAlarm = RuleAlarm<FlowAlarmType>;

export interface FlowFaultSettings {
  leakLpm: number;
  leakGraceMs: number;
  noFlowLpm: number;
  noFlowGraceMs: number;
}

export const DEFAULT_FLOW_FAULTS: FlowFaultSettings = { leakLpm: 0.5, leakGraceMs: 10 * 60_000, noFlowLpm: 0.2, noFlowGraceMs: 5 * 60_000 };

interface MeterState {
  leakSince?: number;
  dryOpenSince?: number;
}

export class FlowFaults {
  private readonly meters = new Map<string, MeterState>();
  private readonly latch: AlarmLatch<FlowAlarmType>;

  constructor(
    private readonly settings: FlowFaultSettings,
    onAlarm: (alarm: FlowAlarm) => void,
    memory?: AlarmMemory,
  ) {
    this.latch = new AlarmLatch(onAlarm, memory);
  }

  observe(deviceId: string, at: number, flowLpm: number, anyValveOpen: boolean): void {
    if (!Number.isFinite(flowLpm)) return;
    let s = this.meters.get(deviceId);
    if (!s) this.meters.set(deviceId, (s = {}));
    const leaking = !anyValveOpen && flowLpm > this.settings.leakLpm;
    const dry = anyValveOpen && flowLpm <= this.settings.noFlowLpm;
    s.leakSince = leaking ? (s.leakSince ?? at) : undefined;
    s.dryOpenSince = dry ? (s.dryOpenSince ?? at) : undefined;
    const data = () => ({ flow_rate: flowLpm });
    // Raised after the grace time; cleared only when the condition is gone (not while it is still
    // within a grace time, e.g. the first report after a restart of an alarm raised before it).
    if (s.leakSince === undefined || at - s.leakSince >= this.settings.leakGraceMs) this.latch.set(deviceId, 'irrigation.leak', s.leakSince !== undefined, at, data);
    if (s.dryOpenSince === undefined || at - s.dryOpenSince >= this.settings.noFlowGraceMs) this.latch.set(deviceId, 'irrigation.no_flow', s.dryOpenSince !== undefined, at, data);
  }

}
