/**
 * `ardoise bench rules` runs end to end in --quick mode and reports every figure issue 5 asks for
 * (decision latency p99 at 1,000 readings/s, a simulated year of 1,000 lamps + 50 zones), each
 * finite, with its target and same-run baseline. No timing threshold here: speed belongs to the
 * benchmark's own report, not to a test on a shared machine.
 */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../src/bench/index';
import { runQuick } from './bench-quick';

describe('bench rules --quick', () => {
  it('is registered and reports latency and simulated-year figures, finite, with targets and baselines', async () => {
    const { report, logs, leftovers, openHandles } = await runQuick('rules');
    expect(report.suite).toBe('rules');
    expect(leftovers).toEqual([]);
    expect(openHandles).toEqual([]);
    for (const f of report.figures) {
      expect(Number.isFinite(f.value), f.name).toBe(true);
      if (f.ratio !== undefined) expect(Number.isFinite(f.ratio) && f.ratio > 0, f.name).toBe(true);
    }
    const byName = (re: RegExp) => {
      const f = report.figures.find((x) => re.test(x.name));
      expect(f, String(re)).toBeDefined();
      return f!;
    };
    for (const re of [/p99 @1000\/s/, /365 days/]) {
      const f = byName(re);
      expect(f.target, f.name).toBeTruthy();
      expect(typeof f.ok, f.name).toBe('boolean');
      expect(f.baseline, f.name).toBeTruthy();
    }
    expect(byName(/readings processed/).value).toBeGreaterThan(0);
    expect(byName(/^simulate 14 days/).value).toBeGreaterThan(0);
    expect(byName(/lighting savings/).value).toBeGreaterThan(0);
    expect(byName(/water used/).value).toBeGreaterThan(0);
    expect(logs.some((l) => /simulated 14 days/.test(l))).toBe(true);
    expect(formatReport(report)).toContain('== bench rules');
  }, 120_000);
});
