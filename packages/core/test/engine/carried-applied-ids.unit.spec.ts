import { expect } from 'chai';
import { evolve } from '../../src/engine/evolve';
import { appliedIdsToCarry, initialState } from '../../src/engine/workflow-state';
import type { HistoryEventOf } from '../../src/model/history-events';

const started = (fields: Partial<HistoryEventOf<'WorkflowStarted'>> = {}): HistoryEventOf<'WorkflowStarted'> =>
  ({ type: 'WorkflowStarted', workflowName: 'W', method: 'run', args: [], tags: [], meta: {}, ...fields });

describe('engine/carried applied ids (continue-as-new)', () => {
  it('folds the carried ids and retry rounds of a continued start into the state', () => {
    const start = started({ continued: 1, appliedIds: ['s1', 'u1'], retries: 2 });
    const state = evolve(initialState('w', start), start);
    expect([...state.applied.keys()]).to.deep.equal(['s1', 'u1']);
    expect(state.applied.get('s1')).to.deep.equal([]);
    expect(state.retries).to.equal(2);
  });

  it('carries the ids it was given, then its own in order, without the continuing message, the latest `max` of them', () => {
    const start = started({ continued: 1, appliedIds: ['old1', 'old2'] });
    const state = initialState('w', start);
    // As a replay files them: the start's own message first, then the carried ones, then the run's messages.
    state.applied.set('starter', [start]);
    evolve(state, start);
    for (const id of ['m1', 'm2', 'continuing']) state.applied.set(id, []);
    expect(appliedIdsToCarry(state, 'continuing', 10)).to.deep.equal(['old1', 'old2', 'starter', 'm1', 'm2']);
    expect(appliedIdsToCarry(state, 'continuing', 3)).to.deep.equal(['starter', 'm1', 'm2']);
  });
});
