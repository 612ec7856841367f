import { expect } from 'chai';
import { InvalidArgumentsError } from '../../src/errors/invalid-arguments-error';
import { Deferred } from '../../src/workflow/deferred';
import { defineService } from '../../src/workflow/service-definition';
import { Workflow } from '../../src/workflow/workflow';
import { constructWithContext, type WorkflowContext } from '../../src/workflow/workflow-context';
import { thrownBy } from '../support/rejection-of';

interface Mail { send(to: string): Promise<void> }
const Mail = defineService<Mail>('Mail');

const recording = () => {
  const calls: unknown[][] = [];
  const context: WorkflowContext = {
    workflowName: 'W', workflowId: 'w1', tags: [], meta: {}, now: () => 1_000, random: () => 0.5,
    scheduleTask: (...args) => (calls.push(['task', ...args]), new Deferred()),
    startTimer: () => new Deferred<void>(),
    startChild: (...args) => (calls.push(['child', ...args]), new Deferred()),
    receive: () => new Deferred(),
    inline: (fn) => fn(),
    uuid: () => '00000000-0000-5000-8000-000000000000',
    version: (_changeId: string, maxSupported: number) => maxSupported,
    callMethod: () => new Deferred(),
    sendSignal: () => new Deferred<void>(),
    declareChannel: () => undefined,
  };
  return { calls, build: <T>(make: () => T) => constructWithContext(context, make) };
};

class Child extends Workflow {
  async run(): Promise<void> {}
}

const stubs = (timeoutMs: number) => class extends Workflow {
  readonly mail = this.newService(Mail, { timeoutMs });
  readonly child = this.newWorkflow(Child, { timeoutMs });
};

describe('workflow/step-timeout-options', () => {
  it('hands each call of a stub its timeout', () => {
    const { calls, build } = recording();
    const workflow = build(() => new (stubs(2_500))());
    void workflow.mail.send('bob');
    void workflow.child.run();
    expect(calls).to.deep.equal([['task', 'Mail', 'send', ['bob'], undefined, { timeoutMs: 2_500 }], ['child', 'Child', 'run', [], { timeoutMs: 2_500 }]]);
  });

  for (const bad of [-1, 0, Number.NaN, Infinity]) {
    it(`refuses a timeoutMs of ${bad} with InvalidArgumentsError naming the stub`, () => {
      const { build } = recording();
      const error = thrownBy(() => build(() => new (stubs(bad))()));
      expect(error).to.be.instanceOf(InvalidArgumentsError);
      expect((error as InvalidArgumentsError).target).to.equal('newService(Mail)');
      expect((error as Error).message).to.contain(`timeoutMs: expected a finite number of milliseconds > 0, got ${String(bad)}`);
    });
  }
});
