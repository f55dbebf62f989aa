/**
 * `ardoise bench store --quick` runs and reports the figures issue 2 asks for (shape only, no
 * timing threshold: see bench-quick.ts), and leaves no child process (the bundled agent and the
 * cold-start child) or open socket behind.
 */
import { describe, expect, it } from 'vitest';
import { expectFigures, runQuick } from './bench-quick';

describe('bench store --quick', () => {
  it('reports ingest vs raw, bytes per reading, agent RSS and start-to-ready, then cleans up', async () => {
    const { report, leftovers, openHandles } = await runQuick('store');
    expectFigures(report, 'store', [
      { name: /^durable ingest \(GroupCommitter, NORMAL\), median of \d+ rounds/, unit: 'readings/s', target: '>= 50000' },
      { name: /^durable\/raw ratio, median of \d+ interleaved pairs \(range /, unit: 'durable/raw', target: '>= 0.5', ratio: true },
      { name: /^bytes per reading on disk \(4 measurements, indexes included\)$/, unit: 'B', target: '<= 80' },
      { name: /^agent RSS after storing [\d,]+ readings through the pipeline/, unit: 'MB', target: '<= 150', ratio: true },
      { name: /^start to ready, in process, /, unit: 'ms', target: '<= 2000' },
      { name: /^start to ready, cold node process/, unit: 'ms', target: '<= 2000' },
    ]);
    expect(leftovers).toEqual([]);
    // esbuild (which bundles the children) keeps its own service process for reuse: not the
    // bench's; the bench's children are covered by `leftovers` (they name the scratch folder).
    expect(openHandles.filter((kind) => kind !== 'ProcessWrap')).toEqual([]);
  });
});
