import { expect } from 'chai';
import { commandsMatch, type CommandEvent, sameTarget } from '../../src/engine/commands';
import { progress } from '../../src/engine/progress';
import { outgoingFor } from '../../src/engine/outgoing-messages';
import { DEFAULT_RECHECK, recheckDelay, resolveRecheckPolicy } from '../../src/engine/recheck-policy';
import { QueryNotReadOnlyError } from '../../src/errors/query-not-read-only-error';
import { VersionMarkedData, WorkflowDispatchedData } from '../../src/events/event-data';
import { specsOfEntry } from '../../src/events/history-event-specs';
import { createNames } from '../../src/model/names';
import { replay } from '../../src/engine/replay';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { recordedVersions, VersionMarkers } from '../../src/engine/version-markers';
import { WorkflowVersions } from '../../src/engine/workflow-versions';
import { ConfigError } from '../../src/errors/config-error';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import { VersionNotSupportedError } from '../../src/errors/version-not-supported-error';
import { WorkflowVersionUnknownError } from '../../src/errors/workflow-version-unknown-error';
import { toErrorData } from '../../src/model/error-data';
import type { HistoryEvent, HistoryEventOf } from '../../src/model/history-events';
import { defineService } from '../../src/workflow/service-definition';
import { Workflow } from '../../src/workflow/workflow';
import { decision, taskScheduled, workflowStarted } from '../support/history';
import { rejectionOf } from '../support/rejection-of';

interface Steps {
  step(label: string): Promise<string>;
}
const Steps = defineService<Steps>('Steps');

/** Before the change: one step, then another. */
class Before extends Workflow {
  static readonly workflowName = 'Changing';
  private readonly steps = this.newService(Steps);
  async run(): Promise<string[]> {
    return [await this.steps.step('one'), await this.steps.step('two')];
  }
}

/** After it: step one renamed behind `version('rename', 1)`; the versions it got are kept for the test. */
class After extends Workflow {
  static readonly workflowName = 'Changing';
  static readonly seen: number[] = [];
  private readonly steps = this.newService(Steps);
  async run(): Promise<string[]> {
    const v = this.version('rename', 1);
    After.seen.push(v);
    const one = await this.steps.step(v >= 1 ? 'one-renamed' : 'one');
    After.seen.push(this.version('rename', 1));
    After.seen.push(this.version('extra', 1));
    return [one, await this.steps.step('two')];
  }
}

/** Supports only version 0 of the rename. */
class RolledBack extends Workflow {
  static readonly workflowName = 'Changing';
  private readonly steps = this.newService(Steps);
  async run(): Promise<string[]> {
    this.version('rename', 0);
    return [await this.steps.step('one')];
  }
}

const started = workflowStarted('Changing', 'run', []);
const stepOne = (label = 'one') => taskScheduled(1, 'Steps', 'step', [label]);
const marker = (version: number, changeId = 'rename'): HistoryEvent => ({ type: 'VersionMarked', changeId, version });

