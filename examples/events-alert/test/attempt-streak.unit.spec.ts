import { expect } from 'chai';
import { buildCloudEvent, type CadenzaCloudEvent } from '@cadenza/core';
import { type AttemptStreakAlert, createAttemptStreaks, describeAlert } from '../src';
import { completed, failed, taskEvent } from './support/task-events';

const collect = (options: { threshold?: number; maxTasks?: number } = {}) => {
  const alerts: AttemptStreakAlert[] = [];
  const streaks = createAttemptStreaks({ ...options, onAlert: (alert) => { alerts.push(alert); } });
  const feed = async (...events: CadenzaCloudEvent[]) => { for (const event of events) await streaks.observe(event); };
  return { alerts, streaks, feed };
};

describe('attempt streaks', () => {
  it('alerts once when one task fails three attempts in a row, and forgets it on completion', async () => {
    const { alerts, streaks, feed } = collect();
    await feed(failed('w1:1', 1), failed('w1:1', 2), failed('w1:1', 3));
    expect(alerts).to.have.length(1);
    expect(alerts[0]).to.deep.include({ taskId: 'w1:1', workflowId: 'w1', failures: 3, eventIds: [1, 2, 3].map((n) => failed('w1:1', n).id) });
    expect(describeAlert(alerts[0]!)).to.equal('ALERT task w1:1 (workflow w1) failed 3 attempts in a row; last error: boom 3');
    await feed(failed('w1:1', 4), completed('w1:1'));
    expect(alerts).to.have.length(1);
    expect(streaks.tracked).to.equal(0);
  });

  it('does not alert for two failures, nor when a completion comes between failures', async () => {
    const { alerts, feed } = collect();
    await feed(failed('w2:1', 1), failed('w2:1', 2), completed('w2:1'));
    await feed(failed('w3:1', 1), failed('w3:1', 2), completed('w3:1'), failed('w3:1', 1), failed('w3:1', 2));
    expect(alerts).to.deep.equal([]);
  });

  it('counts streaks per task id: failures of different tasks never add up', async () => {
    const { alerts, feed } = collect();
    await feed(failed('w4:1', 1), failed('w4:2', 1), failed('w5:1', 1), failed('w4:1', 2), failed('w4:2', 2));
    expect(alerts).to.deep.equal([]);
    await feed(failed('w4:2', 3));
    expect(alerts.map((a) => a.taskId)).to.deep.equal(['w4:2']);
  });

  it('counts a redelivered failure once', async () => {
    const { alerts, feed } = collect();
    await feed(failed('w6:1', 1), failed('w6:1', 1), failed('w6:1', 2), failed('w6:1', 2));
    expect(alerts).to.deep.equal([]);
  });

  it('forgets a task that failed for good or was dead-lettered, so the state stays bounded', async () => {
    const { streaks, feed } = collect();
    await feed(failed('w7:1', 1), failed('w8:1', 1), failed('w9:1', 1));
    expect(streaks.tracked).to.equal(3);
    await feed(taskEvent('io.cadenza.task.failed', 'w7:1'), taskEvent('io.cadenza.task.deadlettered', 'w8:1'), completed('w9:1'));
    expect(streaks.tracked).to.equal(0);
    expect(streaks.ended).to.equal(3);
  });

  it('counts the last attempt\'s failure, then forgets the task, whichever of it and task.failed comes first', async () => {
    const { alerts, streaks, feed } = collect();
    await feed(failed('w10:1', 1), failed('w10:1', 2), failed('w10:1', 3, true));
    expect(alerts.map((a) => a.taskId)).to.deep.equal(['w10:1']);
    expect(streaks.tracked).to.equal(0);
    await feed(failed('w11:1', 1), failed('w11:1', 2), taskEvent('io.cadenza.task.failed', 'w11:1'), failed('w11:1', 3, true));
    expect(streaks.tracked).to.equal(0);
    await feed(failed('w11:1', 1), failed('w11:1', 2)); // a new retry round after client.retry starts afresh
    expect(alerts).to.have.length(1);
  });

  it('never tracks more than maxTasks, forgetting the oldest first', async () => {
    const { alerts, streaks, feed } = collect({ maxTasks: 2 });
    await feed(failed('a:1', 1), failed('b:1', 1), failed('c:1', 1));
    expect(streaks.tracked).to.equal(2);
    await feed(failed('a:1', 2), failed('a:1', 3));
    expect(alerts).to.deep.equal([]);
  });

  it('ignores events of other types and events without a task id', async () => {
    const { alerts, streaks, feed } = collect({ threshold: 1 });
    const noTask = buildCloudEvent({ namespace: 'test', workflowName: 'W', workflowId: 'x' }, { type: 'io.cadenza.task.attempt.failed', id: 'n', at: 0, data: {} });
    await feed(taskEvent('io.cadenza.task.attempt.started', 'x:1'), taskEvent('io.cadenza.workflow.started', 'x:1'), noTask);
    expect(alerts).to.deep.equal([]);
    expect(streaks.tracked).to.equal(0);
  });

  it('raises the alert again on a redelivery when the alert callback threw', async () => {
    let calls = 0;
    const streaks = createAttemptStreaks({ onAlert: () => { calls++; if (calls === 1) throw new Error('pager down'); } });
    await streaks.observe(failed('w:1', 1));
    await streaks.observe(failed('w:1', 2));
    let thrown: unknown;
    await streaks.observe(failed('w:1', 3)).catch((error: unknown) => { thrown = error; });
    expect(thrown).to.be.instanceOf(Error).with.property('message', 'pager down');
    await streaks.observe(failed('w:1', 3));
    await streaks.observe(failed('w:1', 4));
    expect(calls).to.equal(2);
  });

  it('refuses a bad threshold, bound or callback, naming the option', () => {
    const onAlert = () => undefined;
    expect(() => createAttemptStreaks({ onAlert, threshold: 0 })).to.throw('invalid config at threshold: expected an integer ≥ 1, got 0');
    expect(() => createAttemptStreaks({ onAlert, maxTasks: 1.5 })).to.throw(/invalid config at maxTasks: expected an integer ≥ 1/);
    expect(() => createAttemptStreaks({ onAlert: 'page me' as unknown as typeof onAlert })).to.throw(/invalid config at onAlert: expected a function/);
  });
});
