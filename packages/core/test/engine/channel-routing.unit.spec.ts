import { expect } from 'chai';
import * as t from 'io-ts';
import { firstTakes, routeSignal } from '../../src/engine/channel-routing';
import { signalFor } from '../../src/engine/channel-signal';
import { rebuildState, replay } from '../../src/engine/replay';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import type { HistoryEvent } from '../../src/model/history-events';
import { Deferred } from '../../src/workflow/deferred';
import { Workflow } from '../../src/workflow/workflow';
import { decision, turn, workflowStarted } from '../support/history';
import { record, startLive } from '../support/live-instance';

const signalMessage = (channel: string, value: unknown) => ({ kind: 'SendSignal' as const, workflowName: 'W', workflowId: 'w1', channel, value });

/** Takes an even number, then up to three values, then whatever comes. */
class Picky extends Workflow {
  static readonly channels = { numbers: t.number };
  static readonly maxBufferedSignals = 3;
  async run(): Promise<unknown[]> {
    const numbers = this.channel<number>('numbers');
    const even = await numbers.receive({ filter: (n) => n % 2 === 0 });
    const batch = await numbers.receive({ limit: 3 });
    return [even, batch];
  }
}

describe('engine/channel-routing', () => {
  it('takes buffered values oldest first, up to the limit, skipping those taken in this step and those the filter refuses', () => {
    const buffered = [{ n: 0, value: 1 }, { n: 1, value: 2 }, { n: 2, value: 4 }, { n: 3, value: 6 }];
    expect(firstTakes(buffered, undefined, undefined, 2).map((s) => s.n)).to.deep.equal([0, 1]);
    expect(firstTakes(buffered, new Set([1]), ((v: number) => v % 2 === 0) as (value: never) => boolean, 2).map((s) => s.n)).to.deep.equal([2, 3]);
  });

  it('routes a signal to the first filtered receive that takes it, unless a receive without a filter is before it', () => {
    const filters = new Map<number, (value: unknown) => boolean>([[1, (v) => v === 'a'], [3, (v) => v === 'b']]);
    const line = [{ seq: 1, filtered: true }, { seq: 2, filtered: false }, { seq: 3, filtered: true }];
    expect(routeSignal(line, filters, 'a')).to.equal(1);
    expect(routeSignal(line, filters, 'b')).to.equal(undefined);
    expect(routeSignal([line[0]!, line[2]!], filters, 'b')).to.equal(3);
    expect(routeSignal([line[0]!], filters, 'z')).to.equal(undefined);
  });

  it('records the filtered receive a signal goes to, and a filtered receive that never matched waits', async () => {
    const instance = await startLive(Picky, 'run', []);
    expect(record(instance)).to.deep.equal([{ type: 'ReceiveStarted', seq: 1, channel: 'numbers', filtered: true }]);
    const odd = signalFor(instance, signalMessage('numbers', 3));
    expect(odd).to.deep.equal({ event: { type: 'SignalReceived', channel: 'numbers', value: 3 } });
    const history: HistoryEvent[] = [workflowStarted('Picky', 'run', []), { type: 'ReceiveStarted', seq: 1, channel: 'numbers', filtered: true }];
    for (const value of [3, 4]) {
      const signal = signalFor(instance, signalMessage('numbers', value));
      if (!('event' in signal)) throw signal.refused;
      instance.apply(signal.event, 'live');
      await turn();
      history.push(signal.event, ...record(instance));
    }
    expect(history.slice(3)).to.deep.equal([
      { type: 'SignalReceived', channel: 'numbers', value: 4, seq: 1 },
      { type: 'ReceiveStarted', seq: 2, channel: 'numbers', limit: 3 },
    ]);
    expect(instance.code).to.deep.equal({ done: true, ok: true, value: [4, [3]] });
    const replayed = await replay(Picky, 'w1', decision('m', 1_000, ...history), history.length - 1);
    expect(replayed.code).to.deep.equal({ done: true, ok: true, value: [4, [3]] });
  });

  it('refuses a value the channel codec refuses, and one past maxBufferedSignals, recording nothing', async () => {
    const instance = await startLive(Picky, 'run', []);
    record(instance);
    const wrong = signalFor(instance, signalMessage('numbers', 'four'));
    expect('refused' in wrong && wrong.refused.message).to.contain('expected number, got "four"');
    for (const value of [1, 3, 5]) {
      const signal = signalFor(instance, signalMessage('numbers', value));
      if ('event' in signal) instance.apply(signal.event, 'live');
    }
    const full = signalFor(instance, signalMessage('numbers', 7));
    expect('refused' in full && (full.refused as Error & { code: string }).code).to.equal('CHANNEL_FULL');
    // One the waiting filtered receive takes is not buffered: it is never refused for the bound.
    expect(signalFor(instance, signalMessage('numbers', 8))).to.deep.equal({ event: { type: 'SignalReceived', channel: 'numbers', value: 8, seq: 1 } });
  });

  it('fails replay with NonDeterminismError when a filter now takes other buffered signals than recorded', async () => {
    class Changed extends Workflow {
      static readonly workflowName = 'Picky';
      async run(): Promise<unknown> {
        await this.channel('go').receive();
        return this.channel<number>('numbers').receive({ filter: (n) => n > 100 });
      }
    }
    const history: HistoryEvent[] = [
      workflowStarted('Picky', 'run', []), { type: 'ReceiveStarted', seq: 1, channel: 'go' },
      { type: 'SignalReceived', channel: 'numbers', value: 2 }, { type: 'SignalReceived', channel: 'go', value: 'go' },
      { type: 'ReceiveStarted', seq: 2, channel: 'numbers', filtered: true, took: [0] },
    ];
    const error = await replay(Changed, 'w1', decision('m', 1_000, ...history), history.length - 1).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(NonDeterminismError);
  });

  it('refuses a receive limit that is not a whole number ≥ 1 in the code', async () => {
    class BadLimit extends Workflow {
      async run(): Promise<unknown> {
        return this.channel('numbers').receive({ limit: 0 });
      }
    }
    const instance = await startLive(BadLimit, 'run', []);
    const { code } = instance;
    expect(code.done && !code.ok && (code.error as Error).message).to.contain('limit must be a whole number ≥ 1, got 0');
  });
});

