import type { Actuation, ActuationRequest, GovernorResult } from '../governor/types';
import type { Store } from '../store/types';
import type { CommandSink, SinkOutcome } from './command-sink';
import type { CommandBody, DownstreamMessage } from './message';

/** The part of SafetyGovernor this sink needs. */
export interface Governor {
  submit(request: ActuationRequest): Promise<GovernorResult>;
}

/**
 * Routes verified hypervisor commands through the safety governor (the one path to actuators).
 * Commands: `set_level {level}`, `override {level, duration_min}`, `open_valve {duration_min,
 * max_volume_l}`, `close_valve`. A `group` fans out to every device whose meta.group matches.
 * Anything else (config updates, drought level, calendar exceptions: rule state, not actuations)
 * goes to `fallback` (by default the journaling sink) until the rules expose setters.
 */
export class GovernorCommandSink implements CommandSink {
  constructor(
    private readonly governor: Governor,
    private readonly store: Store,
    private readonly fallback: CommandSink,
  ) {}

  async submit(message: DownstreamMessage): Promise<SinkOutcome> {
    if (message.kind !== 'commands') return this.fallback.submit(message);
    const action = toActuation(message.body);
    if (!action) return this.fallback.submit(message);
    if ('error' in action) return { status: 'refused', detail: action.error };
    const devices = this.targets(message.body);
    if (devices.length === 0) return { status: 'refused', detail: `no device in group ${JSON.stringify(message.body.group)}` };
    const results = await Promise.all(
      devices.map((deviceId) =>
        this.governor.submit({ deviceId, action, reason: 'override', source: 'hypervisor', why: `downstream ${message.id}`, expiresAt: message.expiresAt }),
      ),
    );
    return summarize(devices, results);
  }

  private targets(body: CommandBody): string[] {
    if (body.device_id) return [body.device_id];
    return this.store.listDevices().filter((d) => d.meta?.group === body.group).map((d) => d.id);
  }
}

function num(params: Record<string, unknown>, key: string): number | undefined {
  const v = params[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function toActuation(body: CommandBody): Actuation | { error: string } | undefined {
  const p = body.params;
  const need = (key: string): number | { error: string } => num(p, key) ?? { error: `params.${key}: a number is required for ${body.command}` };
  switch (body.command) {
    case 'set_level': {
      const level = need('level');
      return typeof level === 'number' ? { command: 'set_level', level } : level;
    }
    case 'override': {
      const level = need('level');
      const durationMin = need('duration_min');
      if (typeof level !== 'number') return level;
      return typeof durationMin === 'number' ? { command: 'override', level, durationMin } : durationMin;
    }
    case 'open_valve': {
      const durationMin = need('duration_min');
      const maxVolumeL = need('max_volume_l');
      if (typeof durationMin !== 'number') return durationMin;
      return typeof maxVolumeL === 'number' ? { command: 'open', durationMin, maxVolumeL } : maxVolumeL;
    }
    case 'close_valve':
      return { command: 'close' };
    default:
      return undefined;
  }
}

function summarize(devices: string[], results: GovernorResult[]): SinkOutcome {
  const refused = results.flatMap((r, i) => (r.status === 'refused' ? [`${devices[i]}: ${r.detail ?? 'refused'}`] : []));
  const failed = results.flatMap((r, i) => (r.status === 'failed' ? [`${devices[i]}: ${r.detail ?? 'failed'}`] : []));
  const journalSeq = results.find((r) => r.journalSeq !== undefined)?.journalSeq;
  if (refused.length === results.length) return { status: 'refused', detail: refused.join('; '), journalSeq };
  if (failed.length > 0 || refused.length > 0) return { status: 'failed', detail: [...refused, ...failed].join('; '), journalSeq };
  return { status: 'accepted', detail: results.map((r, i) => `${devices[i]}: ${r.status}`).join('; '), journalSeq };
}
