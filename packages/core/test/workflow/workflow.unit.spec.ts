import { expect } from 'chai';
import * as t from 'io-ts';
import { defineService } from '../../src/workflow/service-definition';
import { Workflow, workflowMethodsOf, workflowNameOf } from '../../src/workflow/workflow';
import { constructWithContext, type WorkflowContext } from '../../src/workflow/workflow-context';
import { Deferred } from '../../src/workflow/deferred';

interface Calls { scheduleTask: unknown[][]; startTimer: number[]; startChild: unknown[][]; receive: string[]; callMethod: unknown[][] }

/** A context that records what the workflow asks for. */
const recordingContext = (now = 1_000): WorkflowContext & { calls: Calls } => {
  const calls: Calls = { scheduleTask: [], startTimer: [], startChild: [], receive: [], callMethod: [] };
  return {
    calls, workflowName: 'Base', workflowId: 'w1', tags: ['t'], meta: { m: 'v' },
    now: () => now, random: () => 0.25,
    scheduleTask: (...args) => (calls.scheduleTask.push(args), new Deferred()),
    startTimer: (fireAt) => (calls.startTimer.push(fireAt), new Deferred<void>()),
    startChild: (...args) => (calls.startChild.push(args), new Deferred()),
    receive: (channel) => (calls.receive.push(channel), new Deferred()),
    inline: (fn) => fn(),
    uuid: () => '00000000-0000-5000-8000-000000000000',
    version: (_changeId: string, maxSupported: number) => maxSupported,
    callMethod: (...args) => (calls.callMethod.push(args), new Deferred()),
    declareChannel: () => undefined,
    sendSignal: () => new Deferred<void>(),
  };
};

interface Mail { send(to: string, body: string): Promise<void> }
const Mail = defineService<Mail>('Mail', { send: { args: t.tuple([t.string, t.string]) } });

class Base extends Workflow {
  readonly mail = this.newService(Mail);
  async first(): Promise<void> {}
  info() {
    return { id: this.workflowId, tags: this.tags, meta: this.meta, now: this.now(), random: this.random() };
  }
  wait(duration: number | Date) {
    return this.timer(duration);
  }
  listen() {
    return this.channel<string>('inbox').receive();
  }
  spawn() {
    return this.newWorkflow(Named, { id: 'kid' }).second();
  }
  callOther(amount: number) {
    return this.getWorkflowById(Named, 'other-1').second(amount);
  }
  get notAMethod(): number {
    return 1;
  }
}
class Named extends Base {
  static readonly workflowName = 'Renamed';
  async second(_amount?: number): Promise<void> {}
}

const build = <W>(make: () => W, context = recordingContext()) => ({ workflow: constructWithContext(context, make), calls: context.calls });

describe('workflow/workflow', () => {
  it('cannot be constructed outside the engine', () => {
    expect(() => new Base()).to.throw(Error, 'Base is created by the Cadenza engine; start it with client.newWorkflow(Base)');
  });

  it('takes its name from static workflowName, else the class name', () => {
    expect(workflowNameOf(Base)).to.equal('Base');
    expect(workflowNameOf(Named)).to.equal('Renamed');
  });

  it('lists its own and inherited methods, not getters, fields or the base class methods', () => {
    expect(workflowMethodsOf(Base).sort()).to.deep.equal(['callOther', 'first', 'info', 'listen', 'spawn', 'wait']);
    expect(workflowMethodsOf(Named).sort()).to.deep.equal(['callOther', 'first', 'info', 'listen', 'second', 'spawn', 'wait']);
  });

  it('reads id, tags, meta, time and randomness from its context', () => {
    const { workflow } = build(() => new Base());
    expect(workflow.info()).to.deep.equal({ id: 'w1', tags: ['t'], meta: { m: 'v' }, now: 1_000, random: 0.25 });
  });

  it('turns a stub call into a task with the codecs of the method', () => {
    const { workflow, calls } = build(() => new Base());
    void workflow.mail.send('bob', 'hi');
    expect(calls.scheduleTask).to.deep.equal([['Mail', 'send', ['bob', 'hi'], Mail.methods.send, {}]]);
  });

  it('has stubs that are not thenable, so awaiting one by mistake does not hang', () => {
    const { workflow } = build(() => new Base());
    expect((workflow.mail as unknown as { then?: unknown }).then).to.equal(undefined);
  });

  it('starts a timer at now + duration, or at a Date, and refuses anything else', () => {
    const { workflow, calls } = build(() => new Base());
    void workflow.wait(500);
    void workflow.wait(new Date(9_000));
    expect(calls.startTimer).to.deep.equal([1_500, 9_000]);
    expect(() => workflow.wait(Number.NaN)).to.throw(RangeError, /not a duration/);
    expect(() => workflow.wait(new Date('not a date'))).to.throw(RangeError, /not a duration/);
  });

  it('receives from a named channel and starts a child under its workflow name', () => {
    const { workflow, calls } = build(() => new Base());
    void workflow.listen();
    void workflow.spawn();
    expect(calls.receive).to.deep.equal(['inbox']);
    expect(calls.startChild).to.deep.equal([['Renamed', 'second', [], { id: 'kid' }]]);
  });

  it('calls a method of another instance by id as a step, under its workflow name', () => {
    const { workflow, calls } = build(() => new Base());
    expect(workflow.callOther(5)).to.be.instanceOf(Deferred);
    expect(calls.callMethod).to.deep.equal([['Renamed', 'other-1', 'second', [5]]]);
  });

  it('restores the previous construction context after a nested construction', () => {
    const outer = recordingContext(1);
    const inner = recordingContext(2);
    const [a, b] = constructWithContext(outer, () => {
      const nested = constructWithContext(inner, () => new Base());
      return [new Base(), nested];
    });
    expect([a.info().now, b.info().now]).to.deep.equal([1, 2]);
    expect(() => new Base()).to.throw(/created by the Cadenza engine/);
  });
});
