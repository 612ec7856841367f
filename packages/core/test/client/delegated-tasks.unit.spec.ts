import { expect } from 'chai';
import * as t from 'io-ts';
import { delegatedTaskError, delegatedTaskMessage } from '../../src/client/delegated-tasks';
import { DelegatedTaskUnknownError } from '../../src/errors/delegated-task-unknown-error';
import { InvalidArgumentsError } from '../../src/errors/invalid-arguments-error';
import { InvalidNameError } from '../../src/errors/invalid-name-error';
import { UnserializableValueError } from '../../src/errors/unserializable-value-error';
import { WorkflowUnknownError } from '../../src/errors/workflow-unknown-error';
import { defineService } from '../../src/workflow/service-definition';

interface Desk { reserve(hotel: string): Promise<{ confirmation: string }>; ping(): Promise<string> }
const Desk = defineService<Desk>('Desk', { reserve: { delegated: true, result: t.type({ confirmation: t.string }) } });
const ID = 'trip-1:2/Trip.reserve/r1';
const REPLY = 'ns.client.c1';

describe('client/delegated-tasks', () => {
  it('routes a completion to the instance, step, round and method its id names', () => {
    expect(delegatedTaskMessage(Desk as never, ID, { status: 'completed', result: { confirmation: 'C' } }, REPLY)).to.deep.equal({
      kind: 'CompleteDelegatedTask', workflowName: 'Trip', workflowId: 'trip-1', seq: 2, retry: 1, service: 'Desk', method: 'reserve', taskId: ID,
      outcome: { status: 'completed', result: { confirmation: 'C' } }, replyTo: REPLY,
    });
  });

  it('carries a failure as error data, from an Error or a message', () => {
    const fromError = delegatedTaskMessage('Desk', ID, { status: 'failed', error: new RangeError('full') }, REPLY).outcome;
    const fromString = delegatedTaskMessage('Desk', ID, { status: 'failed', error: 'closed' }, REPLY).outcome;
    expect(fromError.status === 'failed' && fromError.error).to.include({ name: 'RangeError', message: 'full' });
    expect(fromString.status === 'failed' && fromString.error).to.include({ name: 'Error', message: 'closed' });
  });

  it('refuses an id that is not a delegated task id, and a method that is not delegated', () => {
    expect(() => delegatedTaskMessage(Desk as never, 'trip-1:2', { status: 'completed', result: 1 }, REPLY)).to.throw(DelegatedTaskUnknownError, /not a delegated task id/);
    expect(() => delegatedTaskMessage(Desk as never, 'trip-1:2/Trip.ping/r0', { status: 'completed', result: 1 }, REPLY)).to.throw(DelegatedTaskUnknownError, /not a delegated method/);
  });

  it('refuses a result of the wrong shape for the result codec, or one JSON cannot carry, and a bad service name', () => {
    expect(() => delegatedTaskMessage(Desk as never, ID, { status: 'completed', result: { confirmation: 1 } }, REPLY)).to.throw(InvalidArgumentsError, /confirmation/);
    expect(() => delegatedTaskMessage('Desk', ID, { status: 'completed', result: () => 1 }, REPLY)).to.throw(UnserializableValueError);
    expect(() => delegatedTaskMessage('../Desk', ID, { status: 'completed', result: 1 }, REPLY)).to.throw(InvalidNameError);
  });

  it('turns an unknown workflow into an unknown delegated task, and leaves other errors as they are', () => {
    const message = delegatedTaskMessage('Desk', ID, { status: 'completed', result: 1 }, REPLY);
    const unknown = delegatedTaskError(message, new WorkflowUnknownError('Trip', 'trip-1', 'does not exist'));
    expect(unknown).to.be.instanceOf(DelegatedTaskUnknownError);
    expect((unknown as Error).message).to.contain('Trip trip-1, which does not exist');
    const other = new Error('x');
    expect(delegatedTaskError(message, other)).to.equal(other);
  });
});
