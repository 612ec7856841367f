import { expect } from 'chai';
import { serializable } from '../../src/engine/serializable';
import { HostedDeferred, RejectionTracker } from '../../src/engine/workflow-host';
import { turn } from '../support/history';

describe('engine/workflow-host', () => {
  it('reports a callback that throws on a step when nobody handles what it returns', async () => {
    const tracker = new RejectionTracker();
    const step = new HostedDeferred<number>(tracker);
    void step.then(() => {
      throw new Error('callback bug');
    });
    step.complete(1);
    await turn();
    expect((tracker.unhandled()?.error as Error).message).to.equal('callback bug');
  });

  it('does not report a rejection the code awaits and catches', async () => {
    const tracker = new RejectionTracker();
    const step = new HostedDeferred<number>(tracker);
    const caught = (async () => {
      try {
        await step.then(() => {
          throw new Error('handled');
        });
      } catch {
        return 'caught';
      }
      return 'not thrown';
    })();
    step.complete(1);
    expect(await caught).to.equal('caught');
    await turn();
    expect(tracker.unhandled()).to.equal(undefined);
  });

  it('forgets the promises of steps that completed, so later steps do not pay for earlier ones', async () => {
    const tracker = new RejectionTracker();
    for (let i = 0; i < 100; i++) {
      const step = new HostedDeferred<number>(tracker);
      void step.then((n) => n + 1);
      step.complete(i);
    }
    await turn();
    expect(tracker.unhandled()).to.equal(undefined);
    expect(tracker.watching).to.equal(0);
  });

  it('looks at no pending promise when it looks for rejections, so a wide fan-out costs nothing per step', async () => {
    const tracker = new RejectionTracker();
    let looks = 0;
    const watched = (promise: object) => {
      let rejection: unknown;
      Object.defineProperty(promise, 'rejection', { get: () => (looks++, rejection), set: (value: unknown) => (rejection = value) });
    };
    const pending = Array.from({ length: 1_000 }, () => new HostedDeferred<number>(tracker));
    for (const step of pending) watched(step.then((n) => n));
    const failing = new HostedDeferred<number>(tracker);
    void failing.then(() => {
      throw new Error('one of many');
    });
    failing.complete(1);
    await turn();
    expect((tracker.unhandled()?.error as Error).message).to.equal('one of many');
    expect(looks).to.equal(0);
    expect(tracker.watching).to.equal(1_000);
  });

  it('reports the first unhandled rejection in the order the code derived them, and keeps watching the pending ones', async () => {
    const tracker = new RejectionTracker();
    const [early, first, second, late] = [0, 1, 2, 3].map(() => new HostedDeferred<number>(tracker));
    void early!.then((n) => n);
    void late!.then(() => {
      throw new Error('late');
    });
    void first!.then(() => {
      throw new Error('first');
    });
    void second!.then(() => {
      throw new Error('second');
    });
    second!.complete(2);
    first!.complete(1);
    early!.complete(0);
    await turn();
    expect((tracker.unhandled()?.error as Error).message).to.equal('first');
    expect(tracker.watching).to.equal(1);
    late!.complete(3);
    await turn();
    expect((tracker.unhandled()?.error as Error).message).to.equal('late');
    expect(tracker.watching).to.equal(0);
    expect(tracker.unhandled()).to.equal(undefined);
  });

  it('turns what JSON cannot carry into UnserializableValueError, and copies what it can', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [BigInt(1), cycle, () => 1]) expect(() => serializable(value, 'the result')).to.throw().with.property('code', 'UNSERIALIZABLE');
    expect(serializable({ a: [1, 'x', null], b: undefined }, 'the result')).to.deep.equal({ a: [1, 'x', null] });
    expect(serializable(undefined, 'the result')).to.equal(null);
  });
});
