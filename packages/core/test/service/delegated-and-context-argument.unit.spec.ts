import { expect } from 'chai';
import type { Envelope } from '../../src/model/envelope';
import type { MessageOf } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import { resolveRetryPolicy } from '../../src/service/retry-policy';
import { ServiceExecutor } from '../../src/service/service-executor';
import { type ServiceImplementationWithContext, type TaskContext, taskContext } from '../../src/service/task-context';
import { defineService } from '../../src/workflow/service-definition';
import { fixedClock, recordingTransport, silentLogger } from '../support/fakes';

interface Desk {
  reserve(hotel: string): Promise<string>;
  ping(): Promise<string>;
}
const Desk = defineService<Desk>('Desk', { reserve: { delegated: true } });
const NOW = 1_000_000;

const task = (method: keyof Desk, extra: Partial<MessageOf<'ExecuteTask'>> = {}): Envelope => ({
  v: 1, id: `w/1:2:r1#1`, at: NOW - 5,
  message: {
    kind: 'ExecuteTask', taskId: 'w/1:2', service: 'Desk', method, args: method === 'reserve' ? ['ritz'] : [], attempt: 1, retry: 1,
    workflowName: 'Trip', workflowId: 'w/1', seq: 2, tags: [], meta: {}, ...extra,
  },
});

const executor = (implementation: object, context?: 'argument') => {
  const transport = recordingTransport();
  const run = new ServiceExecutor({
    definition: Desk as never, implementation, retry: resolveRetryPolicy({ jitter: 0, maxAttempts: 3 }), methodRetry: {}, transport,
    names: createNames('ns'), clock: fixedClock(NOW), logger: silentLogger, maxPayloadBytes: 1_000, publishEvents: false, ...(context ? { context } : {}),
  });
  return { handle: (envelope: Envelope) => run.handle({ envelope, topic: 'ns.service.Desk', deliveryCount: 1 }), published: transport.published };
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('service/delegated methods', () => {
  it('publishes nothing when a delegated method returns, and gives it the delegated task id', async () => {
    const ids: string[] = [];
    const { handle, published } = executor({ reserve: async () => (ids.push(taskContext().taskId), 'ignored'), ping: async () => 'pong' });
    await handle(task('reserve'));
    expect(ids).to.deep.equal(['w/1:2/Trip.reserve/r1']);
    expect(published).to.deep.equal([]);
  });

  it('retries a delegated method whose function throws, as any attempt', async () => {
    const { handle, published } = executor({ reserve: async () => { throw new Error('desk closed'); }, ping: async () => 'pong' });
    await handle(task('reserve'));
    expect(published).to.have.length(1);
    expect(published[0]!.topic).to.equal('ns.service.Desk');
    expect((published[0]!.envelope.message as MessageOf<'ExecuteTask'>).attempt).to.equal(2);
  });

  it('still completes the service\'s other methods when they return', async () => {
    const { handle, published } = executor({ reserve: async () => 'x', ping: async () => (taskContext().taskId) });
    await handle(task('ping'));
    expect(published.map((p) => (p.envelope.message as MessageOf<'TaskCompleted'>).result)).to.deep.equal(['w/1:2']);
  });
});

describe('service/context as an argument', () => {
  it('types each method of the interface with the context first', () => {
    const typed: ServiceImplementationWithContext<Desk> = { reserve: async (context, hotel) => `${context.taskId}/${hotel}`, ping: async (context) => context.method };
    // @ts-expect-error the context comes first: a method that takes it last does not fit the interface
    const wrong: ServiceImplementationWithContext<Desk> = { reserve: async (hotel: string, context: TaskContext) => `${context.taskId}/${hotel}`, ping: async () => 'pong' };
    expect(Object.keys(typed)).to.deep.equal(['reserve', 'ping']);
    expect(typeof wrong.ping).to.equal('function');
  });

  it('passes the task context first, before the workflow\'s arguments, valid after awaits', async () => {
    const seen: Array<{ hotel: string; taskId: string; attempt: number }> = [];
    const { handle, published } = executor({
      reserve: async (context: TaskContext, hotel: string) => {
        await tick();
        await tick();
        seen.push({ hotel, taskId: context.taskId, attempt: context.attempt });
      },
      ping: async (context: TaskContext) => {
        await tick();
        return `${context.workflowName}/${context.workflowId}/${context.method}`;
      },
    }, 'argument');
    await handle(task('reserve'));
    await handle(task('ping'));
    expect(seen).to.deep.equal([{ hotel: 'ritz', taskId: 'w/1:2/Trip.reserve/r1', attempt: 1 }]);
    expect((published[0]!.envelope.message as MessageOf<'TaskCompleted'>).result).to.equal('Trip/w/1/ping');
  });

  it('keeps taskContext() working in the synchronous part, and keeps `this`', async () => {
    let result: unknown;
    const implementation = {
      prefix: 'p',
      async reserve(this: { prefix: string }, context: TaskContext, hotel: string) {
        result = `${this.prefix}:${hotel}:${taskContext() === context}`;
      },
      async ping() {
        return 'pong';
      },
    };
    await executor(implementation, 'argument').handle(task('reserve'));
    expect(result).to.equal('p:ritz:true');
  });

  it('gives each concurrent task its own context across awaits', async () => {
    const seen: string[] = [];
    const { handle } = executor({
      reserve: async (context: TaskContext, hotel: string) => {
        await tick();
        seen.push(`${hotel}=${context.workflowId}`);
      },
      ping: async () => 'pong',
    }, 'argument');
    await Promise.all([handle(task('reserve', { args: ['a'], workflowId: 'wa' })), handle(task('reserve', { args: ['b'], workflowId: 'wb' }))]);
    expect(seen.sort()).to.deep.equal(['a=wa', 'b=wb']);
  });
});
