import { expect } from 'chai';
import { ConfigError } from '../../src/errors/config-error';
import { TaskAttemptTimedOutError } from '../../src/errors/task-attempt-timed-out-error';
import { AttemptSignal, attemptDeadline, raceDeadline, resolveAttemptTimeouts } from '../../src/service/attempt-timeout';
import { rejectionOf, thrownBy } from '../support/rejection-of';
import { steppedClock } from '../support/fakes';
import { turn } from '../support/history';

const timedOut = () => new TaskAttemptTimedOutError('S', 'm', 'w1:1', 1, 100);

describe('service/attempt-timeout', () => {
  it('resolves the service and per-method timeouts: a method inherits the service’s unless it sets its own', () => {
    const timeouts = resolveAttemptTimeouts('S', 1_000, { slow: { timeoutMs: 5_000 }, other: {} });
    expect(attemptDeadline(timeouts, 'slow', 10, undefined)).to.equal(5_010);
    expect(attemptDeadline(timeouts, 'other', 10, undefined)).to.equal(1_010);
    expect(attemptDeadline(timeouts, 'unlisted', 10, undefined)).to.equal(1_010);
    expect(attemptDeadline(resolveAttemptTimeouts('S', undefined), 'm', 10, undefined)).to.equal(Infinity);
  });

  it('takes the sooner of the attempt’s timeout and the task’s end-to-end deadline', () => {
    const timeouts = resolveAttemptTimeouts('S', 1_000);
    expect(attemptDeadline(timeouts, 'm', 10, 500)).to.equal(500);
    expect(attemptDeadline(timeouts, 'm', 10, 9_999)).to.equal(1_010);
    expect(attemptDeadline(resolveAttemptTimeouts('S', undefined), 'm', 10, 700)).to.equal(700);
  });

  for (const bad of [-1, 0, Number.NaN, Infinity]) {
    it(`refuses a timeoutMs of ${bad} with a ConfigError naming the field`, () => {
      const service = thrownBy(() => resolveAttemptTimeouts('S', bad));
      expect(service).to.be.instanceOf(ConfigError).and.include({ path: 'S.timeoutMs' });
      const method = thrownBy(() => resolveAttemptTimeouts('S', 10, { m: { timeoutMs: bad } }));
      expect(method).to.be.instanceOf(ConfigError).and.include({ path: 'S.methods.m.timeoutMs' });
      expect((method as Error).message).to.contain('expected a finite number of milliseconds > 0');
    });
  }

  it('rejects at the deadline with the timeout error, aborts the signal with it, and ignores the late result', async () => {
    const { clock, advance } = steppedClock(0);
    const signal = new AttemptSignal();
    let finish!: (value: string) => void;
    const raced = raceDeadline(clock, 100, signal, () => new Promise<string>((resolve) => (finish = resolve)), timedOut);
    const seen = signal.signal;
    advance(99);
    await turn();
    expect(seen.aborted).to.equal(false);
    advance(1);
    const error = await rejectionOf(raced);
    expect(error).to.be.instanceOf(TaskAttemptTimedOutError).and.include({ retriable: true, code: 'TASK_ATTEMPT_TIMED_OUT' });
    expect(seen.aborted).to.equal(true);
    expect(seen.reason).to.equal(error);
    finish('too late');
    await turn();
  });

  it('settles with the result before the deadline and cancels its timer', async () => {
    const { clock, pending } = steppedClock(0);
    const raced = raceDeadline(clock, 100, new AttemptSignal(), async () => 'in time', timedOut);
    expect(await raced).to.equal('in time');
    expect(pending()).to.equal(0);
  });

  it('passes on a method’s own failure, thrown or rejected', async () => {
    const { clock } = steppedClock(0);
    const thrown = await rejectionOf(raceDeadline(clock, 100, new AttemptSignal(), () => { throw new RangeError('sync'); }, timedOut));
    expect(thrown).to.be.instanceOf(RangeError);
    const rejected = await rejectionOf(raceDeadline(clock, 100, new AttemptSignal(), () => Promise.reject(new TypeError('async')), timedOut));
    expect(rejected).to.be.instanceOf(TypeError);
  });

  it('makes the signal only when read, aborted already when read after the deadline', () => {
    const late = new AttemptSignal();
    const reason = timedOut();
    late.abort(reason);
    expect(late.signal.aborted).to.equal(true);
    expect(late.signal.reason).to.equal(reason);
    expect(new AttemptSignal().signal.aborted).to.equal(false);
  });
});
