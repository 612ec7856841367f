import { ManualClock } from '@cadenza/in-memory';
import { expect } from 'chai';
import { NIGHTLY, ReportWorkflow } from '../src/report-workflow';
import { type ReportOffice, startReportOffice } from '../src/run-reports';

/** Polls `check` every 5 ms of real time until it holds; fails after 10 s. */
const until = async (check: () => Promise<boolean> | boolean): Promise<void> => {
  for (const deadline = Date.now() + 10_000; !(await check()); await new Promise((resolve) => setTimeout(resolve, 5))) {
    if (Date.now() > deadline) throw new Error('the condition never held');
  }
};

const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-03-01T00:00:00.000Z');
const NIGHTS = 5;

describe('the nightly-report example', function () {
  this.timeout(60_000);
  let office: ReportOffice | undefined;
  afterEach(async () => {
    await office?.stop();
    office = undefined;
  });

  for (const cacheSize of [10_000, 0]) {
    describe(cacheSize === 0 ? 'with a replay at every step' : 'with a warm cache', () => {
      it(`compiles one report per night at 02:30 UTC over ${NIGHTS} nights of virtual time, across the schedule's continue-as-new`, async () => {
        const clock = new ManualClock(START);
        office = await startReportOffice({ clock, cacheSize });
        const { client, compiled } = office;
        const schedule = await client.schedule(ReportWorkflow, 'build', ['eu'], { id: 'nightly-report', cron: NIGHTLY, ticksPerRun: 2 });
        for (let night = 1; night <= NIGHTS; night++) {
          const due = START + (night - 1) * DAY + 2.5 * 60 * 60 * 1000;
          // The schedule waits for that night's tick, with no run left running: only then is the clock moved.
          await until(async () => {
            const described = await schedule.describe();
            return described.nextRunTimes[0] === due && described.running.length === 0 && compiled.length === night - 1;
          });
          clock.advance(DAY);
          await until(() => compiled.length === night);
        }
        expect(compiled).to.deep.equal(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'].map((night) => ({ region: 'eu', night })));
        const described = await schedule.describe();
        expect(described).to.include({ started: NIGHTS, skipped: 0, paused: false });
        await schedule.delete();
      });
    });
  }
});
