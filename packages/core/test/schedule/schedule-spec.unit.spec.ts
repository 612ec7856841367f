import { expect } from 'chai';
import { InvalidScheduleError } from '../../src/errors/invalid-schedule-error';
import { everyMsOf, nextTickOf, scheduleSpecOf } from '../../src/schedule/schedule-spec';
import type { ScheduleOptions } from '../../src/schedule/schedule-options';

const fieldOf = (options: ScheduleOptions): string => {
  try {
    scheduleSpecOf('Report', 'run', [], options);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidScheduleError);
    return (error as InvalidScheduleError).field;
  }
  throw new Error('accepted');
};

describe('schedule/schedule-spec', () => {
  it('reads every as ms or with a unit, and refuses under a second', () => {
    expect(everyMsOf(1000)).to.equal(1000);
    expect(everyMsOf('30s')).to.equal(30_000);
    expect(everyMsOf('1.5m')).to.equal(90_000);
    expect(everyMsOf('2h')).to.equal(7_200_000);
    expect(everyMsOf('1d')).to.equal(86_400_000);
    expect(everyMsOf('1500ms')).to.equal(1500);
    expect(() => everyMsOf(999)).to.throw(InvalidScheduleError, /shortest interval/);
    expect(() => everyMsOf('500ms')).to.throw(InvalidScheduleError, /shortest interval/);
    expect(() => everyMsOf('soon')).to.throw(InvalidScheduleError, /a number with a unit/);
    expect(() => everyMsOf(Number.NaN)).to.throw(InvalidScheduleError, /finite/);
  });

  it('makes a spec from good options, with the defaults', () => {
    expect(scheduleSpecOf('Report', 'run', ['eu'], { id: 'nightly', cron: '@daily' })).to.deep.equal({
      id: 'nightly', workflowName: 'Report', method: 'run', args: ['eu'], overlap: 'skip', ticksPerRun: 100, cron: '@daily',
    });
    expect(scheduleSpecOf('Report', 'run', [], { id: 's', every: '1m', overlap: 'allow', startAt: new Date(5000), ticksPerRun: 3, timezone: 'UTC' })).to.deep.equal({
      id: 's', workflowName: 'Report', method: 'run', args: [], overlap: 'allow', ticksPerRun: 3, everyMs: 60_000, startAt: 5000,
    });
  });

  it('refuses bad options, naming the field', () => {
    expect(fieldOf({ id: '', every: '1s' })).to.equal('id');
    expect(fieldOf({ id: 'a/b', every: '1s' })).to.equal('id');
    expect(fieldOf({ id: 'a' })).to.equal('cron');
    expect(fieldOf({ id: 'a', cron: '* * * * *', every: '1s' })).to.equal('cron');
    expect(fieldOf({ id: 'a', cron: '* * * * 9' })).to.equal('cron.day-of-week');
    expect(fieldOf({ id: 'a', cron: '0 0 30 2 *' })).to.equal('cron');
    expect(fieldOf({ id: 'a', every: 10 })).to.equal('every');
    expect(fieldOf({ id: 'a', every: '1s', timezone: 'Europe/Paris' as 'UTC' })).to.equal('timezone');
    expect(fieldOf({ id: 'a', every: '1s', overlap: 'queue' as 'skip' })).to.equal('overlap');
    expect(fieldOf({ id: 'a', every: '1s', ticksPerRun: 0 })).to.equal('ticksPerRun');
    expect(fieldOf({ id: 'a', every: '1s', startAt: Number.NaN })).to.equal('startAt');
  });

  it('ticks every interval from one interval after the anchor, or from startAt', () => {
    const spec = scheduleSpecOf('R', 'run', [], { id: 'a', every: '10s' });
    expect(nextTickOf(spec, 1000, 0)).to.equal(11_000);
    expect(nextTickOf(spec, 1000, 11_000)).to.equal(21_000);
    expect(nextTickOf(spec, 1000, 25_000)).to.equal(31_000);
    const started = scheduleSpecOf('R', 'run', [], { id: 'a', every: '10s', startAt: 50_000 });
    expect(nextTickOf(started, 1000, 0)).to.equal(50_000);
    expect(nextTickOf(started, 1000, 50_000)).to.equal(60_000);
  });

  it('ticks a cron schedule at its matches, not before startAt', () => {
    const spec = scheduleSpecOf('R', 'run', [], { id: 'a', cron: '0 3 * * *', startAt: Date.parse('2026-03-05T00:00:00Z') });
    expect(new Date(nextTickOf(spec, 0, Date.parse('2026-03-01T00:00:00Z'))!).toISOString()).to.equal('2026-03-05T03:00:00.000Z');
    expect(new Date(nextTickOf(spec, 0, Date.parse('2026-03-05T03:00:00Z'))!).toISOString()).to.equal('2026-03-06T03:00:00.000Z');
  });
});