describe('engine: the fold and the code agree on filtered and released receives', () => {
  /** A filtered receive that loses to a timer, then a plain receive, then a filtered one. */
  class Sorting extends Workflow {
    async run(): Promise<unknown[]> {
      const numbers = this.channel<number>('numbers');
      const first = await Deferred.any<unknown>(numbers.receive({ filter: (n) => n > 10 }) as Deferred<unknown>, this.timer(100) as Deferred<unknown>);
      const small = await numbers.receive();
      const big = await numbers.receive({ filter: (n) => n > 10 });
      return [first, small, big];
    }
  }

  it('gives rebuildState (no code) and replay (code) the same waiting receives and buffered values at every step', async () => {
    const instance = await startLive(Sorting, 'run', []);
    const history: HistoryEvent[] = [workflowStarted('Sorting', 'run', []), ...record(instance)];
    const checkpoints: number[] = [];
    const step = async (event: HistoryEvent) => {
      if (instance.apply(event, 'live')) await turn();
      history.push(event, ...record(instance));
      checkpoints.push(history.length);
    };
    const signal = (value: number) => {
      const decided = signalFor(instance, signalMessage('numbers', value));
      if (!('event' in decided)) throw decided.refused;
      return decided.event;
    };
    await step({ type: 'TimerFired', seq: 2 });
    expect(history.slice(-2)).to.deep.equal([{ type: 'ReceiveReleased', seq: 1, channel: 'numbers' }, { type: 'ReceiveStarted', seq: 3, channel: 'numbers' }]);
    await step(signal(50));
    await step(signal(5));
    expect(instance.state.signals.buffered()).to.deep.equal({ numbers: [5] });
    await step(signal(70));
    expect(instance.code).to.deep.equal({ done: true, ok: true, value: [undefined, 50, 70] });
    for (const length of checkpoints) {
      const events = decision('m', 1_000, ...history.slice(0, length));
      const replayed = await replay(Sorting, 'w1', events, length - 1);
      const rebuilt = await rebuildState(Sorting, 'w1', events, length - 1);
      expect([...rebuilt.open].sort(), `open after ${length} events`).to.deep.equal([...replayed.open].sort());
      expect(rebuilt.state.signals.buffered(), `buffered after ${length} events`).to.deep.equal(replayed.state.signals.buffered());
    }
  });
});
