import { createNames, hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expectedSum, FanOutWorkflow } from '../src/fan-out-workflow';
import { type FanOut, startFanOut } from '../src/run-fan-out';

describe('the fan-out example', function () {
  this.timeout(120_000);
  let fanOut: FanOut | undefined;
  afterEach(async () => {
    await fanOut?.stop();
    fanOut = undefined;
  });

  it('runs 1,000 tasks at once and aggregates them with Deferred.all, each task once', async () => {
    fanOut = await startFanOut({ retainHistory: true });
    const result = await fanOut.client.newWorkflow(FanOutWorkflow, { id: 'thousand' }).run(1_000);
    expect(result).to.deep.equal({ tasks: 1_000, sum: expectedSum(1_000) });
    expect(fanOut.calls.count).to.equal(1_000);
    const { events } = await fanOut.history.read(createNames('fan-out').workflowStream('FanOutWorkflow', 'thousand'));
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect([count('TaskScheduled'), count('TaskCompleted'), count('WorkflowCompleted')]).to.deep.equal([1_000, 1_000, 1]);
    // All tasks are scheduled in the first step, before any completes.
    const types = events.map((e) => e.type);
    expect(types.lastIndexOf('TaskScheduled')).to.be.below(types.indexOf('TaskCompleted'));
  });

  it('gives the same result when every step replays the history (no cache)', async () => {
    fanOut = await startFanOut({ cacheSize: 0 });
    expect(await fanOut.client.newWorkflow(FanOutWorkflow).run(200)).to.deep.equal({ tasks: 200, sum: expectedSum(200) });
  });

  it('refuses a fan-out of 0 or of more than 10,000 tasks at dispatch', async () => {
    fanOut = await startFanOut();
    for (const bad of [0, 10_001, 2.5]) {
      const error = await fanOut.client.newWorkflow(FanOutWorkflow).run(bad).then(() => undefined, (e: unknown) => e);
      expect(hasErrorCode(error, 'INVALID_ARGUMENTS'), String(error)).to.equal(true);
    }
  });

  it('npm start prints the run and checks the sum', () => {
    const result = spawnSync(process.execPath, [join(__dirname, '../src/main.js'), '--tasks', '1000'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/FanOutWorkflow\.run\(1000\): 1000 tasks, sum 333833500, in \d+ ms/);
    expect(result.stdout).to.contain('sum of squares ✓');
  });
});
