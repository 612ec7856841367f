import { expect } from 'chai';
import { actionTime, bucketFor, bucketNamed, DELAY_BUCKETS, delayTopic } from '../src';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('delay buckets', () => {
  it('chooses a bucket by how far off the message is', () => {
    expect(bucketFor(0).name).to.equal('s');
    expect(bucketFor(1 * SECOND).name).to.equal('s');
    expect(bucketFor(10 * SECOND).name).to.equal('s');
    expect(bucketFor(10 * SECOND + 1).name).to.equal('m');
    expect(bucketFor(4 * MINUTE).name).to.equal('m');
    expect(bucketFor(30 * MINUTE).name).to.equal('h');
    expect(bucketFor(3 * 24 * HOUR).name).to.equal('d');
    expect(bucketFor(-5).name, 'already due').to.equal('s');
  });

  it('puts a one-second delay and a days-long one on different topics', () => {
    expect(delayTopic('p', bucketFor(SECOND))).to.not.equal(delayTopic('p', bucketFor(3 * 24 * HOUR)));
    expect(delayTopic('cadenza.delay', bucketFor(SECOND))).to.equal('cadenza.delay.s');
  });

  it('acts on a short-bucket message exactly when it is due', () => {
    const s = bucketNamed('s')!;
    expect(actionTime(s, 5_000, 1_000)).to.equal(5_000);
  });

  it('moves a message to a shorter bucket as soon as it fits there', () => {
    const m = bucketNamed('m')!;
    const held = 0;
    const due = 2 * MINUTE;
    expect(actionTime(m, due, held)).to.equal(due - 10 * SECOND);
    expect(bucketFor(due - actionTime(m, due, held)).name).to.equal('s');
  });

  it('holds a days-long message no longer than its bucket allows', () => {
    const d = bucketNamed('d')!;
    expect(actionTime(d, 3 * 24 * HOUR, 0)).to.equal(d.maxHoldMs);
    expect(actionTime(d, 2 * HOUR + MINUTE, 0)).to.equal(MINUTE);
  });

  it('never holds a message past its due time, nor acts before it was read', () => {
    for (const bucket of DELAY_BUCKETS) {
      for (const due of [0, 500, 20 * SECOND, 20 * MINUTE, 5 * HOUR]) {
        const at = actionTime(bucket, due, 100);
        expect(at, `${bucket.name} ${due}`).to.be.at.most(Math.max(due, 100));
        expect(at, `${bucket.name} ${due}`).to.be.at.least(Math.min(due, 100));
      }
    }
  });

  it('knows its buckets by name only', () => {
    expect(bucketNamed('x')).to.equal(undefined);
    expect(DELAY_BUCKETS.map((b) => b.name)).to.deep.equal(['s', 'm', 'h', 'd']);
  });
});
