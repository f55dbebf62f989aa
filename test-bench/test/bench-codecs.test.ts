/**
 * `ardoise bench codecs` runs end to end in --quick mode and reports every figure the issue asks
 * for, each finite, with its target and (where it has one) its same-run baseline ratio. No timing
 * threshold here: speed belongs to the benchmark's own report, not to a test on a shared machine.
 */
import { describe, expect, it } from 'vitest';
import { CODECS_TARGET_FIGURES } from '../src/bench/codecs';
import { formatReport } from '../src/bench/index';
import { runQuick } from './bench-quick';

describe('bench codecs --quick', () => {
  it('is registered and reports every target figure, finite, with the part baselines', async () => {
    const { report, leftovers, openHandles } = await runQuick('codecs');
    expect(report.suite).toBe('codecs');
    expect(leftovers).toEqual([]);
    expect(openHandles).toEqual([]);
    for (const f of report.figures) {
      expect(Number.isFinite(f.value), f.name).toBe(true);
      if (f.ratio !== undefined) expect(Number.isFinite(f.ratio) && f.ratio > 0, f.name).toBe(true);
    }
    for (const pattern of CODECS_TARGET_FIGURES) {
      const figure = report.figures.find((f) => pattern.test(f.name));
      expect(figure, String(pattern)).toBeDefined();
      expect(figure!.target, figure!.name).toBeTruthy();
      expect(typeof figure!.ok, figure!.name).toBe('boolean');
    }
    const names = report.figures.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['hand-written DataView decode (baseline)', 'direct in-process decodeUplink (baseline)', 'JSON stringify+parse (baseline)']));
    expect(report.notes?.[0]).toMatch(/targets/);
    expect(formatReport(report)).toContain('== bench codecs');
  });
});
