import { expect } from 'chai';
import * as t from 'io-ts';
import { outgoingFor } from '../../src/engine/outgoing-messages';
import { stillPending } from '../../src/engine/still-pending';
import type { HistoryEvent } from '../../src/model/history-events';
import { createNames } from '../../src/model/names';
import { Workflow } from '../../src/workflow/workflow';
import { record, startLive } from '../support/live-instance';

class Target extends Workflow {
  static readonly channels = { amounts: t.number };
  async run(): Promise<void> {}
}

class Sender extends Workflow {
  async run(): Promise<string> {
    await this.send(Target, 't1', 'amounts', 5);
    return 'sent';
  }
}

describe('engine: a signal sent from a workflow (SignalSent)', () => {
  it('is a recorded step that completes at once and is published to the target, keyed by its id, under an id of its step', async () => {
    const instance = await startLive(Sender, 'run', []);
    const commands = record(instance);
    expect(commands).to.deep.equal([{ type: 'SignalSent', seq: 1, workflowName: 'Target', workflowId: 't1', channel: 'amounts', value: 5 }]);
    expect(instance.code).to.deep.equal({ done: true, ok: true, value: 'sent' });
    const [out] = outgoingFor(instance, commands, 'm1', 1_000, createNames('ns'));
    expect(out).to.deep.include({ topic: createNames('ns').workflowTopic('Target'), key: 't1' });
    expect(out!.envelope.id).to.equal('w1:signal:1');
    expect(out!.envelope.message).to.deep.equal({ kind: 'SendSignal', workflowName: 'Target', workflowId: 't1', channel: 'amounts', value: 5 });
    // A redelivery of the message that caused it publishes it again, under the same id: the target applies it once.
    expect(stillPending(instance, commands)).to.deep.equal(commands);
  });

  it('is sent under an id of the sender\'s run, as a method call is: a later run under a reused id is no copy of an earlier one\'s', async () => {
    const call: HistoryEvent = { type: 'MethodCalled', seq: 2, workflowName: 'Target', workflowId: 't1', method: 'm', args: [] };
    const ids = await Promise.all(['run-a', 'run-a', 'run-b'].map(async (run) => {
      const instance = await startLive(Sender, 'run', []);
      instance.run = run;
      return outgoingFor(instance, [...record(instance), call], 'm1', 1_000, createNames('ns')).map((out) => out.envelope.id);
    }));
    expect(ids).to.deep.equal([['w1:signal:1@run-a', 'w1:call:2@run-a'], ['w1:signal:1@run-a', 'w1:call:2@run-a'], ['w1:signal:1@run-b', 'w1:call:2@run-b']]);
  });
});
