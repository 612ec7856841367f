import { expect } from 'chai';
import { ConfigError } from '../../src/errors/config-error';
import { DEFAULT_OUTCOME_RETENTION_MS, DEFAULT_OUTCOME_SWEEP_PERIOD_MS, resolveOutcomeRetention } from '../../src/worker/worker-options';
import { createWorker } from '../../src/worker/create-worker';
import { fixedClock, recordingTransport } from '../support/fakes';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('worker/worker-options: outcome retention', () => {
  it('keeps outcomes 24 h and sweeps every minute by default', () => {
    expect(resolveOutcomeRetention({})).to.deep.equal({ retentionMs: 86_400_000, sweepPeriodMs: 60_000 });
    expect([DEFAULT_OUTCOME_RETENTION_MS, DEFAULT_OUTCOME_SWEEP_PERIOD_MS]).to.deep.equal([86_400_000, 60_000]);
    expect(resolveOutcomeRetention({ outcomeRetentionMs: 0, outcomeSweepPeriodMs: 5 })).to.deep.equal({ retentionMs: 0, sweepPeriodMs: 5 });
  });

  for (const [label, options, path] of [
    ['a negative retention', { outcomeRetentionMs: -1 }, 'outcomeRetentionMs'],
    ['a fractional retention', { outcomeRetentionMs: 1.5 }, 'outcomeRetentionMs'],
    ['an infinite retention', { outcomeRetentionMs: Number.POSITIVE_INFINITY }, 'outcomeRetentionMs'],
    ['a zero sweep period', { outcomeSweepPeriodMs: 0 }, 'outcomeSweepPeriodMs'],
  ] as const) {
    it(`refuses ${label} with a ConfigError naming the option, when the worker is created`, () => {
      const error = thrown(() => createWorker({ transport: recordingTransport(), history: {} as never, clock: fixedClock(0), ...options }));
      expect(error).to.be.instanceOf(ConfigError);
      expect(error).to.include({ path });
    });
  }
});
