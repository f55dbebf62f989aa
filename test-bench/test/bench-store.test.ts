/**
 * `ardoise bench store --quick` runs and reports the figures issue 2 asks for (shape only, no
 * timing threshold: see bench-quick.ts), and leaves no child process (the bundled agent and the
 * cold-start child) or open socket behind.
 */
import { describe, expect, it } from 'vitest';
import { expectFigures, runQuick } from './bench-quick';

describe('bench store --quick', () => {
  it('reports ingest vs raw, bytes per reading, agent RSS (with its breakdown, and without the unit\'s Node flags) and start-to-ready, then cleans up', async () => {
    const { report, leftovers, openHandles } = await runQuick('store');
    expectFigures(report, 'store', [
      { name: /^durable ingest \(GroupCommitter, NORMAL\), median of \d+ rounds/, unit: 'readings/s', target: '>= 50000' },
      { name: /^durable\/raw ratio, median of \d+ interleaved pairs \(range /, unit: 'durable/raw', target: '>= 0.5', ratio: true },
      { name: /^bytes per reading on disk \(4 measurements, indexes included\)$/, unit: 'B', target: '<= 80' },
      { name: /^agent RSS after storing [\d,]+ readings through the pipeline \(node --optimize-for-size, as ardoise.service\)/, unit: 'MB', target: '<= 150', ratio: true },
      { name: /^agent peak RSS during that ingest/, unit: 'MB' },
      { name: /^agent V8 heap committed after [\d,]+ readings and a GC, median run \(used [\d.]+ MB\)$/, unit: 'MB', ratio: true },
      { name: /^agent RssAnon after /, unit: 'MB' },
      { name: /^agent RssFile after /, unit: 'MB' },
      { name: /^agent ingest rate through pipeline.ingestDecoded/, unit: 'readings/s' },
      { name: /^same agent without Node flags: RSS after /, unit: 'MB', ratio: true },
      { name: /^same agent without Node flags: ingest rate/, unit: 'readings/s', ratio: true },
      { name: /^start to ready, in process, /, unit: 'ms', target: '<= 2000' },
      { name: /^start to ready, cold node process/, unit: 'ms', target: '<= 2000' },
    ]);
    expect(leftovers).toEqual([]);
    // esbuild (which bundles the children) keeps its own service process for reuse: not the
    // bench's; the bench's children are covered by `leftovers` (they name the scratch folder).
    expect(openHandles.filter((kind) => kind !== 'ProcessWrap')).toEqual([]);
  });
});
