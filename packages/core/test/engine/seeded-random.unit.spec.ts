import { expect } from 'chai';
import { seededRandom } from '../../src/engine/seeded-random';

const take = (next: () => number, n: number) => Array.from({ length: n }, () => next());

describe('engine/seeded-random', () => {
  it('gives the same numbers for the same seed, in [0, 1)', () => {
    const a = take(seededRandom('w1'), 1_000);
    expect(take(seededRandom('w1'), 1_000)).to.deep.equal(a);
    for (const x of a) expect(x).to.be.at.least(0).and.below(1);
    expect(new Set(a).size).to.be.above(990);
  });

  it('gives different numbers for different seeds', () => {
    const seen = new Set(['', 'w1', 'w2', '1w', 'w10', 'BankWorkflow-w1'].map((seed) => seededRandom(seed)()));
    expect(seen.size).to.equal(6);
  });

  it('spreads numbers roughly evenly', () => {
    const buckets = new Array<number>(10).fill(0);
    for (const x of take(seededRandom('spread'), 10_000)) buckets[Math.floor(x * 10)]!++;
    for (const count of buckets) expect(count).to.be.within(800, 1_200);
  });
});
