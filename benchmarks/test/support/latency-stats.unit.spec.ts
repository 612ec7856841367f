import { expect } from 'chai';
import { latencyStats, median, percentile } from '../../src/support/latency-stats';

describe('latency stats', () => {
  it('takes nearest-rank percentiles of sorted values', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).to.equal(50);
    expect(percentile(sorted, 99)).to.equal(99);
    expect(percentile(sorted, 100)).to.equal(100);
    expect(percentile(sorted, 0)).to.equal(1);
  });

  it('answers NaN for no samples rather than a made-up figure', () => {
    expect(percentile([], 50)).to.be.NaN;
    expect(latencyStats([]).p50Ms).to.be.NaN;
  });

  it('summarises unsorted samples without changing them, rounded to the microsecond', () => {
    const samples = [3.00049, 1, 2, 10, 4];
    const stats = latencyStats(samples);
    expect(stats).to.deep.equal({ count: 5, meanMs: 4, p50Ms: 3, p90Ms: 10, p99Ms: 10, maxMs: 10 });
    expect(samples).to.deep.equal([3.00049, 1, 2, 10, 4]);
  });

  it('sorts numerically, not as strings', () => {
    expect(median([10, 9, 100, 2, 1])).to.equal(9);
  });
});
