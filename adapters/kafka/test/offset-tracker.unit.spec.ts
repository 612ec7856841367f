import { expect } from 'chai';
import { OffsetTracker } from '../src/consume/offset-tracker';

describe('OffsetTracker', () => {
  it('commits only below the lowest unfinished offset', () => {
    const tracker = new OffsetTracker();
    for (const offset of [10, 11, 12, 13]) tracker.add(offset);
    tracker.finish(11);
    tracker.finish(13);
    expect(tracker.committable(), 'offset 10 still runs').to.equal(10);
    tracker.finish(10);
    expect(tracker.committable()).to.equal(12);
    tracker.finish(12);
    expect(tracker.committable()).to.equal(14);
    expect(tracker.pending).to.equal(0);
  });

  it('reports nothing new once an offset is committed', () => {
    const tracker = new OffsetTracker();
    tracker.add(0);
    tracker.add(1);
    tracker.finish(0);
    expect(tracker.committable()).to.equal(1);
    tracker.committedAt(1);
    expect(tracker.committable()).to.equal(undefined);
    tracker.finish(1);
    expect(tracker.committable()).to.equal(2);
  });

  it('commits past gaps the fetch skipped (transaction markers) when nothing is pending', () => {
    const tracker = new OffsetTracker();
    tracker.add(5);
    tracker.fetched(9);
    expect(tracker.committable()).to.equal(5);
    tracker.finish(5);
    expect(tracker.committable()).to.equal(9);
  });

  it('refuses offsets out of order and ignores a batch fetched twice', () => {
    const tracker = new OffsetTracker();
    tracker.add(3);
    expect(() => tracker.add(3)).to.throw(RangeError);
    expect(tracker.accepts(3)).to.equal(false);
    expect(tracker.accepts(4)).to.equal(true);
  });

  it('keeps its answer across many offsets finished in reverse order', () => {
    const tracker = new OffsetTracker();
    for (let i = 0; i < 5_000; i++) tracker.add(i);
    for (let i = 4_999; i >= 1; i--) tracker.finish(i);
    expect(tracker.committable()).to.equal(0);
    tracker.finish(0);
    expect(tracker.committable()).to.equal(5_000);
  });
});
