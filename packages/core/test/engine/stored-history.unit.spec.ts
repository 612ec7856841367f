import { expect } from 'chai';
import { decodeStoredEvent, toNewEvents } from '../../src/engine/stored-history';
import { CorruptHistoryError } from '../../src/errors/corrupt-history-error';
import type { HistoryEvent } from '../../src/model/history-events';
import type { StoredEvent } from '../../src/ports/history-store.port';
import { thrownBy } from '../support/rejection-of';

const STREAM = 'cadenza.BankWorkflow-w1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const stored = (data: unknown, metadata: unknown = { causationId: 'm1', at: 5 }, type = (data as { type: string }).type): StoredEvent =>
  ({ id: 'id', revision: 7, type, data, metadata });
const corrupt = (event: StoredEvent): CorruptHistoryError => {
  const error = thrownBy(() => decodeStoredEvent(STREAM, event));
  expect(error).to.be.instanceOf(CorruptHistoryError);
  expect(error).to.include({ stream: STREAM, revision: 7, code: 'CORRUPT_HISTORY' });
  return error as CorruptHistoryError;
};

describe('engine/stored-history', () => {
  describe('decodeStoredEvent', () => {
    it('decodes each kind of event with its metadata', () => {
      const events: HistoryEvent[] = [
        { type: 'WorkflowStarted', workflowName: 'W', method: 'run', args: [1], tags: [], meta: {}, parent: { workflowName: 'P', workflowId: 'p1', seq: 2 } },
        { type: 'TaskScheduled', seq: 1, service: 'S', method: 'm', args: [] },
        { type: 'TaskFailed', seq: 1, error: { name: 'Error', message: 'x', code: 'TASK_FAILED' } },
        { type: 'TaskRetried', seq: 1, retry: 1 },
        { type: 'WorkflowFailed', error: { name: 'Error', message: 'x' }, failedSeq: 1 },
        { type: 'WorkflowCanceled', reason: 'r' },
      ];
      for (const event of events) expect(decodeStoredEvent(STREAM, stored(event))).to.deep.equal({ event, metadata: { causationId: 'm1', at: 5 } });
    });

    it('refuses an unknown event type, naming it', () => {
      expect(corrupt(stored({}, undefined, 'WorkflowExploded')).reason).to.equal('unknown event type "WorkflowExploded"');
    });

    it('refuses bad data under data.<field>', () => {
      const error = corrupt(stored({ type: 'TaskScheduled', seq: '1', service: 'S', method: 'm', args: [] }));
      expect(error.reason).to.equal('at data.seq: expected number, got "1"');
      expect(error.message).to.equal(`stream ${STREAM} revision 7 cannot be decoded: at data.seq: expected number, got "1"`);
    });

    it('refuses bad metadata under metadata.<field>', () => {
      expect(corrupt(stored({ type: 'TimerFired', seq: 1 }, { causationId: 'm1' })).reason).to.equal('at metadata.at: expected number, got undefined');
    });
  });

  describe('toNewEvents', () => {
    const decided: HistoryEvent[] = [{ type: 'TaskCompleted', seq: 1, result: 1 }, { type: 'TaskScheduled', seq: 2, service: 'S', method: 'm', args: [] }, { type: 'WorkflowCompleted', result: null }];
    const metadata = { causationId: 'msg-1', at: 9 };

    it('gives the same ids when the same message is decided again', () => {
      expect(toNewEvents(STREAM, decided, metadata, 0)).to.deep.equal(toNewEvents(STREAM, decided, metadata, 0));
    });

    it('gives each event of a decision its own UUID, and keeps type, data and metadata', () => {
      const events = toNewEvents(STREAM, decided, metadata, 0);
      expect(new Set(events.map((e) => e.id)).size).to.equal(3);
      for (const e of events) expect(e.id).to.match(UUID);
      expect(events.map((e) => e.type)).to.deep.equal(['TaskCompleted', 'TaskScheduled', 'WorkflowCompleted']);
      expect(events.map((e) => e.data)).to.deep.equal(decided);
      for (const e of events) expect(e.metadata).to.deep.equal(metadata);
    });

    it('continues the numbering after events the same message caused earlier', () => {
      const all = toNewEvents(STREAM, decided, metadata, 0).map((e) => e.id);
      expect(toNewEvents(STREAM, decided.slice(1), metadata, 1).map((e) => e.id)).to.deep.equal(all.slice(1));
    });

    it('gives distinct UUIDs to the events of one message past 4,096 of them, in one decision or many', () => {
      const many: HistoryEvent[] = Array.from({ length: 10_000 }, (_, seq) => ({ type: 'TimerFired', seq }));
      const ids = toNewEvents(STREAM, many, metadata, 0).map((e) => e.id);
      expect(new Set(ids).size).to.equal(10_000);
      for (const id of ids) expect(id).to.match(UUID);
      const oneByOne = many.map((event, index) => toNewEvents(STREAM, [event], metadata, index)[0]!.id);
      expect(oneByOne).to.deep.equal(ids);
      const far = [2 ** 20, 2 ** 32, 2 ** 40].map((index) => toNewEvents(STREAM, [many[0]!], metadata, index)[0]!.id);
      expect(new Set([...ids, ...far]).size).to.equal(10_003);
    });

    it('gives different ids for another message or another stream', () => {
      const [base] = toNewEvents(STREAM, decided, metadata, 0);
      expect(toNewEvents(STREAM, decided, { ...metadata, causationId: 'msg-2' }, 0)[0]!.id).not.to.equal(base!.id);
      expect(toNewEvents('cadenza.BankWorkflow-w2', decided, metadata, 0)[0]!.id).not.to.equal(base!.id);
    });
  });
});
