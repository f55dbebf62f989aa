import type { Clock } from '@ardoise/device-sdk';
import { z } from 'zod';
import type { CommandSink, SinkOutcome } from '../downstream/command-sink';
import type { DownstreamMessage } from '../downstream/message';
import { DROUGHT_LEVELS, type DroughtLevel } from './irrigation/types';
import type { RulesRuntime } from './runtime';

const level = z.number().int().min(0).max(100);
const schemas = {
  /** Lamp override: rule state (persisted, re-evaluated, floor enforced), so the program does not overwrite it. */
  override: z.strictObject({ level, duration_min: z.number().int().min(1).max(44_640).optional(), until: z.number().int().positive().optional() })
    .refine((p) => (p.duration_min === undefined) !== (p.until === undefined), { message: 'give exactly one of duration_min or until (overrides always expire)' }),
  clear_override: z.strictObject({}),
  set_drought_level: z.strictObject({ level: z.enum(DROUGHT_LEVELS as [DroughtLevel, ...DroughtLevel[]]), until: z.number().int().positive().optional() }),
  forecast: z.strictObject({ rain_mm: z.number().min(0).max(1000) }),
};
type RuleCommand = keyof typeof schemas;

/**
 * Downstream commands that change RULE STATE rather than actuate once: lamp overrides (kept by
 * the lighting rules, persisted, fall back to the program at expiry), clearing them, the drought
 * level, the forecast hint. Everything else goes to `next` (e.g. the downstream GovernorCommandSink
 * for valves and one-off levels). Chain it first: `new RulesCommandSink(rules, clock, governorSink)`.
 */
export class RulesCommandSink implements CommandSink {
  constructor(
    private readonly rules: Pick<RulesRuntime, 'lighting' | 'irrigation'>,
    private readonly clock: Clock,
    private readonly next: CommandSink,
    private readonly source = 'hypervisor',
  ) {}

  async submit(message: DownstreamMessage): Promise<SinkOutcome> {
    if (message.kind !== 'commands' || !(message.body.command in schemas)) return this.next.submit(message);
    const command = message.body.command as RuleCommand;
    const parsed = schemas[command].safeParse(message.body.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { status: 'refused', detail: `${command} params${issue.path.length ? '.' + issue.path.join('.') : ''}: ${issue.message}` };
    }
    const target = message.body.device_id ?? `group:${message.body.group}`;
    const now = this.clock.now();
    switch (command) {
      case 'override': {
        const p = parsed.data as z.infer<typeof schemas.override>;
        const expiry = p.until ?? now + p.duration_min! * 60_000;
        const error = await this.rules.lighting.setOverride({ target, level: p.level, start: now, expiry, source: this.source });
        return error ? { status: 'refused', detail: error } : { status: 'accepted', detail: `override ${target} at ${p.level} % until ${new Date(expiry).toISOString()}` };
      }
      case 'clear_override':
        await this.rules.lighting.clearOverride(target);
        return { status: 'accepted', detail: `override of ${target} cleared; program resumes` };
      case 'set_drought_level': {
        const p = parsed.data as z.infer<typeof schemas.set_drought_level>;
        this.rules.irrigation.setDroughtLevel(p.level, this.source, p.until);
        return { status: 'accepted', detail: `drought level ${p.level}${p.until ? ` until ${new Date(p.until).toISOString()}` : ''}` };
      }
      case 'forecast': {
        this.rules.irrigation.setForecast((parsed.data as z.infer<typeof schemas.forecast>).rain_mm);
        return { status: 'accepted', detail: 'forecast hint stored' };
      }
    }
  }
}
