import { expect } from 'chai';
import { javaStringHash, partitionForKey, partitionTopic } from '../../src/client';

describe('partition routing', () => {
  it('hashes keys exactly as Java String.hashCode', () => {
    expect(javaStringHash('')).to.equal(0);
    expect(javaStringHash('hello')).to.equal(99_162_322);
    expect(javaStringHash('Aa')).to.equal(javaStringHash('BB'));
    expect(javaStringHash('polygenelubricants')).to.equal(-2_147_483_648);
    expect(javaStringHash('héllo wörld')).to.equal(1_628_148_953); // 32-bit wrap-around, checked with BigInt
  });

  it('picks a partition with a sign-safe modulo, like Pulsar\'s default router', () => {
    expect(partitionForKey('polygenelubricants', 3)).to.equal(1);
    expect(partitionForKey('hello', 4)).to.equal(99_162_322 % 4);
    for (const key of ['a', 'b', 'workflow-42', 'ü']) {
      const p = partitionForKey(key, 7);
      expect(p).to.be.within(0, 6);
    }
  });

  it('names partitions as <topic>-partition-<i>', () => {
    expect(partitionTopic('persistent://public/default/t', 2)).to.equal('persistent://public/default/t-partition-2');
  });
});
