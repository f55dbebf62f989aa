import type { Clock } from '@ardoise/device-sdk';
import type { Store } from '../store/types';
import { type DeviceState, actionKey, agrees, expectedAfter, newDeviceState, restoring, stillInForce } from './device-state';
import { enforce } from './enforce';
import {
  type Actuation,
  type ActuationRequest,
  type ActuatorPolicy,
  type ActuatorReport,
  type CommandTransport,
  DEFAULT_GOVERNOR,
  type DutyCycleCheck,
  type GovernorResult,
  type GovernorSettings,
} from './types';

export type GovernorJournal = Pick<Store, 'journalCommand' | 'setCommandOutcome' | 'appendEvent'>;

export interface GovernorDeps {
  clock: Clock;
  journal: GovernorJournal;
  transport: CommandTransport;
  policy: ActuatorPolicy;
  dutyCycle?: DutyCycleCheck;
  settings?: Partial<GovernorSettings>;
}

/**
 * The safety governor: the ONLY path to an actuator (rules, hypervisor overrides, Node-RED).
 * Per request: invariants (enforce.ts) → send on change only → per-device rate limit and
 * duty-cycle budget (deferred, latest request wins, retried on the Clock) → journal BEFORE
 * sending (write before act) → transport → outcome sent/failed. Reports from the device
 * confirm the command, or after `reportsBeforeReassert` disagreeing reports trigger a
 * re-assert, up to `maxReasserts`, then a governor.actuator_unresponsive alarm.
 */
export class SafetyGovernor {
  private readonly devices = new Map<string, DeviceState>();
  private readonly settings: GovernorSettings;
  /** Group journal rows awaiting confirmation: seq → members not yet agreeing. */
  private readonly groupPending = new Map<number, Set<string>>();

  constructor(private readonly deps: GovernorDeps) {
    this.settings = { ...DEFAULT_GOVERNOR, ...deps.settings };
  }

  async submit(request: ActuationRequest): Promise<GovernorResult> {
    return this.process(request, false);
  }

  /**
   * The same action for every member of a lamp group: one multicast downlink and ONE journal row
   * (deviceId "group:<id>", params.members) when the transport can multicast; members already in
   * that state are left out; members inside their rate limit, or all when the duty cycle says
   * wait, go the unicast way (deferred as usual). Each member's next report confirms its part;
   * the row is confirmed when all have. Re-asserts are unicast.
   */
  async submitGroup(groupId: string, members: readonly string[], request: Omit<ActuationRequest, 'deviceId'>): Promise<GovernorResult> {
    const { clock, policy, transport } = this.deps;
    const now = clock.now();
    const unicast = (ids: readonly string[]) => Promise.all(ids.map((deviceId) => this.process({ ...request, deviceId }, false)));
    if (!transport.multicast || members.length < 2 || members.some((id) => policy.kindOf(id) !== 'lamp')) return summarize(await unicast(members));
    const enforced = enforce({ ...request, deviceId: members[0] }, 'lamp', policy, now, this.settings);
    if (!enforced.ok) return summarize(await unicast(members));
    const key = actionKey(enforced.action, request.expiresAt);
    const mono = clock.monotonic();
    const todo = members.filter((id) => !stillInForce(this.device(id), key, now));
    if (todo.length === 0) return { status: 'unchanged', detail: 'group already commanded to this state' };
    const limited = new Set(todo.filter((id) => {
      const last = this.device(id).lastSentMono;
      return last !== undefined && mono - last < this.settings.minIntervalMs;
    }));
    const duty = this.deps.dutyCycle?.canSend(`group:${groupId}`, now);
    if ((duty && !duty.ok) || todo.length - limited.size < 2) return summarize(await unicast(todo));
    if (limited.size > 0) await unicast([...limited]);
    const targets = todo.filter((id) => !limited.has(id));
    return this.sendGroup(groupId, targets, request, enforced.action, key, enforced.adjusted, now);
  }

  private async sendGroup(groupId: string, targets: string[], request: Omit<ActuationRequest, 'deviceId'>, action: Actuation, key: string, adjusted: string | undefined, now: number): Promise<GovernorResult> {
    const { journal, transport, clock } = this.deps;
    const why = [request.why, adjusted].filter(Boolean).join('; ');
    const entry = journal.journalCommand({
      deviceId: `group:${groupId}`,
      command: action.command,
      params: { ...paramsOf(action), members: targets.length, ...(why ? { why } : {}), ...(request.expiresAt !== undefined ? { expires_at: request.expiresAt } : {}) },
      reason: request.reason,
      source: request.source,
      at: now,
    });
    const mono = clock.monotonic();
    for (const id of targets) {
      Object.assign(this.device(id), { key, expected: expectedAfter(action, now), request: { ...request, deviceId: id }, seq: entry.seq, confirmed: false, lastSentMono: mono, reportsSinceSend: 0, pending: undefined });
    }
    this.groupPending.set(entry.seq, new Set(targets));
    if (this.groupPending.size > 10_000) this.groupPending.delete(this.groupPending.keys().next().value as number);
    try {
      await transport.multicast!(groupId, targets, action);
      journal.setCommandOutcome(entry.seq, 'sent', clock.now());
      return { status: 'sent', journalSeq: entry.seq, sent: action, detail: `multicast to ${targets.length} lamps${adjusted ? `; ${adjusted}` : ''}` };
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      journal.setCommandOutcome(entry.seq, 'failed', clock.now(), detail);
      this.groupPending.delete(entry.seq);
      for (const id of targets) if (this.device(id).seq === entry.seq) this.device(id).key = undefined;
      return { status: 'failed', journalSeq: entry.seq, detail };
    }
  }

