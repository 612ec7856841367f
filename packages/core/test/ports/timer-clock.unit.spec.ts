import { expect } from 'chai';
import { createTimerClock, MAX_TIMEOUT_MS, type TimerHost } from '../../src';

/** A timer host whose time and timers move only when the test says: it can wake a timer early, as Node may. */
class ScriptedHost implements TimerHost {
  time = 1_000;
  readonly armed: Array<{ fire: () => void; ms: number; cleared: boolean }> = [];
  now = () => this.time;
  setTimeout = (fire: () => void, ms: number) => {
    const timer = { fire, ms, cleared: false };
    this.armed.push(timer);
    return timer;
  };
  clearTimeout = (handle: unknown) => {
    (handle as { cleared: boolean }).cleared = true;
  };
  /** Wakes the latest timer after `elapsed` ms of real time. */
  wake(elapsed: number): void {
    this.time += elapsed;
    const timer = this.armed[this.armed.length - 1]!;
    if (!timer.cleared) timer.fire();
  }
}

describe('the timer clock', () => {
  it('never fires before its time, even when the timer wakes a millisecond early', () => {
    const host = new ScriptedHost();
    const fired: number[] = [];
    createTimerClock(host).setTimer(1_050, () => fired.push(host.time));
    expect(host.armed[0]!.ms).to.equal(50);
    host.wake(49);
    expect(fired).to.deep.equal([]);
    expect(host.armed[1]!.ms).to.equal(1);
    host.wake(1);
    expect(fired).to.deep.equal([1_050]);
  });

  it('waits longer than Node can hold in one timer (24.8 days) in steps', () => {
    const host = new ScriptedHost();
    const fired: number[] = [];
    const at = host.time + 30 * 86_400_000;
    createTimerClock(host).setTimer(at, () => fired.push(host.time));
    expect(host.armed[0]!.ms).to.equal(MAX_TIMEOUT_MS);
    host.wake(MAX_TIMEOUT_MS);
    expect(fired).to.deep.equal([]);
    expect(host.armed[1]!.ms).to.equal(at - host.time);
    host.wake(at - host.time);
    expect(fired).to.deep.equal([at]);
  });

  it('fires a time already past on the next turn, not synchronously', () => {
    const host = new ScriptedHost();
    const fired: number[] = [];
    createTimerClock(host).setTimer(500, () => fired.push(host.time));
    expect(fired).to.deep.equal([]);
    expect(host.armed[0]!.ms).to.equal(0);
    host.wake(0);
    expect(fired).to.deep.equal([1_000]);
  });

  it('cancels a chained wait at any step', () => {
    const host = new ScriptedHost();
    const fired: number[] = [];
    const cancel = createTimerClock(host).setTimer(host.time + MAX_TIMEOUT_MS + 10, () => fired.push(host.time));
    host.wake(MAX_TIMEOUT_MS);
    cancel();
    host.wake(10);
    expect(fired).to.deep.equal([]);
    expect(host.armed[1]!.cleared).to.equal(true);
  });
});
