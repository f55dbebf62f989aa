/**
 * `ardoise bench pipeline --quick` runs and reports what the pipeline costs over the bare group
 * commit (issue 2 §Pipeline), each with its same-run baseline; shape only, no timing threshold.
 */
import { describe, expect, it } from 'vitest';
import { expectFigures, runQuick } from './bench-quick';

describe('bench pipeline --quick', () => {
  it('reports ingestDecoded and ingestFrame against GroupCommitter.submit baselines', async () => {
    const { report, leftovers, openHandles } = await runQuick('pipeline');
    expectFigures(report, 'pipeline', [
      { name: /^readings\/s GroupCommitter\.submit \(baseline\)$/, unit: '/s' },
      { name: /^readings\/s pipeline\.ingestDecoded/, unit: '/s', target: 'ratio >= 0.7', ratio: true },
      { name: /^frames\/s pipeline\.ingestFrame/, unit: '/s', target: '>= 20000 (LoRaWAN path needs 10000)', ratio: true },
    ]);
    expect(leftovers).toEqual([]);
    expect(openHandles).toEqual([]);
  });
});
