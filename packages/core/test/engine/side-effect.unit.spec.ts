import { expect } from 'chai';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import type { HistoryEvent } from '../../src/model/history-events';
import { replay } from '../../src/engine/replay';
import { RecordedSideEffects, takeSideEffect } from '../../src/engine/side-effect';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { defineService } from '../../src/workflow/service-definition';
import { Workflow } from '../../src/workflow/workflow';

const at = (events: HistoryEvent[]): RecordedEvent[] => events.map((event, i) => ({ event, metadata: { causationId: `m${i}`, at: 1_000 + i } }));

describe('engine/side-effect', () => {
  it('runs the function once and records a JSON copy of its value', () => {
    let runs = 0;
    const value = { at: new Date(5), list: [1, undefined] };
    const { event, outcome } = takeSideEffect('w1', 3, undefined, () => (runs++, value));
    expect(runs).to.equal(1);
    expect(event).to.deep.equal({ type: 'SideEffectRecorded', seq: 3, value: { at: '1970-01-01T00:00:00.005Z', list: [1, null] } });
    expect(outcome).to.deep.equal({ ok: true, value: event.value });
  });

  it('gives a recorded value or error without running the function', () => {
    const fn = () => expect.fail('must not run');
    expect(takeSideEffect('w1', 1, { type: 'SideEffectRecorded', seq: 1, value: 'v' }, fn).outcome).to.deep.equal({ ok: true, value: 'v' });
    const { outcome } = takeSideEffect('w1', 1, { type: 'SideEffectRecorded', seq: 1, error: { name: 'RangeError', message: 'no' } }, fn);
    expect(outcome.ok).to.equal(false);
    expect(!outcome.ok && [outcome.error.name, outcome.error.message, outcome.fatal]).to.deep.equal(['RangeError', 'no', false]);
  });

  it('records a throw, and gives the code the error as its record rebuilds it', () => {
    const { event, outcome } = takeSideEffect('w1', 2, undefined, () => {
      throw new TypeError('bad');
    });
    expect(event.error).to.include({ name: 'TypeError', message: 'bad' });
    expect(!outcome.ok && outcome.error.message).to.equal('bad');
    expect(!outcome.ok && outcome.fatal).to.equal(false);
  });

  it('records a Promise, a BigInt or a value over the limit as a fatal error', () => {
    const promise = takeSideEffect('w1', 1, undefined, () => Promise.reject(new Error('never awaited')));
    const bigint = takeSideEffect('w1', 1, undefined, () => BigInt(1));
    const large = takeSideEffect('w1', 1, undefined, () => 'é'.repeat(600), { maxValueBytes: 1_000 });
    expect([promise, bigint, large].map(({ event }) => event.error?.code)).to.deep.equal(['UNSERIALIZABLE', 'UNSERIALIZABLE', 'PAYLOAD_TOO_LARGE']);
    for (const { outcome } of [promise, bigint, large]) expect(!outcome.ok && outcome.fatal).to.equal(true);
    expect(takeSideEffect('w1', 1, undefined, () => 'é'.repeat(400), { maxValueBytes: 1_000 }).outcome.ok).to.equal(true);
  });

  it('never runs the function where the history recorded another command', () => {
    const recorded = RecordedSideEffects.of(at([
      { type: 'WorkflowStarted', workflowName: 'W', method: 'run', args: [], tags: [], meta: {} },
      { type: 'TaskScheduled', seq: 1, service: 'S', method: 'm', args: [] },
      { type: 'SideEffectRecorded', seq: 2, value: 7 },
    ]))!;
    expect(recorded.at(2)).to.deep.equal({ type: 'SideEffectRecorded', seq: 2, value: 7 });
    expect(recorded.at(3)).to.equal(undefined);
    const { outcome } = takeSideEffect('w1', 1, recorded.at(1), () => expect.fail('must not run'));
    expect(!outcome.ok && outcome.error).to.be.instanceOf(NonDeterminismError);
  });

  it('takes back a fatal side effect that a later retry follows, and only that one', () => {
    const fatal = { name: 'UnserializableValueError', message: 'bigint', code: 'UNSERIALIZABLE' };
    const recorded = RecordedSideEffects.of(at([
      { type: 'WorkflowStarted', workflowName: 'W', method: 'run', args: [], tags: [], meta: {} },
      { type: 'SideEffectRecorded', seq: 1, error: { name: 'RangeError', message: 'thrown by fn' } },
      { type: 'SideEffectRecorded', seq: 2, error: fatal },
      { type: 'WorkflowFailed', error: fatal },
      { type: 'WorkflowRetried' },
      { type: 'SideEffectRecorded', seq: 2, value: 'fixed' },
      { type: 'SideEffectRecorded', seq: 3, error: fatal },
    ]))!;
    expect([...recorded.voided]).to.deep.equal([2]);
    expect(recorded.at(1)).to.deep.include({ seq: 1 });
    expect(recorded.at(2)).to.deep.equal({ type: 'SideEffectRecorded', seq: 2, value: 'fixed' });
    expect(recorded.at(3)).to.deep.include({ error: fatal });
  });
});

interface Quotes { fetch(id: string): Promise<string> }
const Quotes = defineService<Quotes>('Quotes');
let inlineRuns = 0;

class Quoting extends Workflow {
  private readonly quotes = this.newService(Quotes);
  async run(): Promise<string> {
    const id = this.inline(() => `q${++inlineRuns}`);
    return this.quotes.fetch(id);
  }
}

describe('engine/side-effect on replay', () => {
  const started: HistoryEvent = { type: 'WorkflowStarted', workflowName: 'Quoting', method: 'run', args: [], tags: [], meta: {} };

  it('replays a recorded side effect without running it, and the command after it with its value', async () => {
    inlineRuns = 0;
    const instance = await replay(Quoting, 'w1', at([
      started, { type: 'SideEffectRecorded', seq: 1, value: 'q-recorded' }, { type: 'TaskScheduled', seq: 2, service: 'Quotes', method: 'fetch', args: ['q-recorded'] },
    ]), 2);
    expect(inlineRuns).to.equal(0);
    expect(instance.open).to.deep.equal(new Set([2]));
  });

  it('fails with NonDeterminismError naming both steps, without running it, when the history has a task there', async () => {
    inlineRuns = 0;
    const history = at([started, { type: 'TaskScheduled', seq: 1, service: 'Quotes', method: 'fetch', args: ['q'] }]);
    const error = await replay(Quoting, 'w1', history, 1).then(() => undefined, (e: unknown) => e as Error);
    expect(error).to.be.instanceOf(NonDeterminismError);
    expect(error!.message).to.contain('Quotes.fetch').and.to.contain('side effect');
    expect(inlineRuns).to.equal(0);
  });
});
