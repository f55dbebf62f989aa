/**
 * Openings commanded but not yet visible in the valve's volume counter. The daily cap holds back
 * what an opening may still deliver (its volume limit minus what the counter has shown since the
 * command), so the cap is never exceeded (conservative).
 *
 * A class A valve hears its downlink only after its next uplink, and that uplink still shows the
 * OLD state (closed): such a report must not release the volume of the new opening. An opening
 * therefore stays pending until the valve proves it is over: it reported open since the command
 * and now reports closed; or its counter shows the opening's whole volume (self-close on volume);
 * or it reports closed after the opening's self-close time in a report that is not the first one
 * since the command (the first may predate the downlink, and a downlink heard late starts its
 * self-close timer late). A valve that stays silent keeps its opening held back until the end of
 * the irrigation day the opening belongs to.
 */
interface Opening {
  litres: number;
  /** Device-side self-close time of the opening. */
  until: number;
  /** When it was commanded: reports observed before this predate it. */
  at: number;
  /** Irrigation day of the opening. */
  day: string;
  /** The valve's counter (L) when commanded, if known, and what it has delivered since. */
  baseL?: number;
  deliveredL: number;
  /** The valve has reported open since the command. */
  seenOpen: boolean;
  /** Reports received since the command. */
  reports: number;
}

export class InFlightOpenings {
  /** zone → valve → pending opening. */
  private readonly byZone = new Map<string, Map<string, Opening>>();
  private readonly zoneOfValve = new Map<string, string>();
  /** Last counter value each valve reported (L). */
  private readonly counters = new Map<string, number>();

  /** An opening was commanded to a valve; what a pending one of the same day may still deliver stays held back with it. */
  commanded(valveId: string, zoneId: string, litres: number, at: number, until: number, day: string): void {
    let zone = this.byZone.get(zoneId);
    if (!zone) this.byZone.set(zoneId, (zone = new Map()));
    const prev = zone.get(valveId);
    const carried = prev && prev.day === day ? remaining(prev) : 0;
    const baseL = this.counters.get(valveId);
    zone.set(valveId, { litres: litres + carried, until, at, day, ...(baseL !== undefined ? { baseL } : {}), deliveredL: 0, seenOpen: false, reports: 0 });
    this.zoneOfValve.set(valveId, zoneId);
  }

  /** A valve's report of its own state (at: when the valve observed it; counterL: its volume counter, if reported). */
  reported(valveId: string, at: number, open: boolean | undefined, counterL?: number): void {
    if (counterL !== undefined) this.counters.set(valveId, counterL);
    const zone = this.byZone.get(this.zoneOfValve.get(valveId) ?? '');
    const o = zone?.get(valveId);
    if (!zone || !o || at < o.at) return;
    o.reports++;
    if (counterL !== undefined && o.baseL !== undefined && counterL >= o.baseL) o.deliveredL = counterL - o.baseL;
    if (open === true) o.seenOpen = true;
    else if (open === false && (o.seenOpen || remaining(o) === 0 || (at >= o.until && o.reports >= 2))) zone.delete(valveId);
  }

  /** Litres held back for a zone on an irrigation day (openings of earlier days are dropped). */
  litres(zoneId: string, day: string): number {
    const zone = this.byZone.get(zoneId);
    if (!zone) return 0;
    let sum = 0;
    for (const [id, o] of zone) {
      if (o.day === day) sum += remaining(o);
      else if (o.day < day) zone.delete(id);
    }
    return sum;
  }
}

const remaining = (o: Opening) => Math.max(0, o.litres - o.deliveredL);
