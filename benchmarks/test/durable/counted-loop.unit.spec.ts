import { expect } from 'chai';
import { runCountedLoop } from '../../src/durable/counted-loop';
import { durableTarget } from '../../src/durable/durable-bank-setup';
import { durableLoads, FULL_DURABLE_LOADS, loadText } from '../../src/durable/durable-loads';

describe('the counted closed loop', () => {
  it('runs the warm-up, then exactly the measured workflows, never more than inFlight at once', async () => {
    const seen: number[] = [];
    const events: string[] = [];
    let running = 0;
    let most = 0;
    const result = await runCountedLoop({
      load: { inFlight: 3, workflows: 10, warmup: 4 },
      runOne: async (n) => {
        running++;
        most = Math.max(most, running);
        seen.push(n);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
      },
      onWindowOpen: async () => void events.push(`open after ${seen.length}`),
      onWindowClose: async (finished) => void events.push(`close with ${finished}`),
    });
    expect([...seen].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 14 }, (_, i) => i));
    expect(most).to.equal(3);
    expect(events).to.deep.equal(['open after 4', 'close with 10']);
    expect(result.workflows).to.equal(10);
    expect(result.latency.count).to.equal(10);
    expect(result.failures).to.equal(0);
    expect(result.workflowsPerSecond).to.be.greaterThan(0);
  });

  it('counts failures (the first one named) and leaves them out of the latencies', async () => {
    const result = await runCountedLoop({
      load: { inFlight: 2, workflows: 6, warmup: 0 },
      runOne: async (n) => {
        if (n % 3 === 0) throw new TypeError(`boom ${n}`);
      },
    });
    expect(result.failures).to.equal(2);
    expect(result.firstFailure).to.equal('TypeError: boom 0');
    expect(result.workflows).to.equal(4);
  });

  it('refuses a load that is not whole and positive', async () => {
    for (const load of [{ inFlight: 0, workflows: 1, warmup: 0 }, { inFlight: 1, workflows: 1.5, warmup: 0 }, { inFlight: 1, workflows: 1, warmup: -1 }]) {
      let error: unknown;
      await runCountedLoop({ load, runOne: async () => undefined }).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(RangeError);
    }
  });

  it('has the loads of issue 13 at full scale', () => {
    expect(FULL_DURABLE_LOADS.map(loadText)).to.deep.equal(['300 @ 1', '2,000 @ 100', '3,000 @ 300']);
    expect(durableLoads('quick').every((l) => l.workflows < 300)).to.equal(true);
  });
});

describe('the durable targets', () => {
  it('reads 300 in flight against 2,000 wf/s and one at a time against a 5 ms p50, and nothing else', () => {
    expect(durableTarget({ inFlight: 300, workflowsPerSecond: 2_000, p50Ms: 900 })).to.equal('≥ 2,000 wf/s ✓');
    expect(durableTarget({ inFlight: 300, workflowsPerSecond: 386, p50Ms: 1 })).to.equal('≥ 2,000 wf/s ✗');
    expect(durableTarget({ inFlight: 1, workflowsPerSecond: 30, p50Ms: 29 })).to.equal('p50 ≤ 5 ms ✗');
    expect(durableTarget({ inFlight: 1, workflowsPerSecond: 300, p50Ms: 4.9 })).to.equal('p50 ≤ 5 ms ✓');
    expect(durableTarget({ inFlight: 100, workflowsPerSecond: 1, p50Ms: 1 })).to.equal(undefined);
  });
});
