import { expect } from 'chai';
import { runCountedLoop } from '../../src/durable/counted-loop';
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
