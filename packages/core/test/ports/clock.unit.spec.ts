import { expect } from 'chai';
import { systemClock } from '../../src/ports/clock.port';
import { MAX_TIMEOUT_MS, setChainedTimer, type TimerHost } from '../../src/support/chained-timer';

const DAY = 24 * 60 * 60 * 1000;

/** Timers that run only when told, with Node's rule that a delay over 2^31-1 ms becomes 1 ms. */
const steppedHost = () => {
  let now = 1_000;
  let timers: Array<{ at: number; fn: () => void }> = [];
  const host: TimerHost = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const timer = { at: now + (ms > MAX_TIMEOUT_MS ? 1 : ms), fn };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      timers = timers.filter((timer) => timer !== handle);
    },
  };
  /** Runs the next timer, moving time to it; false when none is left. */
  const step = (): boolean => {
    const next = timers.sort((a, b) => a.at - b.at).shift();
    if (!next) return false;
    now = Math.max(now, next.at);
    next.fn();
    return true;
  };
  return { host, step, now: () => now, pending: () => timers.length };
};

describe('ports/clock', () => {
  it('systemClock does not fire a timer set 30 days ahead at once', async () => {
    let fired = false;
    const cancel = systemClock.setTimer(Date.now() + 30 * DAY, () => (fired = true));
    // A delay Node clamps fires after 1 ms, so before this 5 ms timer: the order of timers is Node's, not a race.
    await new Promise((resolve) => setTimeout(resolve, 5));
    cancel();
    expect(fired).to.equal(false);
  });

  describe('setChainedTimer', () => {
    it('fires a timer 60 days ahead once, at its time, through waits no longer than 2^31-1 ms', () => {
      const { host, step, now } = steppedHost();
      const at = now() + 60 * DAY;
      const firedAt: number[] = [];
      setChainedTimer(host, at, () => firedAt.push(now()));
      while (step()) expect(firedAt.length === 0 || now() >= at).to.equal(true);
      expect(firedAt).to.deep.equal([at]);
    });

    it('fires a short or past timer after one wait', () => {
      const { host, step, now } = steppedHost();
      const firedAt: number[] = [];
      setChainedTimer(host, now() + 10, () => firedAt.push(now()));
      setChainedTimer(host, now() - 10, () => firedAt.push(now()));
      while (step());
      expect(firedAt).to.deep.equal([1_000, 1_010]);
    });

    it('cancels at any link of the chain', () => {
      const { host, step, pending } = steppedHost();
      let fired = false;
      const cancel = setChainedTimer(host, host.now() + 60 * DAY, () => (fired = true));
      step();
      expect(pending()).to.equal(1);
      cancel();
      expect(pending()).to.equal(0);
      while (step());
      expect(fired).to.equal(false);
    });
  });
});
