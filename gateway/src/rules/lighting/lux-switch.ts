import type { SensorSettings } from './types';

/**
 * Light-sensor verdict with hysteresis: dark below onLux, bright again only above offLux,
 * so a value hovering around one threshold does not flap the lamps. A reading older than
 * `staleAfterMs` makes the verdict undefined (the astronomical clock takes over).
 */
export class LuxSwitch {
  private dark: boolean | undefined;
  private lastAt = -Infinity;

  constructor(
    private readonly settings: SensorSettings,
    private readonly staleAfterMs: number,
  ) {
    if (!(settings.offLux > settings.onLux)) throw new RangeError(`light sensor: off_lux (${settings.offLux}) must be greater than on_lux (${settings.onLux})`);
  }

  update(lux: number, at: number): void {
    if (!Number.isFinite(lux) || lux < 0) return;
    if (lux < this.settings.onLux) this.dark = true;
    else if (lux > this.settings.offLux) this.dark = false;
    else if (this.dark === undefined) this.dark = lux < (this.settings.onLux + this.settings.offLux) / 2;
    this.lastAt = Math.max(this.lastAt, at);
  }

  verdict(now: number): boolean | undefined {
    return now - this.lastAt > this.staleAfterMs ? undefined : this.dark;
  }
}
