import { expect } from 'chai';
import { InvalidScheduleError } from '../../src/errors/invalid-schedule-error';
import { parseCron } from '../../src/schedule/cron-expression';
import { nextCronTime } from '../../src/schedule/cron-next';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const nextAfter = (expression: string, after: string) => iso(nextCronTime(parseCron(expression), at(after)));
const times = (expression: string, after: string, n: number): string[] => {
  const cron = parseCron(expression);
  const out: string[] = [];
  for (let t = at(after); out.length < n;) {
    t = nextCronTime(cron, t)!;
    out.push(new Date(t).toISOString());
  }
  return out;
};
const refusal = (expression: string): InvalidScheduleError => {
  try {
    parseCron(expression);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidScheduleError);
    return error as InvalidScheduleError;
  }
  throw new Error(`${expression} was accepted`);
};

describe('schedule/cron-expression', () => {
  describe('parsing', () => {
    it('reads *, values, ranges, lists and steps into the sets they match', () => {
      const cron = parseCron('*/15 9-17 1,15 */3 1-5');
      expect([...cron.minutes]).to.deep.equal([0, 15, 30, 45]);
      expect([...cron.hours]).to.deep.equal([9, 10, 11, 12, 13, 14, 15, 16, 17]);
      expect([...cron.daysOfMonth]).to.deep.equal([1, 15]);
      expect([...cron.months]).to.deep.equal([1, 4, 7, 10]);
      expect([...cron.daysOfWeek]).to.deep.equal([1, 2, 3, 4, 5]);
      expect(cron.anyDayOfMonth).to.equal(false);
      expect(cron.anyDayOfWeek).to.equal(false);
    });

    it('reads a range with a step, a value with a step (to the end of the range), and a list of ranges', () => {
      const cron = parseCron('10-30/10 5/6 1-3,28-31 * *');
      expect([...cron.minutes]).to.deep.equal([10, 20, 30]);
      expect([...cron.hours]).to.deep.equal([5, 11, 17, 23]);
      expect([...cron.daysOfMonth]).to.deep.equal([1, 2, 3, 28, 29, 30, 31]);
    });

    it('reads month and day names in any case, and 7 as Sunday', () => {
      const cron = parseCron('0 0 * jan-MAR,Dec sun,7,Sat');
      expect([...cron.months]).to.deep.equal([1, 2, 3, 12]);
      expect([...cron.daysOfWeek].sort()).to.deep.equal([0, 6]);
      expect([...parseCron('0 0 * * MON-FRI').daysOfWeek]).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('expands the @ aliases', () => {
      expect([...parseCron('@daily').hours]).to.deep.equal([0]);
      expect([...parseCron('@hourly').minutes]).to.deep.equal([0]);
      expect([...parseCron('@weekly').daysOfWeek]).to.deep.equal([0]);
      expect([...parseCron('@MONTHLY').daysOfMonth]).to.deep.equal([1]);
      expect([...parseCron('@yearly').months]).to.deep.equal([1]);
      expect([...parseCron('@annually').months]).to.deep.equal([1]);
      expect([...parseCron('@midnight').minutes]).to.deep.equal([0]);
    });

    it('takes any whitespace between fields', () => {
      expect([...parseCron('  5\t4  * * *  ').minutes]).to.deep.equal([5]);
    });
  });

  describe('refusals name the field and why', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['* * * *', 'cron', /expected 5 fields.*got 4/],
      ['* * * * * *', 'cron', /got 6/],
      ['60 * * * *', 'cron.minute', /60 is outside 0-59/],
      ['* 24 * * *', 'cron.hour', /24 is outside 0-23/],
      ['* * 0 * *', 'cron.day-of-month', /0 is outside 1-31/],
      ['* * 32 * *', 'cron.day-of-month', /outside/],
      ['* * * 13 *', 'cron.month', /13 is outside 1-12/],
      ['* * * FOO *', 'cron.month', /not a number or a name \(JAN/],
      ['* * * * 8', 'cron.day-of-week', /8 is outside 0-7/],
      ['* * * * MOO', 'cron.day-of-week', /not a number or a name \(SUN/],
      ['*/0 * * * *', 'cron.minute', /step must be at least 1/],
      ['*/x * * * *', 'cron.minute', /step "x" is not a whole number/],
      ['1/2/3 * * * *', 'cron.minute', /more than one step/],
      ['30-10 * * * *', 'cron.minute', /runs backwards/],
      ['1-2-3 * * * *', 'cron.minute', /not a value or a range/],
      ['1,,2 * * * *', 'cron.minute', /empty list item/],
      ['-1 * * * *', 'cron.minute', /not a number/],
      ['1.5 * * * *', 'cron.minute', /not a number/],
      ['@sometimes', 'cron', /unknown alias/],
    ];
    for (const [expression, field, reason] of cases) {
      it(`${JSON.stringify(expression)} → ${field}`, () => {
        const error = refusal(expression);
        expect(error.field).to.equal(field);
        expect(error.reason).to.match(reason);
        expect(error.code).to.equal('INVALID_SCHEDULE');
        expect(error.message).to.contain(field);
      });
    }
  });

  describe('next time', () => {
    it('is strictly after the given time, on a whole minute', () => {
      expect(nextAfter('* * * * *', '2026-03-01T10:00:00.000Z')).to.equal('2026-03-01T10:01:00.000Z');
      expect(nextAfter('* * * * *', '2026-03-01T10:00:30.500Z')).to.equal('2026-03-01T10:01:00.000Z');
      expect(nextAfter('30 * * * *', '2026-03-01T10:29:59.999Z')).to.equal('2026-03-01T10:30:00.000Z');
    });

    it('runs nightly at 02:30 UTC, every night', () => {
      expect(times('30 2 * * *', '2026-02-27T12:00:00Z', 4)).to.deep.equal([
        '2026-02-28T02:30:00.000Z', '2026-03-01T02:30:00.000Z', '2026-03-02T02:30:00.000Z', '2026-03-03T02:30:00.000Z',
      ]);
    });

    it('crosses month and year ends, and finds 29 February', () => {
      expect(nextAfter('0 0 1 * *', '2026-12-15T00:00:00Z')).to.equal('2027-01-01T00:00:00.000Z');
      expect(nextAfter('0 12 29 2 *', '2026-01-01T00:00:00Z')).to.equal('2028-02-29T12:00:00.000Z');
      expect(nextAfter('59 23 31 * *', '2026-04-01T00:00:00Z')).to.equal('2026-05-31T23:59:00.000Z');
    });

    it('matches either day field when both are restricted, and only the restricted one otherwise', () => {
      // 2026-03-01 is a Sunday; the 13th is a Friday.
      expect(times('0 0 13 * 5', '2026-03-01T00:00:00Z', 3)).to.deep.equal(['2026-03-06T00:00:00.000Z', '2026-03-13T00:00:00.000Z', '2026-03-20T00:00:00.000Z']);
      expect(times('0 0 * * 5', '2026-03-01T00:00:00Z', 2)).to.deep.equal(['2026-03-06T00:00:00.000Z', '2026-03-13T00:00:00.000Z']);
      expect(times('0 0 13 * *', '2026-03-01T00:00:00Z', 2)).to.deep.equal(['2026-03-13T00:00:00.000Z', '2026-04-13T00:00:00.000Z']);
      expect(times('0 0 */10 * *', '2026-03-01T00:00:00Z', 3)).to.deep.equal(['2026-03-11T00:00:00.000Z', '2026-03-21T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    });

    it('walks weekdays, business hours and steps', () => {
      expect(times('0 9-10 * * MON-FRI', '2026-03-06T09:30:00Z', 4)).to.deep.equal([
        '2026-03-06T10:00:00.000Z', '2026-03-09T09:00:00.000Z', '2026-03-09T10:00:00.000Z', '2026-03-10T09:00:00.000Z',
      ]);
      expect(times('*/20 * * * *', '2026-03-01T23:30:00Z', 3)).to.deep.equal(['2026-03-01T23:40:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-02T00:20:00.000Z']);
    });

    it('answers undefined for an expression no date matches', () => {
      expect(nextCronTime(parseCron('0 0 30 2 *'), at('2026-01-01T00:00:00Z'))).to.equal(undefined);
      expect(nextCronTime(parseCron('0 0 31 4,6,9,11 *'), 0)).to.equal(undefined);
    });
  });
});
