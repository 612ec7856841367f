import { expect } from 'chai';
import { runClosedLoop } from '../../src/bank/closed-loop';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('closed loop', () => {
  it('never has more than inFlight workflows running, and waits for the last ones', async () => {
    let running = 0;
    let most = 0;
    let finished = 0;
    const result = await runClosedLoop({
      inFlight: 7, warmupMs: 5, measureMs: 20,
      runOne: async () => {
        most = Math.max(most, ++running);
        await nextTurn();
        running--;
        finished++;
      },
    });
    expect(most).to.equal(7);
    expect(running).to.equal(0);
    expect(result.workflows).to.be.at.most(finished);
    expect(result.latency.count).to.equal(result.workflows);
    expect(result.failures).to.equal(0);
  });

  it('counts failures and keeps the first one', async () => {
    let n = 0;
    const result = await runClosedLoop({
      inFlight: 1, warmupMs: 0, measureMs: 10,
      runOne: async () => {
        await nextTurn();
        if (n++ % 2 === 0) throw new Error(`boom ${n}`);
      },
    });
    expect(result.failures).to.be.greaterThan(0);
    expect(result.firstFailure).to.equal('Error: boom 1');
  });

  it('gives up on workflows that never finish, naming the level', async () => {
    const error = await runClosedLoop({ inFlight: 3, warmupMs: 0, measureMs: 5, drainTimeoutMs: 20, runOne: () => new Promise<void>(() => undefined) })
      .then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/at 3 in flight: workflows still running 20 ms after the window closed/);
  });
});