  /**
   * Feed what a device reports about itself (dim_level, valve_open) after its reading is stored.
   * Returns a promise only when it re-asserts (the common case stays synchronous: every reading passes here).
   */
  observe(deviceId: string, report: ActuatorReport): Promise<void> | void {
    const s = this.devices.get(deviceId);
    if (!s?.expected || s.seq === undefined) return;
    const now = this.deps.clock.now();
    const ok = agrees(s.expected, report, now, this.settings.levelTolerance);
    if (ok === undefined) return;
    if (ok) return this.confirm(s, now);
    s.reportsSinceSend++;
    if (s.reportsSinceSend < this.settings.reportsBeforeReassert || s.unresponsive) return;
    if (s.reasserts >= this.settings.maxReasserts) return this.giveUp(deviceId, s, report, now);
    s.reasserts++;
    const base = s.request!;
    const action = base.action.command === 'override' && base.expiresAt !== undefined && base.expiresAt > now ? { ...base.action } : restoring(s.expected, now);
    return this.process({ ...base, action, why: `re-assert ${s.reasserts}/${this.settings.maxReasserts}: device reports ${JSON.stringify(report)}` }, true).then(() => undefined);
  }

  /** Current belief about a device (for status APIs and tests). */
  state(deviceId: string): Readonly<DeviceState> | undefined {
    return this.devices.get(deviceId);
  }

  /** Cancel pending retries (shutdown). */
  close(): void {
    for (const s of this.devices.values()) this.deps.clock.clearTimeout(s.timer);
  }

  private async process(request: ActuationRequest, force: boolean): Promise<GovernorResult> {
    const { clock, policy } = this.deps;
    const now = clock.now();
    const kind = policy.kindOf(request.deviceId);
    // Unknown ids get no state of their own (bounded memory whatever integrators send).
    if (!kind) return this.refuse(request, newDeviceState(), `unknown actuator "${String(request.deviceId).slice(0, 64)}"; only configured lamps and valves can be commanded`);
    const s = this.device(request.deviceId);
    const enforced = enforce(request, kind, policy, now, this.settings);
    if (!enforced.ok) return this.refuse(request, s, enforced.detail);
    s.lastRefusal = undefined;
    const key = actionKey(enforced.action, request.expiresAt);
    if (!force && stillInForce(s, key, now)) {
      s.pending = undefined;
      return { status: 'unchanged', detail: 'device already commanded to this state' };
    }
    const wait = this.waitFor(request.deviceId, s, enforced.action, now, !force && this.promptOverride(request, s));
    if (wait) return this.defer(request, s, wait.ms, wait.detail, force);
    if (request.reason === 'override' && !force) s.lastPromptMono = this.deps.clock.monotonic();
    return this.send(request, s, enforced.action, key, enforced.adjusted, now);
  }

  /**
   * An explicit override (reason "override": operator-driven, rare) skips the per-device rate limit,
   * at most once per rate-limit window per device, so that even a misbehaving integrator cannot
   * turn overrides into churn. The duty-cycle budget still applies to it.
   */
  private promptOverride(request: ActuationRequest, s: DeviceState): boolean {
    if (request.reason !== 'override') return false;
    const mono = this.deps.clock.monotonic();
    return s.lastPromptMono === undefined || mono - s.lastPromptMono >= this.settings.minIntervalMs;
  }

  private waitFor(deviceId: string, s: DeviceState, action: Actuation, now: number, prompt = false): { ms: number; detail: string } | undefined {
    const mono = this.deps.clock.monotonic();
    if (!prompt && action.command !== 'close' && s.lastSentMono !== undefined && mono - s.lastSentMono < this.settings.minIntervalMs) {
      return { ms: this.settings.minIntervalMs - (mono - s.lastSentMono), detail: 'rate limited' };
    }
    const duty = this.deps.dutyCycle?.canSend(deviceId, now);
    if (duty && !duty.ok) return { ms: Math.max(1, duty.retryAt - now), detail: `duty cycle: ${duty.detail}` };
    return undefined;
  }

