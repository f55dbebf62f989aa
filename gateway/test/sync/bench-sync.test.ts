import { describe, expect, it } from 'vitest';
import { suites } from '@ardoise/test-bench/bench';
import { tempDir } from './helpers';

describe('bench sync --quick', () => {
  it('runs and reports drain rate, wire bytes and pull API figures', async () => {
    const tmp = await tempDir('ardoise-bench-sync-');
    try {
      const suite = await suites.sync!();
      const report = await suite({ quick: true, workDir: tmp.dir, log: () => undefined });
      expect(report.suite).toBe('sync');
      // drain, outbox work alone, end-to-end with the receiver, wire bytes, pull API
      expect(report.figures.map((f) => f.unit)).toEqual(['readings/s', 'readings/s', 'readings/s', 'B', 'readings/s']);
      for (const figure of report.figures) expect(figure.value).toBeGreaterThan(0);
      expect(report.figures.find((f) => f.unit === 'B')!.ratio).toBeLessThan(0.35);
    } finally {
      await tmp.cleanup();
    }
  });
});
