import { type CadenzaConfig, createClient, createWorker } from '@cadenza/core';
import { eventually, freshName } from '@cadenza/conformance';
import { expect } from 'chai';
import { type AttemptStreakAlert, createFlakyService, FlakyService, FlakyWorkflow, startTaskAlerts, type TaskAlerts } from '../src';

describe('task alerts on a flaky service (in-memory transport)', function () {
  this.timeout(30_000);
  // Events are off by default: the workers must publish them for any listener to see them.
  const config: CadenzaConfig = {
    transport: { type: 'in-memory' }, history: { type: 'in-memory' }, namespace: freshName('alert'), logLevel: 'error', events: { publish: true },
  };
  const worker = createWorker(config)
    .registerWorkflow(FlakyWorkflow)
    .registerService(FlakyService, createFlakyService({ 'fails-3': 3, 'fails-2': 2 }), { retry: { initialDelayMs: 10, maxDelayMs: 20, jitter: 0 } });
  const client = createClient(config);
  let alerts: TaskAlerts | undefined;

  before(() => worker.start());
  after(async () => {
    await alerts?.listener.stop();
    await client.close();
    await worker.stop();
  });

  it('alerts once for the task that failed three attempts in a row, not for the one that failed two', async () => {
    const raised: AttemptStreakAlert[] = [];
    alerts = await startTaskAlerts(config, { onAlert: (alert) => { raised.push(alert); } });
    const [three, two] = await Promise.all([
      client.newWorkflow(FlakyWorkflow, { id: 'wf-fails-3' }).run('fails-3'),
      client.newWorkflow(FlakyWorkflow, { id: 'wf-fails-2' }).run('fails-2'),
    ]);
    expect([three, two]).to.deep.equal(['fails-3: done at attempt 4', 'fails-2: done at attempt 3']);

    await eventually(() => {
      expect(alerts!.streaks.ended, 'both tasks seen completing').to.be.at.least(2);
      expect(alerts!.streaks.tracked).to.equal(0);
    });
    expect(raised).to.have.length(1);
    const [alert] = raised;
    expect(alert).to.deep.include({ workflowId: 'wf-fails-3', failures: 3 });
    expect(alert!.taskId.startsWith('wf-fails-3')).to.equal(true);
    expect(alert!.last.type).to.equal('io.cadenza.task.attempt.failed');
    expect(alert!.last.data).to.deep.include({ attempt: 3, service: 'FlakyService', method: 'call' });
    expect((alert!.last.data as { error: { message: string } }).error.message).to.equal('fails-3: attempt 3 failed');
  });
});