  private defer(request: ActuationRequest, s: DeviceState, ms: number, detail: string, force: boolean): GovernorResult {
    s.pending = request;
    if (!s.timer) {
      s.timer = this.deps.clock.setTimeout(() => {
        s.timer = undefined;
        const next = s.pending;
        s.pending = undefined;
        if (next) void this.process(next, force);
      }, ms);
    }
    return { status: 'deferred', detail: `${detail}; retry in ${Math.ceil(ms / 1000)} s (latest request wins)` };
  }

  private async send(request: ActuationRequest, s: DeviceState, action: Actuation, key: string, adjusted: string | undefined, now: number): Promise<GovernorResult> {
    const { journal, transport, clock } = this.deps;
    const why = [request.why, adjusted].filter(Boolean).join('; ');
    const entry = journal.journalCommand({
      deviceId: request.deviceId,
      command: action.command,
      params: { ...paramsOf(action), ...(why ? { why } : {}), ...(request.expiresAt !== undefined ? { expires_at: request.expiresAt } : {}) },
      reason: request.reason,
      source: request.source,
      at: now,
    });
    Object.assign(s, { key, expected: expectedAfter(action, now), request, seq: entry.seq, confirmed: false, lastSentMono: clock.monotonic(), reportsSinceSend: 0, pending: undefined });
    try {
      await transport.send(request.deviceId, action);
      journal.setCommandOutcome(entry.seq, 'sent', clock.now());
      return { status: 'sent', journalSeq: entry.seq, sent: action, ...(adjusted ? { detail: adjusted } : {}) };
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      journal.setCommandOutcome(entry.seq, 'failed', clock.now(), detail);
      if (s.seq === entry.seq) s.key = undefined; // the next request is not "unchanged"
      return { status: 'failed', journalSeq: entry.seq, detail };
    }
  }

  private refuse(request: ActuationRequest, s: DeviceState, detail: string): GovernorResult {
    const now = this.deps.clock.now();
    const id = `${detail}|${JSON.stringify(request.action)}|${request.source}`;
    if (s.lastRefusal === id) return { status: 'refused', detail };
    s.lastRefusal = id;
    const entry = this.deps.journal.journalCommand({
      deviceId: request.deviceId,
      command: request.action.command,
      params: { ...paramsOf(request.action), ...(request.why ? { why: request.why } : {}) },
      reason: request.reason,
      source: request.source,
      at: now,
    });
    this.deps.journal.setCommandOutcome(entry.seq, 'refused', now, detail);
    return { status: 'refused', detail, journalSeq: entry.seq };
  }

  private confirm(s: DeviceState, now: number): void {
    if (!s.confirmed && s.seq !== undefined) {
      const group = this.groupPending.get(s.seq);
      if (group) {
        group.delete(s.request?.deviceId ?? '');
        if (group.size === 0) {
          this.groupPending.delete(s.seq);
          this.deps.journal.setCommandOutcome(s.seq, 'confirmed', now);
        }
      } else this.deps.journal.setCommandOutcome(s.seq, 'confirmed', now);
    }
    s.confirmed = true;
    s.reportsSinceSend = 0;
    s.reasserts = 0;
    s.unresponsive = false;
  }

  private giveUp(deviceId: string, s: DeviceState, report: ActuatorReport, now: number): void {
    s.unresponsive = true;
    if (s.seq !== undefined) this.groupPending.delete(s.seq);
    if (s.seq !== undefined) this.deps.journal.setCommandOutcome(s.seq, 'failed', now, `device still reports ${JSON.stringify(report)} after ${s.reasserts} re-asserts`);
    this.deps.journal.appendEvent({
      kind: 'alarm',
      type: 'governor.actuator_unresponsive',
      at: now,
      deviceId,
      severity: 'critical',
      data: { expected: s.expected, reported: report, reasserts: s.reasserts },
    });
  }

  private device(id: string): DeviceState {
    let s = this.devices.get(id);
    if (!s) this.devices.set(id, (s = newDeviceState()));
    return s;
  }
}

/** One result for many unicast results: the "worst" status wins (failed > refused > deferred > sent > unchanged). */
function summarize(results: GovernorResult[]): GovernorResult {
  const order: GovernorResult['status'][] = ['failed', 'refused', 'deferred', 'sent', 'unchanged'];
  const status = order.find((st) => results.some((r) => r.status === st)) ?? 'unchanged';
  const counts = order.map((st) => [st, results.filter((r) => r.status === st).length] as const).filter(([, n]) => n > 0);
  return { status, detail: counts.map(([st, n]) => `${n} ${st}`).join(', ') };
}

/** Journal/downlink parameter names (snake_case, as in the codecs' downlink layouts). */
export function paramsOf(a: Actuation): Record<string, unknown> {
  switch (a.command) {
    case 'set_level':
      return { level: a.level };
    case 'override':
      return { level: a.level, duration_min: a.durationMin };
    case 'open':
      return { duration_min: a.durationMin, max_volume: a.maxVolumeL };
    case 'close':
      return {};
  }
}
