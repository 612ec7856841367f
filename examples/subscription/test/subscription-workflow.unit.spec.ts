import { createNames } from '@cadenza/core';
import { ManualClock } from '@cadenza/in-memory';
import { expect } from 'chai';
import { type BillingOffice, startBillingOffice } from '../src/run-subscriptions';
import { MONTH_MS, SubscriptionWorkflow } from '../src/subscription-workflow';

/** Polls `check` every 5 ms of real time until it holds; fails after 10 s. */
const until = async (check: () => Promise<boolean> | boolean): Promise<void> => {
  for (const deadline = Date.now() + 10_000; !(await check()); await new Promise((resolve) => setTimeout(resolve, 5))) {
    if (Date.now() > deadline) throw new Error('the condition never held');
  }
};

const START = Date.parse('2026-01-01T00:00:00.000Z');

describe('the subscription example', function () {
  this.timeout(60_000);
  let office: BillingOffice | undefined;
  afterEach(async () => {
    await office?.stop();
    office = undefined;
  });

  for (const cacheSize of [10_000, 0]) {
    describe(cacheSize === 0 ? 'with a replay at every step' : 'with a warm cache', () => {
      it('bills twelve months over a year of virtual time, one run per month, with a history that never holds more than one month', async () => {
        const clock = new ManualClock(START);
        office = await startBillingOffice({ clock, cacheSize });
        const { client, history, bills } = office;
        const handle = await client.start(client.newWorkflow(SubscriptionWorkflow, { id: 'alice' }).run, 'alice', 9.5, 1, 12);
        const stream = createNames('billing').workflowStream('SubscriptionWorkflow', 'alice');
        let longest = 0;
        const whileWaiting: number[] = [];
        for (let month = 1; month <= 12; month++) {
          // The month's run waits on its timer: only then does moving the clock fire it.
          await until(async () => {
            const { events } = await history.read(stream);
            longest = Math.max(longest, events.length);
            const armed = events[events.length - 1]?.type === 'TimerStarted';
            if (armed) whileWaiting.push(events.length);
            return armed;
          });
          clock.advance(MONTH_MS);
          await until(() => bills.length === month);
        }
        expect(await handle.result()).to.deep.equal({ customer: 'alice', months: 12, lastBill: 'bill-alice-12' });
        expect(bills.map((bill) => bill.month)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(bills.map((bill) => bill.at - START)).to.deep.equal(bills.map((_, i) => (i + 1) * MONTH_MS));
        // While a month waits: WorkflowStarted, the carried WaiterAdded, TimerStarted, whatever the month.
        expect(whileWaiting).to.deep.equal(new Array(12).fill(3));
        // At most one month's run and the start of the next (appended together, before the earlier run is trimmed).
        expect(longest).to.be.at.most(10);
      });
    });
  }
});
