import { expect } from 'chai';
import { ValidationError } from 'cloudevents';
import { isRight } from 'fp-ts/lib/Either';
import { EVENT_CATALOGUE, EVENT_TYPES, catalogueEntry } from '../../src/events/event-catalogue';
import { cloudEventsOf } from '../../src/events/cloud-events-of';
import type { CadenzaCloudEvent } from '../../src/events/cadenza-cloud-event';
import { Envelope } from '../../src/model/envelope';
import { workflowRunId } from '../../src/model/names';
import { attemptFailed, everyEntry, RUN, workflowEvents } from './fixtures';

const NS = { namespace: 'ns' };
const all = (): CadenzaCloudEvent[] => [
  ...cloudEventsOf(workflowEvents(everyEntry), NS),
  ...cloudEventsOf(attemptFailed({ retryInMs: 1_500 }), NS),
  ...cloudEventsOf(attemptFailed({ attempt: 12 }), NS),
];

describe('events/cloud-events-of', () => {
  it('has one catalogue entry per type, each io.cadenza.<entity>.<event>', () => {
    expect(new Set(EVENT_TYPES).size).to.equal(EVENT_CATALOGUE.length);
    for (const entry of EVENT_CATALOGUE) expect(entry.type.startsWith(`io.cadenza.${entry.entity}.`), entry.type).to.equal(true);
  });

  it('produces every catalogue type from some history event or message', () => {
    expect([...new Set(all().map((e) => e.type))].sort()).to.deep.equal([...EVENT_TYPES].sort());
  });

  it('gives only valid CloudEvents 1.0, whose data its catalogue codec accepts', () => {
    for (const event of all()) {
      expect(event.validate(), event.type).to.equal(true);
      expect(event.specversion).to.equal('1.0');
      expect(event.datacontenttype).to.equal('application/json');
      expect(isRight(catalogueEntry(event.type)!.data.decode(event.data)), `${event.type} data`).to.equal(true);
    }
  });

  it('gives events as valid, and equal to the first ones, when built again for sources it has already checked', () => {
    const first = all();
    const again = all();
    expect(again).to.deep.equal(first);
    for (const event of again) {
      expect(event.validate(), event.type).to.equal(true);
      expect(Object.isFrozen(event), event.type).to.equal(true);
      expect(isRight(catalogueEntry(event.type)!.data.decode(event.data)), `${event.type} data`).to.equal(true);
    }
  });

  it('throws the SDK\'s ValidationError for an event that would be invalid, even once its source was checked', () => {
    cloudEventsOf(attemptFailed({ retryInMs: 5 }), NS);
    expect(() => cloudEventsOf(attemptFailed({ attempt: 1.5 }), NS)).to.throw(ValidationError);
    expect(() => cloudEventsOf(attemptFailed({ workflowId: '' }), NS)).to.throw(ValidationError);
    expect(() => cloudEventsOf(attemptFailed(), { namespace: 'a b%' })).to.throw(ValidationError);
  });

  it('marks a timer that a client completed (completeTimers) on its timer.fired, and only that one', () => {
    const fired = cloudEventsOf(workflowEvents(everyEntry), NS).filter((e) => e.type === 'io.cadenza.timer.fired').map((e) => e.data);
    expect(fired).to.deep.equal([{ workflowName: 'BankWorkflow', workflowId: 'w1', seq: 3 }, { workflowName: 'BankWorkflow', workflowId: 'w1', seq: 8, byClient: true }]);
  });

  it('names the workflow or the service as source, the instance as subject, and sets the extensions', () => {
    const events = cloudEventsOf(workflowEvents(everyEntry), NS);
    const started = events.find((e) => e.type === 'io.cadenza.workflow.started')!;
    expect(started).to.deep.include({ source: '/cadenza/ns/workflows/BankWorkflow', subject: 'w1', time: new Date(1_000).toISOString() });
    expect(started).to.deep.include({ cadenzanamespace: 'ns', cadenzaworkflow: 'BankWorkflow', cadenzaworkflowid: 'w1' });
    expect(started.cadenzataskid).to.equal(undefined);
    const attempt = events.find((e) => e.type === 'io.cadenza.task.attempt.started')!;
    expect(attempt).to.deep.include({ source: '/cadenza/ns/services/BankService', cadenzataskid: 'w1:1', cadenzaattempt: 1 });
    for (const event of all()) {
      for (const name of Object.keys(event).filter((k) => k.startsWith('cadenza'))) expect(name.length, name).to.be.at.most(20);
    }
  });

  it('tells a failed attempt with its error and the delay before the next, and schedules that next one', () => {
    const [failed, next] = cloudEventsOf(attemptFailed({ retryInMs: 1_500 }), NS);
    expect(failed!.type).to.equal('io.cadenza.task.attempt.failed');
    expect(failed!.data).to.deep.include({ attempt: 1, retryInMs: 1_500, error: { name: 'Error', message: 'bank down', code: 'X', retriable: true } });
    expect(next!.data).to.deep.include({ attempt: 2, dueAt: 3_500 });
    const forGood = cloudEventsOf(attemptFailed({ attempt: 12 }), NS);
    expect(forGood.map((e) => e.type)).to.deep.equal(['io.cadenza.task.attempt.failed']);
    expect(forGood[0]!.data).not.to.have.property('retryInMs');
  });

  it('says received for a signal a receive waited for, buffered for one that waits itself, and received when a receive takes it', () => {
    const signals = everyEntry.filter((e) => e.event.type === 'SignalReceived' || e.event.type === 'ReceiveStarted');
    const events = cloudEventsOf(workflowEvents(signals), NS);
    expect(events.map((e) => e.type)).to.deep.equal([
      'io.cadenza.signal.sent', 'io.cadenza.signal.received', 'io.cadenza.signal.sent', 'io.cadenza.signal.buffered', 'io.cadenza.signal.received',
    ]);
    expect(events[4]!.data).to.deep.include({ channel: 'go', value: 2 });
  });

  it('gives [] for an envelope that carries no events', () => {
    expect(cloudEventsOf({ v: 1, id: 'x', at: 1, message: { kind: 'TimerFired', workflowName: 'W', workflowId: 'w1', seq: 1 } }, NS)).to.deep.equal([]);
  });

  describe('ids', () => {
    it('are the same when the envelope is derived again, or comes back through the wire', () => {
      const envelope = workflowEvents(everyEntry);
      const wire = Envelope.decode(JSON.parse(JSON.stringify(envelope)));
      if (!isRight(wire)) throw new Error('does not decode');
      expect(cloudEventsOf(wire.right, NS).map((e) => e.id)).to.deep.equal(cloudEventsOf(envelope, NS).map((e) => e.id));
      expect(cloudEventsOf(attemptFailed(), NS).map((e) => e.id)).to.deep.equal(cloudEventsOf(attemptFailed(), NS).map((e) => e.id));
    });

    it('are distinct within a run, and never shared by two runs under one workflow id', () => {
      const ids = (run: string) => [
        ...cloudEventsOf(workflowEvents(everyEntry, run), NS),
        ...cloudEventsOf(attemptFailed({ run, retryInMs: 5 }), NS),
      ].map((e) => e.id);
      const first = ids(RUN);
      const second = ids('0b9d8c7e-0000-5000-8000-000000000002');
      expect(new Set(first).size).to.equal(first.length);
      expect(first.filter((id) => second.includes(id))).to.deep.equal([]);
    });

    it('start from a run that only the same start gives again (name, id, starting message and time)', () => {
      const run = (causationId: string, at: number) => workflowRunId('BankWorkflow', 'w1', { causationId, at });
      expect(run('msg-1', 1_000)).to.equal(run('msg-1', 1_000));
      expect(new Set([run('msg-1', 1_000), run('msg-2', 1_000), run('msg-1', 1_001), workflowRunId('Other', 'w1', { causationId: 'msg-1', at: 1_000 })]).size).to.equal(4);
    });

    it('of an attempt whose task message had no run, still repeat for the envelope and differ for another run of it', () => {
      const withoutRun = (at: number) => {
        const envelope = attemptFailed();
        const { run: _run, ...message } = envelope.message as { run?: string };
        return { ...envelope, at, message: message as typeof envelope.message };
      };
      const ids = (at: number) => cloudEventsOf(withoutRun(at), NS).map((e) => e.id);
      expect(ids(2_000)).to.deep.equal(ids(2_000));
      expect(ids(2_000)[0]).not.to.equal(ids(9_000)[0]);
    });

    it('are distinct across more than 4,096 events of one workflow', () => {
      const entries = Array.from({ length: 5_000 }, (_, index) => ({ index, event: { type: 'TimerFired' as const, seq: index } }));
      const ids = cloudEventsOf(workflowEvents(entries), NS).map((e) => e.id);
      expect(ids).to.have.length(5_000);
      expect(new Set(ids).size).to.equal(5_000);
    });
  });
});
