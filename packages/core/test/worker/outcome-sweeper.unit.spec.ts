import { expect } from 'chai';
import type { HistoryStore } from '../../src/ports/history-store.port';
import type { Logger } from '../../src/ports/logger.port';
import { OutcomeSweeper } from '../../src/worker/outcome-sweeper';
import { silentLogger, steppedClock } from '../support/fakes';

const storeSweeping = (answers: Array<number | Error>, calls: number[]): Pick<HistoryStore, 'sweep'> => ({
  sweep: async (now) => {
    calls.push(now);
    const next = answers.shift() ?? 0;
    if (next instanceof Error) throw next;
    return next;
  },
});

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('worker/outcome-sweeper', () => {
  it('sweeps each period on the clock, batch after batch while batches come back full', async () => {
    const { clock, advance } = steppedClock(1_000);
    const calls: number[] = [];
    const sweeper = new OutcomeSweeper({ history: storeSweeping([2, 2, 1, 0], calls) as HistoryStore, clock, logger: silentLogger, periodMs: 100, batch: 2 });
    sweeper.start();
    advance(99);
    await settled();
    expect(calls, 'before the first period').to.deep.equal([]);
    advance(1);
    await settled();
    expect(calls).to.deep.equal([1_100, 1_100, 1_100]);
    advance(100);
    await settled();
    expect(calls).to.deep.equal([1_100, 1_100, 1_100, 1_200]);
    await sweeper.stop();
  });

  it('logs a store error and sweeps again the next period', async () => {
    const { clock, advance } = steppedClock(1_000);
    const calls: number[] = [];
    const warned: object[] = [];
    const logger: Logger = { ...silentLogger, warn: (fields) => warned.push(fields), child: () => logger };
    const sweeper = new OutcomeSweeper({ history: storeSweeping([new Error('store down'), 0], calls) as HistoryStore, clock, logger, periodMs: 50 });
    sweeper.start();
    advance(50);
    await settled();
    expect(warned).to.have.length(1);
    advance(50);
    await settled();
    expect(calls).to.deep.equal([1_050, 1_100]);
    await sweeper.stop();
  });

  it('runs one sweep at a time and arms nothing after stop()', async () => {
    const { clock, advance, pending } = steppedClock(1_000);
    let release: () => void = () => undefined;
    let running = 0;
    let most = 0;
    const history = { sweep: async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => { release = resolve; });
      running--;
      return 0;
    } } as unknown as HistoryStore;
    const sweeper = new OutcomeSweeper({ history, clock, logger: silentLogger, periodMs: 10 });
    sweeper.start();
    advance(10);
    advance(10);
    advance(10);
    await settled();
    expect(pending(), 'no period armed while a sweep runs').to.equal(0);
    const stopping = sweeper.stop();
    release();
    await stopping;
    expect(most).to.equal(1);
    expect(pending()).to.equal(0);
  });
});
