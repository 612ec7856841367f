import { expect } from 'chai';
import { endedWorkflowOf } from '../../src/engine/ended-workflow';
import type { WorkflowInstance } from '../../src/engine/workflow-instance';
import { initialState, noteApplied } from '../../src/engine/workflow-state';
import type { HistoryEventOf } from '../../src/model/history-events';
import { taskOutcomeId } from '../../src/model/names';

const started: HistoryEventOf<'WorkflowStarted'> = { type: 'WorkflowStarted', workflowName: 'Trip', method: 'book', args: [], tags: [], meta: {} };

describe('engine/ended-workflow', () => {
  it('keeps the ids of the requests it applied, delegated completions among them, but not of the services’ task outcomes', () => {
    const state = initialState('t1', started);
    noteApplied(state, 'start-1', [started]);
    noteApplied(state, taskOutcomeId('t1:1', 0, 'completed'), [{ type: 'TaskCompleted', seq: 1, result: 'flight' }]);
    noteApplied(state, taskOutcomeId('t1:2', 1, 'failed'), [{ type: 'TaskFailed', seq: 2, error: { name: 'Error', message: 'no room' } }]);
    noteApplied(state, '5f0c1c5e-6a4e-4d36-9a43-2b8f57f2f0a1', [{ type: 'TaskCompleted', seq: 3, result: 'car' }]);
    noteApplied(state, 'signal-1', [{ type: 'SignalReceived', channel: 'go', value: 1 }]);
    state.outcome = { status: 'completed', result: 'booked' };
    const instance = { outcome: state.outcome, started, applied: state.applied, retries: 0, state } as unknown as WorkflowInstance;
    expect(endedWorkflowOf(instance)?.accepted).to.deep.equal(['5f0c1c5e-6a4e-4d36-9a43-2b8f57f2f0a1', 'signal-1']);
  });
});
