import { describe, expect, it } from 'vitest';
import { StreamCoverage } from '@ardoise/test-bench/receiver';

const recs = (...seqs: number[]): Array<{ seq: number }> => seqs.map((seq) => ({ seq }));

describe('reference receiver coverage (dedup, order, gaps)', () => {
  it('releases in order, drops resent ranges, accepts sparse ranges', () => {
    const cov = new StreamCoverage<{ seq: number }>();
    expect(cov.accept(1, 3, recs(1, 2, 3)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(cov.accept(1, 3, recs(1, 2, 3))).toEqual([]);
    expect(cov.accept(4, 10, recs(5, 9)).map((r) => r.seq)).toEqual([5, 9]);
    expect(cov.report()).toMatchObject({ watermark: 10, released: 5, duplicates: 3, gaps: [] });
  });

  it('holds an early alarm batch, releases everything in order once the gap fills, reports gaps meanwhile', () => {
    const cov = new StreamCoverage<{ seq: number }>();
    expect(cov.accept(7, 7, recs(7))).toEqual([]);
    expect(cov.report().gaps).toEqual([[1, 6]]);
    expect(cov.accept(1, 4, recs(1, 2, 3, 4)).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(cov.report().gaps).toEqual([[5, 6]]);
    expect(cov.accept(5, 8, recs(5, 6, 7, 8)).map((r) => r.seq)).toEqual([5, 6, 7, 8]);
    expect(cov.report()).toMatchObject({ watermark: 8, released: 8, duplicates: 1, early: 1, gaps: [] });
  });

  it('counts a batch whose records are out of order or outside its range as malformed and releases nothing', () => {
    const cov = new StreamCoverage<{ seq: number }>();
    expect(cov.accept(1, 3, recs(2, 1))).toEqual([]);
    expect(cov.accept(1, 3, recs(4))).toEqual([]);
    expect(cov.accept(5, 4, [])).toEqual([]);
    expect(cov.report()).toMatchObject({ malformed: 3, watermark: 0 });
  });
});
