/**
 * Per (gateway_id, stream) bookkeeping of an idempotent receiver. Batches carry the seq range
 * [firstSeq, lastSeq] they cover (records inside may be sparse). The receiver releases records
 * strictly in seq order as the covered prefix (the watermark) grows, drops anything at or below
 * the watermark as a duplicate, and holds batches that arrive ahead of a gap until it is filled.
 *
 * In production this state belongs in the cloud database (unique key (gateway_id, stream, seq)
 * plus the watermark) so several receivers of a shared subscription agree; here it is in memory.
 */
export interface SeqRecord {
  seq: number;
}

interface Held<R> {
  firstSeq: number;
  lastSeq: number;
  records: R[];
}

export interface CoverageReport {
  watermark: number;
  released: number;
  duplicates: number;
  /** Batches that arrived ahead of a gap (e.g. alarms sent first): their records are released later, in order. */
  early: number;
  /** Records whose seq broke the order inside a batch, or a batch with firstSeq > lastSeq. */
  malformed: number;
  /** Ranges still missing below the highest seq seen. */
  gaps: Array<[number, number]>;
}

export class StreamCoverage<R extends SeqRecord> {
  private watermark: number;
  private released = 0;
  private duplicates = 0;
  private early = 0;
  private malformed = 0;
  private readonly held = new Map<number, Held<R>>();

  constructor(startAfter = 0) {
    this.watermark = startAfter;
  }

  /** Feeds one batch; returns the records now releasable, in seq order. */
  accept(firstSeq: number, lastSeq: number, records: readonly R[]): R[] {
    if (firstSeq > lastSeq || !increasingWithin(records, firstSeq, lastSeq)) {
      this.malformed++;
      return [];
    }
    if (lastSeq <= this.watermark) {
      this.duplicates += records.length;
      return [];
    }
    if (firstSeq > this.watermark + 1) {
      this.early++;
      const current = this.held.get(firstSeq);
      if (!current || current.lastSeq < lastSeq) this.held.set(firstSeq, { firstSeq, lastSeq, records: [...records] });
      return [];
    }
    const out = this.release({ firstSeq, lastSeq, records: [...records] });
    return out.concat(this.drainHeld());
  }

  report(): CoverageReport {
    return {
      watermark: this.watermark,
      released: this.released,
      duplicates: this.duplicates,
      early: this.early,
      malformed: this.malformed,
      gaps: this.gaps(),
    };
  }

  private release(batch: Held<R>): R[] {
    const fresh = batch.records.filter((r) => r.seq > this.watermark);
    this.duplicates += batch.records.length - fresh.length;
    this.released += fresh.length;
    this.watermark = batch.lastSeq;
    return fresh;
  }

  private drainHeld(): R[] {
    const out: R[] = [];
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const [key, batch] of this.held) {
        if (batch.lastSeq <= this.watermark) {
          this.duplicates += batch.records.length;
          this.held.delete(key);
        } else if (batch.firstSeq <= this.watermark + 1) {
          this.held.delete(key);
          out.push(...this.release(batch));
          progressed = true;
        }
      }
    }
    return out;
  }

  private gaps(): Array<[number, number]> {
    const ahead = [...this.held.values()].sort((a, b) => a.firstSeq - b.firstSeq);
    const gaps: Array<[number, number]> = [];
    let covered = this.watermark;
    for (const batch of ahead) {
      if (batch.firstSeq > covered + 1) gaps.push([covered + 1, batch.firstSeq - 1]);
      covered = Math.max(covered, batch.lastSeq);
    }
    return gaps;
  }
}

function increasingWithin(records: readonly SeqRecord[], firstSeq: number, lastSeq: number): boolean {
  let previous = firstSeq - 1;
  for (const r of records) {
    if (r.seq <= previous || r.seq > lastSeq) return false;
    previous = r.seq;
  }
  return true;
}
