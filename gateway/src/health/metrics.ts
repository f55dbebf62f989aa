/**
 * A tiny Prometheus registry (text exposition format 0.0.4). No global default registry: each
 * agent owns one, so tests and several agents in one process never share counters.
 */
export type Labels = Record<string, string>;
type Sample = { labels: Labels; value: number };

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples(): Sample[] | string[];
}

const labelKey = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export class Counter {
  private readonly values = new Map<string, Sample>();
  inc(by = 1, labels: Labels = {}): void {
    const key = labelKey(labels);
    const sample = this.values.get(key) ?? { labels, value: 0 };
    sample.value += by;
    this.values.set(key, sample);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels))?.value ?? 0;
  }
  samples(): Sample[] {
    return [...this.values.values()];
  }
}

export class Gauge {
  private readonly values = new Map<string, Sample>();
  constructor(private readonly collect?: () => Sample[]) {}
  set(value: number, labels: Labels = {}): void {
    this.values.set(labelKey(labels), { labels, value });
  }
  samples(): Sample[] {
    return this.collect ? this.collect() : [...this.values.values()];
  }
}

export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.buckets.forEach((le, i) => {
      if (value <= le) this.counts[i]! += 1;
    });
  }
  get total(): number {
    return this.count;
  }
  lines(name: string): string[] {
    const lines = this.buckets.map((le, i) => `${name}_bucket{le="${le}"} ${this.counts[i]}`);
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return lines;
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string): Counter {
    const counter = new Counter();
    this.add({ name, help, type: 'counter', samples: () => counter.samples() });
    return counter;
  }

  /** A counter owned elsewhere (e.g. the store's eviction total), read at scrape time. */
  counterFrom(name: string, help: string, collect: () => number | Sample[]): void {
    this.add({ name, help, type: 'counter', samples: () => normalize(collect()) });
  }

  /** A gauge set by code, or computed at scrape time by `collect`. */
  gauge(name: string, help: string, collect?: () => number | Sample[]): Gauge {
    const gauge = new Gauge(collect ? () => normalize(collect()) : undefined);
    this.add({ name, help, type: 'gauge', samples: () => gauge.samples() });
    return gauge;
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    const histogram = new Histogram(buckets);
    this.add({ name, help, type: 'histogram', samples: () => histogram.lines(name) });
    return histogram;
  }

  /** Prometheus text format; a failing collector yields no samples rather than a broken scrape. */
  render(): string {
    const out: string[] = [];
    for (const family of this.families.values()) {
      out.push(`# HELP ${family.name} ${family.help.replace(/\n/g, ' ')}`, `# TYPE ${family.name} ${family.type}`);
      let samples: Sample[] | string[] = [];
      try {
        samples = family.samples();
      } catch {
        samples = [];
      }
      for (const s of samples) out.push(typeof s === 'string' ? s : `${family.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    }
    return `${out.join('\n')}\n`;
  }

  private add(family: Family): void {
    if (!NAME.test(family.name)) throw new Error(`metrics: invalid metric name "${family.name}"`);
    if (this.families.has(family.name)) throw new Error(`metrics: "${family.name}" registered twice`);
    this.families.set(family.name, family);
  }
}

function normalize(value: number | Sample[]): Sample[] {
  return typeof value === 'number' ? [{ labels: {}, value }] : value;
}
