import { type HistoryEvent, type Logger, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import * as t from 'io-ts';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { Gated, Gates } from './gates';
import { service, type World } from './world';
import { recording } from './wrapped-transports';

/** Holds a limit that updates change; ends with it when told to stop. */
class Limits extends Workflow {
  static readonly updates = {
    setLimit: { validator: (value: number) => (Number.isInteger(value) && value > 0 ? undefined : `the limit must be a whole number > 0, got ${value}`) },
    increment: {},
    reserve: {},
  };
  private readonly gated = this.newService(Gated);
  private limit = 10;
  private count = 0;

  async run(): Promise<number> {
    await this.channel<'stop'>('stop').receive();
    return this.limit + this.count;
  }

  setLimit(value: number): { previous: number; limit: number } {
    const previous = this.limit;
    this.limit = value;
    return { previous, limit: value };
  }

  increment(): number {
    return ++this.count;
  }

  /** A handler that awaits a step of its own: the caller is answered once it returned. */
  async reserve(label: string): Promise<string> {
    return this.gated.pass(label);
  }
}

/** Validators that try to take steps: each is refused, nothing recorded (a validator runs live only, never on replay). */
class StepValidators extends Workflow {
  static readonly updates = {
    inlined: {
      validator(this: StepValidators): string | undefined {
        this.inline(() => 1);
        return undefined;
      },
    },
    /** Swallows the refusal of its step: the update is refused all the same. */
    randomCaught: {
      validator(this: StepValidators): string | undefined {
        try {
          this.random();
        } catch {
          // ignored on purpose
        }
        return undefined;
      },
    },
  };
  private readonly gated = this.newService(Gated);
  inlined(): number {
    return 1;
  }
  randomCaught(): number {
    return 2;
  }
  async run(): Promise<string> {
    await this.channel<string>('go').receive();
    return this.gated.pass(this.uuid());
  }
}

/** Takes one amount; its codec refuses anything else. */
class Typed extends Workflow {
  static readonly channels = { amounts: t.number };
  async run(): Promise<number> {
    return this.channel<number>('amounts').receive();
  }
}

/** {@link Typed} as a sender that does not know its codec sees it. */
class UntypedTyped extends Workflow {
  static readonly workflowName = 'Typed';
  async run(): Promise<void> {}
}

/** Sends a value the target's codec refuses (it cannot know: it sees the target untyped). */
class SignalRefusals extends Workflow {
  async run(target: string): Promise<string> {
    await this.send(UntypedTyped, target, 'amounts', 'forty');
    return 'sent';
  }
}

/** Updates: a value back to the caller once the workflow handled it, validators that refuse before anything is recorded. */
export const updateCases = (_h: EngineHarness, world: () => World): void => {
  const eventsOf = async (w: World, id: string): Promise<HistoryEvent[]> =>
    (await (await w.store()).read(w.names.workflowStream('Limits', id))).events.map((stored) => stored.data as HistoryEvent);
  const start = async (w: World, id: string, gates = new Gates()) => {
    await w.worker({ workflows: [Limits], services: [service(Gated, gates.service())] });
    w.onClose(() => gates.openAll());
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(Limits, { id }).run);
    return { client, handle, gates };
  };

  it('returns what the handler returned once it is recorded, and the handler changes the workflow\'s properties', async () => {
    const w = world();
    const { client, handle } = await start(w, 'limits');
    // Typed by `static updates` and the handler: the value is a number, the result `{ previous, limit }`.
    const { previous, limit } = await client.getById(Limits, 'limits').update('setLimit', 25);
    expect({ previous, limit }).to.deep.equal({ previous: 10, limit: 25 });
    const events = await eventsOf(w, 'limits');
    const accepted = events.find((e) => e.type === 'UpdateAccepted');
    expect(accepted).to.deep.include({ name: 'setLimit', value: 25 });
    expect(events.find((e) => e.type === 'UpdateCompleted')).to.deep.include({ result: { previous: 10, limit: 25 } });
    await handle.send('stop', 'stop');
    expect(await handle.result()).to.equal(25);
  });

  it('refuses an update its validator refuses with UpdateRefusedError, recording nothing', async () => {
    const w = world();
    const { handle } = await start(w, 'refused');
    const error = await rejection(handle.update('setLimit', -1));
    expect(error.code).to.equal('UPDATE_REFUSED');
    expect(error.message).to.contain('the limit must be a whole number > 0, got -1');
    expect((await eventsOf(w, 'refused')).map((e) => e.type)).not.to.include('UpdateAccepted');
    await handle.send('stop', 'stop');
    expect(await handle.result()).to.equal(10);
  });

  it('refuses an update of a name the workflow does not declare with NotRegisteredError, recording nothing', async () => {
    const w = world();
    const { handle } = await start(w, 'unknown-update');
    const error = await rejection(handle.update('setLimitt', 5));
    expect(error.code).to.equal('NOT_REGISTERED');
    expect(error.message).to.contain('Limits.setLimitt').and.to.contain('setLimit');
    // A method that is not declared as an update is not one either.
    expect((await rejection(handle.update('run'))).code).to.equal('NOT_REGISTERED');
    expect((await eventsOf(w, 'unknown-update')).map((e) => e.type)).not.to.include('UpdateAccepted');
  });

  it('answers an update whose handler awaits a step once that step completed', async () => {
    const w = world();
    const { handle, gates } = await start(w, 'reserving');
    const reserved = handle.update<string>('reserve', 'seat');
    await eventually(async () => expect((await eventsOf(w, 'reserving')).map((e) => e.type)).to.include('TaskScheduled'));
    gates.open('seat');
    expect(await reserved).to.equal('seat:done');
  });

  it('applies a redelivered update once', async () => {
    const w = world();
    await w.worker({ workflows: [Limits] });
    const caller = recording(await w.transport());
    const client = await w.client(caller.transport);
    const handle = await client.dispatch(client.newWorkflow(Limits, { id: 'redelivered' }).run);
    expect(await handle.update('increment')).to.equal(1);
    const update = caller.published.find((p) => p.envelope.message.kind === 'UpdateWorkflow')!;
    await caller.transport.publish(update.topic, update.envelope, { key: 'redelivered' });
    expect(await handle.update('increment')).to.equal(2);
    expect((await eventsOf(w, 'redelivered')).filter((e) => e.type === 'UpdateAccepted')).to.have.length(2);
    await handle.send('stop', 'stop');
    expect(await handle.result()).to.equal(12);
  });

  it('refuses an update whose validator takes a step with UpdateRefusedError, recording nothing, even when the validator swallows the refusal', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ workflows: [StepValidators], services: [service(Gated, gates.service())] });
    w.onClose(() => gates.openAll());
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(StepValidators, { id: 'step-validators' }).run);
    const read = async () => (await (await w.store()).read(w.names.workflowStream('StepValidators', 'step-validators'))).events.map((stored) => stored.data as HistoryEvent);
    await eventually(async () => expect((await read()).map((e) => e.type)).to.include('ReceiveStarted'));
    for (const name of ['inlined', 'randomCaught']) {
      const error = await rejection(handle.update(name));
      expect(error.code, name).to.equal('UPDATE_REFUSED');
      expect(error.message, name).to.contain('its validator is not read-only');
    }
    expect((await read()).map((e) => e.type).filter((type) => type !== 'WaiterAdded')).to.deep.equal(['WorkflowStarted', 'ReceiveStarted']);
    // The code computes what it did before the validators ran: a replay (every step, in that mode) matches.
    await handle.send('go', 'go');
    await eventually(async () => expect((await read()).map((e) => e.type)).to.include('TaskScheduled'));
    const scheduled = (await read()).find((e) => e.type === 'TaskScheduled') as { args: string[] };
    gates.open(scheduled.args[0]!);
    expect(await handle.result()).to.equal(`${scheduled.args[0]}:done`);
  });

  it('answers an update still running when the workflow ends with UpdateAbandonedError', async () => {
    const w = world();
    const { handle } = await start(w, 'abandoned');
    const reserved = handle.update<string>('reserve', 'never');
    await eventually(async () => expect((await eventsOf(w, 'abandoned')).map((e) => e.type)).to.include('TaskScheduled'));
    await handle.send('stop', 'stop');
    expect(await handle.result()).to.equal(10);
    const error = await rejection(reserved);
    expect(error.code).to.equal('UPDATE_ABANDONED');
    expect(error.message).to.contain('update reserve of workflow Limits abandoned was abandoned').and.to.contain('the workflow completed before the update returned');
  });

  it('dead-letters, with the reason, a signal a workflow sent that its target refused', async () => {
    const w = world();
    const transport = await w.transport();
    const dead: string[] = [];
    await transport.subscribe(w.names.deadLetterTopic(), 'dead-letter-reader', async ({ envelope }) => {
      if (envelope.message.kind === 'DeadLetter') dead.push(envelope.message.reason);
    }, { order: 'none', deadLetterTopic: `${w.namespace}.unused` });
    const warnings: string[] = [];
    const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (_, message) => warnings.push(message ?? ''), error: () => undefined, child: () => logger };
    await w.worker({ workflows: [Typed, SignalRefusals], logger });
    const client = await w.client();
    const target = await client.dispatch(client.newWorkflow(Typed, { id: 'typed-target' }).run);
    expect(await (await client.dispatch(client.newWorkflow(SignalRefusals, { id: 'refusing-sender' }).run, 'typed-target')).result()).to.equal('sent');
    await eventually(() => expect(dead.join()).to.contain('signal amounts to Typed typed-target was refused').and.to.contain('INVALID_ARGUMENTS'), { timeoutMs: 30_000 });
    expect(warnings.join()).to.contain('signal amounts to Typed typed-target was refused');
    // The target goes on: a value of its shape is taken.
    await target.send('amounts', 40);
    expect(await target.result()).to.equal(40);
  });

  it('answers a copy of an update that comes after the end as its first copy was answered: the result, or UpdateAbandonedError', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ workflows: [Limits], services: [service(Gated, gates.service())] });
    w.onClose(() => gates.openAll());
    const caller = recording(await w.transport());
    const client = await w.client(caller.transport);
    const handle = await client.dispatch(client.newWorkflow(Limits, { id: 'late-copy' }).run);
    expect(await handle.update('increment')).to.equal(1);
    const reserved = handle.update<string>('reserve', 'never');
    await eventually(async () => expect((await eventsOf(w, 'late-copy')).map((e) => e.type)).to.include('TaskScheduled'));
    await handle.send('stop', 'stop');
    expect(await handle.result()).to.equal(11);
    expect((await rejection(reserved)).code).to.equal('UPDATE_ABANDONED');
    // Each copy asks for its answer on a topic of ours: the same message id, so the engine knows it.
    const listener = await w.transport();
    const replyTopic = w.names.clientTopic('copies');
    const answers = new Map<string, { status: string; result?: unknown; error?: { code?: string } }>();
    await listener.subscribe(replyTopic, 'copies', async ({ envelope }) => {
      if (envelope.message.kind === 'WorkflowReply') answers.set(envelope.message.requestId, envelope.message.outcome as never);
    }, { order: 'none', deadLetterTopic: `${w.namespace}.unused` });
    const updates = caller.published.filter((p) => p.envelope.message.kind === 'UpdateWorkflow');
    expect(updates).to.have.length(2);
    for (const update of updates) {
      await caller.transport.publish(update.topic, { ...update.envelope, message: { ...update.envelope.message, replyTo: replyTopic } as never }, { key: 'late-copy' });
    }
    await eventually(() => expect(answers.size).to.equal(2));
    expect(answers.get(updates[0]!.envelope.id)).to.deep.equal({ status: 'completed', result: 1 });
    const abandoned = answers.get(updates[1]!.envelope.id)!;
    expect(abandoned.status).to.equal('refused');
    expect(abandoned.error?.code).to.equal('UPDATE_ABANDONED');
  });
};