describe('engine/versioning', () => {
  beforeEach(() => After.seen.splice(0));

  describe('VersionMarkers', () => {
    it('gives the newest version live, the oldest in replay, records each change once, and agrees on later calls', () => {
      const markers = new VersionMarkers();
      expect(markers.versionOf('w1', 'a', { minSupported: 0, maxSupported: 2 }, false)).to.equal(2);
      expect(markers.versionOf('w1', 'b', { minSupported: 1, maxSupported: 3 }, true)).to.equal(1);
      expect(markers.versionOf('w1', 'a', { minSupported: 0, maxSupported: 5 }, true)).to.equal(2);
      expect(markers.take()).to.deep.equal([{ type: 'VersionMarked', changeId: 'a', version: 2 }, { type: 'VersionMarked', changeId: 'b', version: 1 }]);
      expect(markers.take()).to.deep.equal([]);
    });

    it('throws VersionNotSupportedError for a recorded version above the max or below the min, naming the range', () => {
      const markers = new VersionMarkers(new Map([['a', 2]]));
      expect(() => markers.versionOf('w1', 'a', { minSupported: 0, maxSupported: 1 }, false)).to.throw(VersionNotSupportedError, /"a" is recorded at version 2, the code supports 0\.\.1/);
      expect(() => markers.versionOf('w1', 'a', { minSupported: 3, maxSupported: 4 }, false)).to.throw(VersionNotSupportedError);
      expect(markers.take()).to.deep.equal([]);
    });

    it('reads the first marker of each change from a history', () => {
      const events = decision('m', 1, started, marker(1), { type: 'VersionMarked', changeId: 'rename', version: 3 }, { type: 'VersionMarked', changeId: 'x', version: 0 });
      expect(recordedVersions(events)).to.deep.equal(new Map([['rename', 1], ['x', 0]]));
      expect(recordedVersions(decision('m', 1, started))).to.equal(undefined);
    });
  });

  describe('replay', () => {
    it('takes the old path, with no step shifted, for a history that passed the call without a marker, and records it', async () => {
      const events = [...decision('run', 1, started, stepOne())];
      const instance = await replay(After, 'w1', events, 1);
      expect(After.seen).to.deep.equal([0]);
      expect(instance.takeCommands()).to.deep.equal([]);
      const decided = progress(instance);
      expect(decided).to.deep.equal([marker(0)]);
    });

    it('gives back the recorded version on replay', async () => {
      const events = [...decision('run', 1, started, marker(1), stepOne('one-renamed')), ...decision('t1', 2, { type: 'TaskCompleted', seq: 1, result: 'x' }, taskScheduled(2, 'Steps', 'step', ['two']))];
      const instance = await replay(After, 'w1', events, 4);
      // `extra` was reached in replay with no marker: the code that recorded the history passed it (old path).
      expect(After.seen).to.deep.equal([1, 1, 0]);
      expect(progress(instance)).to.deep.equal([marker(0, 'extra')]);
    });

    it('gives the newest version at a step that blocked the workflow (the code did not run on there)', async () => {
      const blocked: HistoryEvent = { type: 'WorkflowBlocked', error: toErrorData(new NonDeterminismError('w1', 1, 'a', 'b')) };
      const events = [...decision('run', 1, started, stepOne()), ...decision('t1', 2, { type: 'TaskCompleted', seq: 1, result: 'x' }, blocked)];
      const instance = await replay(After, 'w1', events, 3);
      // Old path at the start (recorded before the block), newest after the step that blocked.
      expect(After.seen).to.deep.equal([0, 0, 1]);
      expect(progress(instance)).to.deep.equal([{ type: 'WorkflowRetried' }, marker(0), marker(1, 'extra'), taskScheduled(2, 'Steps', 'step', ['two'])]);
    });

    it('blocks, not fails, code that supports less than the recorded version', async () => {
      const events = [...decision('run', 1, started, marker(1), stepOne('one-renamed'))];
      const instance = await replay(RolledBack, 'w1', events, 2);
      expect(instance.broken).to.be.instanceOf(VersionNotSupportedError);
      const decided = progress(instance);
      expect(decided.map((e) => e.type)).to.deep.equal(['WorkflowBlocked']);
      expect((decided[0] as HistoryEventOf<'WorkflowBlocked'>).error.code).to.equal('VERSION_NOT_SUPPORTED');
      expect(instance.status).to.equal('blocked');
    });

    it("replays changed arguments under 'simple' and a changed kind under 'none', and refuses both under 'strict'", async () => {
      const renamed: RecordedEvent[] = decision('run', 1, started, stepOne('other'));
      expect(await rejectionOf(replay(Before, 'w1', renamed, 1))).to.be.instanceOf(NonDeterminismError);
      expect((await replay(Before, 'w1', renamed, 1, { replayCheck: 'simple' })).takeCommands()).to.deep.equal([]);
      const timer: RecordedEvent[] = decision('run', 1, started, { type: 'TimerStarted', seq: 1, fireAt: 5 });
      expect(await rejectionOf(replay(Before, 'w1', timer, 1, { replayCheck: 'simple' }))).to.be.instanceOf(NonDeterminismError);
      const instance = await replay(Before, 'w1', [...timer, ...decision('t', 2, { type: 'TimerFired', seq: 1 })], 2, { replayCheck: 'none' });
      expect(instance.takeCommands().map((c) => c.type)).to.deep.equal(['TaskScheduled']);
    });
  });

  describe('queries', () => {
    it('may read a version the instance has, and may not decide a new one', async () => {
      const instance = await replay(After, 'w1', [...decision('run', 1, started, marker(1), stepOne('one-renamed'))], 2);
      expect(await instance.whileQuerying('q', () => instance.version('rename', 1, 0))).to.equal(1);
      expect(await rejectionOf(instance.whileQuerying('q', () => instance.version('brand-new', 1, 0)))).to.be.instanceOf(QueryNotReadOnlyError);
      expect(instance.takeVersionMarkers()).to.deep.equal([]);
    });
  });

  describe('sameTarget and commandsMatch', () => {
    const task = (args: unknown[], method = 'step'): CommandEvent => ({ type: 'TaskScheduled', seq: 1, service: 'Steps', method, args });
    it('compares kind and target, not arguments', () => {
      expect(sameTarget(task(['a']), task(['b']))).to.equal(true);
      expect(sameTarget(task(['a']), task(['a'], 'other'))).to.equal(false);
      expect(sameTarget(task([]), { type: 'TimerStarted', seq: 1, fireAt: 0 })).to.equal(false);
      const child = (workflowId: string, args: unknown[]): CommandEvent => ({ type: 'ChildWorkflowStarted', seq: 2, workflowName: 'C', workflowId, method: 'run', args, tags: [], meta: {} });
      expect(sameTarget(child('w1.2', [1]), child('other', [2]))).to.equal(true);
      expect(sameTarget({ type: 'SignalSent', seq: 3, workflowName: 'W', workflowId: 'a', channel: 'c', value: 1 }, { type: 'SignalSent', seq: 3, workflowName: 'W', workflowId: 'b', channel: 'c', value: 2 })).to.equal(true);
      expect(sameTarget({ type: 'ReceiveStarted', seq: 3, channel: 'c' }, { type: 'ReceiveStarted', seq: 3, channel: 'd' })).to.equal(false);
    });

    it('applies each check', () => {
      expect(commandsMatch('strict', task(['a']), task(['b']))).to.equal(false);
      expect(commandsMatch('simple', task(['a']), task(['b']))).to.equal(true);
      expect(commandsMatch('none', task(['a']), { type: 'TimerStarted', seq: 9, fireAt: 0 })).to.equal(true);
    });
  });

  describe('WorkflowVersions', () => {
    it('starts new instances on the newest version and replays each on the version it recorded (none: 1)', () => {
      const versions = new WorkflowVersions('Changing').add(Before, { version: 1 }).add(After, { version: 3, replayCheck: 'simple' });
      expect(versions.newest).to.include({ workflowClass: After, version: 3, explicit: true, replayCheck: 'simple' });
      expect(versions.of(started as HistoryEventOf<'WorkflowStarted'>, 'w1')).to.include({ workflowClass: Before, replayCheck: 'strict' });
      const unknown = versions.of({ ...(started as HistoryEventOf<'WorkflowStarted'>), version: 2 }, 'w1');
      expect(unknown).to.be.instanceOf(WorkflowVersionUnknownError).with.property('message', 'workflow Changing w1 started on version 2; this worker registered version 1, 3');
    });

    it('refuses a taken version, a bad version and a bad replay check with ConfigError', () => {
      const versions = WorkflowVersions.of(Before);
      expect(versions.newest).to.include({ version: 1, explicit: false });
      expect(() => versions.add(After, {})).to.throw(ConfigError, /registerWorkflow\(Changing\)\.version.*Before has it/);
      expect(() => versions.add(After, { version: 0 })).to.throw(ConfigError, /an integer ≥ 1/);
      expect(() => versions.add(After, { version: 2, replayCheck: 'loose' as never })).to.throw(ConfigError, /one of none, simple, strict/);
    });
  });

  describe('rechecks of a blocked instance', () => {
    const blocked: HistoryEvent = { type: 'WorkflowBlocked', error: toErrorData(new NonDeterminismError('w1', 1, 'a', 'b')) };
    const names = createNames('ns');
    it('asks for a first recheck of its round after the first delay when the block is recorded, and none with rechecks off', async () => {
      const instance = await replay(Before, 'w1', [...decision('run', 1, started, stepOne())], 1);
      const recheck = outgoingFor(instance, [blocked], 'm1', 1_000, names, { recheck: DEFAULT_RECHECK });
      expect(recheck).to.have.length(1);
      expect(recheck[0]).to.deep.include({ topic: names.workflowTopic('Changing'), key: 'w1', deliverAt: 6_000 });
      expect(recheck[0]!.envelope).to.deep.include({ causationId: 'm1', message: { kind: 'RecheckWorkflow', workflowName: 'Changing', workflowId: 'w1', round: 0, attempt: 1 } });
      expect(outgoingFor(instance, [blocked], 'm1', 1_000, names)).to.deep.equal([]);
    });
  });

  describe('CloudEvents', () => {
    const step = { workflowName: 'Changing', workflowId: 'w1', run: 'run-1', at: 1_000 };
    it('says which class version an instance was dispatched on, and what a marker recorded', () => {
      const [dispatched] = specsOfEntry(step, { index: 0, event: { ...(started as HistoryEventOf<'WorkflowStarted'>), version: 2 } });
      expect(dispatched).to.deep.include({ type: 'io.cadenza.workflow.dispatched' });
      expect(dispatched!.data).to.include({ version: 2 });
      expect(WorkflowDispatchedData.is(dispatched!.data)).to.equal(true);
      const [marked] = specsOfEntry(step, { index: 1, event: marker(1) });
      expect(marked).to.deep.include({ type: 'io.cadenza.version.marked', data: { workflowName: 'Changing', workflowId: 'w1', changeId: 'rename', version: 1 } });
      expect(VersionMarkedData.is(marked!.data)).to.equal(true);
      expect(specsOfEntry(step, { index: 0, event: started })[0]!.data).to.not.have.property('version');
    });
  });

  describe('recheck policy', () => {
    it('backs off from the first delay by the factor, capped, with documented defaults', () => {
      const policy = resolveRecheckPolicy()!;
      expect(policy).to.deep.equal(DEFAULT_RECHECK);
      expect([1, 2, 3].map((n) => recheckDelay(policy, n))).to.deep.equal([5_000, 10_000, 20_000]);
      expect(recheckDelay(policy, 1_000)).to.equal(300_000);
      expect(resolveRecheckPolicy(false)).to.equal(undefined);
      expect(() => resolveRecheckPolicy({ backoffFactor: 0.5 })).to.throw(ConfigError, /backoffFactor/);
      expect(() => resolveRecheckPolicy({ initialDelayMs: -1 })).to.throw(ConfigError, /initialDelayMs/);
    });
  });
});
