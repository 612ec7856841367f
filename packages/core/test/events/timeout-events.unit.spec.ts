import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either';
import { cloudEventsOf } from '../../src/events/cloud-events-of';
import { catalogueEntry } from '../../src/events/event-catalogue';
import { TaskTimedOutError } from '../../src/errors/task-timed-out-error';
import { toErrorData } from '../../src/model/error-data';
import type { HistoryEvent } from '../../src/model/history-events';
import type { WorkflowEventEntry } from '../../src/model/messages';
import { workflowEvents } from './fixtures';

const entries: WorkflowEventEntry[] = ([
  [{ type: 'TaskScheduled', seq: 1, service: 'BankService', method: 'deposit', args: ['a'], timeoutMs: 300, timeoutAt: 1_300 }],
  [{ type: 'ChildWorkflowStarted', seq: 2, workflowName: 'Payout', workflowId: 'w1.2', method: 'pay', args: [], tags: [], meta: {}, timeoutMs: 900, timeoutAt: 1_900 }],
  [{ type: 'TaskFailed', seq: 1, error: toErrorData(new TaskTimedOutError('BankService', 'deposit', 'w1:1', 300, 1)) }, { task: { service: 'BankService', method: 'deposit', retry: 0 } }],
] as Array<[HistoryEvent, Partial<WorkflowEventEntry>?]>).map(([event, extra], index) => ({ index, event, ...extra }));

describe('events: steps with an end-to-end timeout', () => {
  const events = cloudEventsOf(workflowEvents(entries), { namespace: 'ns' });
  const data = (type: string) => events.find((e) => e.type === type)!.data as Record<string, unknown>;

  it('carry the timeout on task.scheduled and child.started, as their catalogue codecs accept', () => {
    expect(data('io.cadenza.task.scheduled')).to.include({ timeoutMs: 300, timeoutAt: 1_300 });
    expect(data('io.cadenza.child.started')).to.include({ timeoutMs: 900, timeoutAt: 1_900 });
    for (const event of events) expect(isRight(catalogueEntry(event.type)!.data.decode(event.data)), event.type).to.equal(true);
  });

  it('show a timed-out task as task.failed with the TASK_TIMED_OUT error', () => {
    expect((data('io.cadenza.task.failed').error as { code: string }).code).to.equal('TASK_TIMED_OUT');
  });
});
