import { expect } from 'chai';
import { refusalOfUpdate, runUpdateHandler } from '../../src/engine/update-handling';
import type { HistoryEvent } from '../../src/model/history-events';

const workflow = {
  limit: 1,
  setLimit(this: { limit: number }, value: number) {
    this.limit = value;
    return value * 2;
  },
  explode() {
    throw new Error('no');
  },
};
const target = (declarations: Record<string, { validator?: (value: never) => string | undefined }>, running = true) =>
  ({ workflowName: 'Limits', workflowId: 'w1', declarations, workflow: running ? workflow : undefined });

describe('engine/update-handling', () => {
  it('accepts a declared update whose validator says nothing, and calls the validator with the workflow as this', () => {
    let seen: unknown;
    const validator = function (this: { limit: number }, value: number) {
      seen = [this.limit, value];
      return undefined;
    };
    expect(refusalOfUpdate(target({ setLimit: { validator: validator as (value: never) => undefined } }), 'setLimit', 5)).to.equal(undefined);
    expect(seen).to.deep.equal([1, 5]);
  });

  it('refuses an undeclared name, a declared one with no method, a validator reason or throw, and code that does not run', () => {
    const codeOf = (error: Error | undefined) => [(error as Error & { code?: string })?.code, error?.message];
    expect(codeOf(refusalOfUpdate(target({}), 'setLimit', 5))[0]).to.equal('NOT_REGISTERED');
    expect(codeOf(refusalOfUpdate(target({}), 'toString', 5))[0]).to.equal('NOT_REGISTERED');
    expect(codeOf(refusalOfUpdate(target({ missing: {} }), 'missing', 5))[0]).to.equal('NOT_REGISTERED');
    expect(codeOf(refusalOfUpdate(target({ setLimit: { validator: () => 'too big' } }), 'setLimit', 5))).to.deep.equal(['UPDATE_REFUSED', 'update setLimit of workflow Limits w1 was refused: too big']);
    expect(codeOf(refusalOfUpdate(target({ setLimit: { validator: () => { throw new Error('bad'); } } }), 'setLimit', 5))[1]).to.contain('its validator threw: bad');
    expect(codeOf(refusalOfUpdate(target({ setLimit: {} }, false), 'setLimit', 5))[1]).to.contain('not running');
  });

  it('records what the handler returned, or the error it threw, for the caller', async () => {
    const settled: HistoryEvent[] = [];
    runUpdateHandler(workflow, { type: 'UpdateAccepted', updateId: 'u1', name: 'setLimit', value: 4, replyTo: 'r' }, (done) => settled.push(done));
    runUpdateHandler(workflow, { type: 'UpdateAccepted', updateId: 'u2', name: 'explode', value: null }, (done) => settled.push(done));
    await new Promise((resolve) => setImmediate(resolve));
    // A handler that throws at once settles before one whose result waits a turn: the ids tell them apart.
    settled.sort((a, b) => ((a as { updateId: string }).updateId < (b as { updateId: string }).updateId ? -1 : 1));
    expect(settled[0]).to.deep.equal({ type: 'UpdateCompleted', updateId: 'u1', replyTo: 'r', result: 8 });
    expect(settled[1]).to.deep.include({ type: 'UpdateCompleted', updateId: 'u2' });
    expect((settled[1] as { error: { message: string } }).error.message).to.equal('no');
    expect(workflow.limit).to.equal(4);
  });
});
