/**
 * Water faults from flow readings (valve controllers with a flow meter, or a zone water meter):
 * - leak: flow above `leakLpm` while every valve it feeds is closed, for `leakGraceMs`;
 * - no_flow: a valve open (as reported or commanded) with no flow, for `noFlowGraceMs`.
 * Raised once, cleared once.
 */
export type FlowAlarmType = 'irrigation.leak' | 'irrigation.no_flow';

export interface FlowAlarm {
  type: FlowAlarmType;
  deviceId: string;
  active: boolean;
  at: number;
  data: Record<string, unknown>;
}

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
  active: Set<FlowAlarmType>;
}

export class FlowFaults {
  private readonly meters = new Map<string, MeterState>();

  constructor(
    private readonly settings: FlowFaultSettings,
    private readonly onAlarm: (alarm: FlowAlarm) => void,
  ) {}

  observe(deviceId: string, at: number, flowLpm: number, anyValveOpen: boolean): void {
    if (!Number.isFinite(flowLpm)) return;
    let s = this.meters.get(deviceId);
    if (!s) this.meters.set(deviceId, (s = { active: new Set() }));
    const leaking = !anyValveOpen && flowLpm > this.settings.leakLpm;
    const dry = anyValveOpen && flowLpm <= this.settings.noFlowLpm;
    s.leakSince = leaking ? (s.leakSince ?? at) : undefined;
    s.dryOpenSince = dry ? (s.dryOpenSince ?? at) : undefined;
    this.set(deviceId, s, 'irrigation.leak', s.leakSince !== undefined && at - s.leakSince >= this.settings.leakGraceMs, at, flowLpm);
    this.set(deviceId, s, 'irrigation.no_flow', s.dryOpenSince !== undefined && at - s.dryOpenSince >= this.settings.noFlowGraceMs, at, flowLpm);
  }

  private set(deviceId: string, s: MeterState, type: FlowAlarmType, active: boolean, at: number, flow: number): void {
    if (s.active.has(type) === active) return;
    if (active) s.active.add(type);
    else s.active.delete(type);
    this.onAlarm({ type, deviceId, active, at, data: { flow_rate: flow } });
  }
}
