import { type Client, createWorker, type RegisterWorkflowOptions, type ReplayCheck, type Workflow, type WorkflowClass } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { rejection } from '../support/rejection';
import { Flaky, flakyService, flakyState } from './fixtures';
import { BadVersionCall, type DeployResult, DeployNewArgs, DeployNewKind, DeployRollback, DeploySecond, DeployV1, DeployV2 } from './versioning.workflows';
import { service, type World } from './world';

const fast = { initialDelayMs: 1, maxDelayMs: 5 };
/** Rechecks of blocked instances within a test's time. */
const quickRecheck = { initialDelayMs: 50, backoffFactor: 2, maxDelayMs: 200 };

/** Any class of the `Deploy` workflow. */
type DeployClass = WorkflowClass<Workflow & { run(key: string): Promise<DeployResult> }>;

type Recorded = { type: string; changeId?: string; version?: number; error?: { code?: string; message?: string } };

export const versioningCases = (h: EngineHarness, world: () => World): void => {
  const state = flakyState();
  const services = [service(Flaky, flakyService(state), { retry: fast })];
  const historyOf = async (w: World, id: string): Promise<Recorded[]> =>
    (await (await w.store()).read(w.names.workflowStream('Deploy', id))).events.map((e) => e.data as Recorded);
  const markers = async (w: World, id: string) =>
    (await historyOf(w, id)).filter((e) => e.type === 'VersionMarked').map(({ changeId, version }) => ({ changeId, version }));
  const worker = (w: World, registered: ReadonlyArray<readonly [WorkflowClass, RegisterWorkflowOptions]>) =>
    w.worker({ registered, services, retainHistory: true, recheckBlocked: quickRecheck });

  /** A new instance of `code` (the newest registered class runs it), once it waits for `go`. */
  const startWaiting = async (w: World, client: Client, code: DeployClass) => {
    const id = freshName('deploy');
    const key = freshName('k');
    const handle = await client.dispatch(client.newWorkflow(code, { id }).run, key);
    await eventually(async () => expect((await historyOf(w, id)).map((e) => e.type)).to.include('ReceiveStarted'));
    return { id, key, handle };
  };
  /** An instance started on `code` that waits for `go`, its worker stopped: what a deploy finds. */
  const waitingOn = async (w: World, code: ReadonlyArray<readonly [WorkflowClass, RegisterWorkflowOptions]>) => {
    const old = await worker(w, code);
    const client = await w.client();
    const { id, key, handle } = await startWaiting(w, client, DeployV1);
    await old.stop();
    const result = handle.result();
    result.catch(() => undefined);
    return { client, id, key, handle, result };
  };
  const blockedBy = async (w: World, id: string): Promise<string | undefined> => {
    let code: string | undefined;
    await eventually(async () => {
      code = (await historyOf(w, id)).find((e) => e.type === 'WorkflowBlocked')?.error?.code;
      expect(code).to.be.a('string');
    });
    return code;
  };

  it('finishes an instance started before a deploy that added version() calls, and a new one, each on its path', async () => {
    const w = world();
    const { client, id, key, handle, result } = await waitingOn(w, [[DeployV1, {}]]);
    await worker(w, [[DeployV2, {}]]);
    const { id: newId, key: newKey, handle: fresh } = await startWaiting(w, client, DeployV2);
    await handle.send('go', 'now');
    await fresh.send('go', 'now');
    // The old instance had passed the rename (old path, 0) and reaches the extra step live (new path, 1).
    expect(await result).to.deep.equal({ a: `${key}-a:done`, extra: `${key}-extra:done`, b: `${key}-b:done`, versions: [0, 0] });
    expect(await fresh.result()).to.deep.equal({ a: `${newKey}-a2:done`, extra: `${newKey}-extra:done`, b: `${newKey}-b:done`, versions: [1, 1] });
    expect(await markers(w, id)).to.deep.equal([{ changeId: 'rename-a', version: 0 }, { changeId: 'extra-step', version: 1 }]);
    expect(await markers(w, newId)).to.deep.equal([{ changeId: 'rename-a', version: 1 }, { changeId: 'extra-step', version: 1 }]);
  });

  it('records each change once and gives the recorded version back on every replay, shifting no step', async () => {
    const w = world();
    await worker(w, [[DeployV2, {}]]);
    const client = await w.client();
    const { id, handle } = await startWaiting(w, client, DeployV2);
    await handle.send('go', 'now');
    expect((await handle.result()).versions).to.deep.equal([1, 1]);
    const history = await historyOf(w, id);
    expect(history.filter((e) => e.type === 'VersionMarked')).to.have.length(2);
    expect(history.filter((e) => e.type === 'TaskScheduled').map((e) => (e as { seq?: number }).seq)).to.deep.equal([1, 3, 4]);
  });

  it('blocks, without failing it, an instance whose code supports less than its recorded version, with VersionNotSupportedError; fixed code runs it on with no retry', async () => {
    const w = world();
    const first = await worker(w, [[DeployV2, {}]]);
    const client = await w.client();
    const { id, key, handle } = await startWaiting(w, client, DeployV2);
    await first.stop();
    const rollback = await worker(w, [[DeployRollback, {}]]);
    const result = handle.result();
    result.catch(() => undefined);
    await handle.send('go', 'now');
    expect(await blockedBy(w, id)).to.equal('VERSION_NOT_SUPPORTED');
    const blocked = (await historyOf(w, id)).find((e) => e.type === 'WorkflowBlocked')!;
    expect(blocked.error?.message).to.match(/"rename-a" is recorded at version 1, the code supports 0\.\.0/);
    expect((await historyOf(w, id)).map((e) => e.type)).to.not.include('WorkflowFailed');
    await rollback.stop();
    // The recheck the blocked instance asked for reaches a worker with code that supports it: it runs on by itself.
    await worker(w, [[DeployV2, {}]]);
    expect(await result).to.deep.equal({ a: `${key}-a2:done`, extra: `${key}-extra:done`, b: `${key}-b:done`, versions: [1, 1] });
    expect((await historyOf(w, id)).map((e) => e.type)).to.include('WorkflowRetried');
  });

  it('resumes a workflow blocked by non-determinism once a worker with fixed code starts, with no retry and no other message', async () => {
    const w = world();
    const { key, id, result } = await waitingOn(w, [[DeployV1, {}]]);
    const broken = await worker(w, [[DeployNewArgs, {}]]);
    await w.client().then((c) => c.getById(DeployV1, id).send('go', 'now'));
    expect(await blockedBy(w, id)).to.equal('NON_DETERMINISM');
    await broken.stop();
    await worker(w, [[DeployV1, {}]]);
    expect(await result).to.deep.equal({ a: `${key}-a:done`, extra: 'none', b: `${key}-b:done`, versions: [] });
  });

  it('runs versions side by side: new instances on the newest, recorded on WorkflowStarted; running ones on theirs', async () => {
    const w = world();
    const { client, id, key, handle, result } = await waitingOn(w, [[DeployV1, { version: 1 }]]);
    await worker(w, [[DeployV1, { version: 1 }], [DeploySecond, { version: 2 }]]);
    const { id: newId, key: newKey, handle: fresh } = await startWaiting(w, client, DeploySecond);
    await handle.send('go', 'now');
    await fresh.send('go', 'now');
    expect((await result).extra).to.equal('none');
    expect(await fresh.result()).to.deep.equal({ a: `${newKey}-second:done`, extra: 'version 2', b: `${newKey}-b:done`, versions: [] });
    expect((await historyOf(w, id))[0]).to.include({ type: 'WorkflowStarted', version: 1 });
    expect((await historyOf(w, newId))[0]).to.include({ type: 'WorkflowStarted', version: 2 });
    expect((await result).a).to.equal(`${key}-a:done`);
  });

  it('blocks an instance of a version this worker did not register, and a worker that has it runs it on', async () => {
    const w = world();
    const both = await worker(w, [[DeployV1, { version: 1 }], [DeploySecond, { version: 2 }]]);
    const client = await w.client();
    const { id, handle } = await startWaiting(w, client, DeploySecond);
    await both.stop();
    const older = await worker(w, [[DeployV1, { version: 1 }]]);
    const result = handle.result();
    result.catch(() => undefined);
    await handle.send('go', 'now');
    expect(await blockedBy(w, id)).to.equal('WORKFLOW_VERSION_UNKNOWN');
    // retry cannot run it here either: refused with the same error, nothing recorded.
    const refused = await rejection(handle.retry());
    expect(refused).to.include({ code: 'WORKFLOW_VERSION_UNKNOWN', version: 2 });
    expect((await historyOf(w, id)).map((e) => e.type)).to.not.include('WorkflowRetried');
    await older.stop();
    await worker(w, [[DeployV1, { version: 1 }], [DeploySecond, { version: 2 }]]);
    expect((await result).extra).to.equal('version 2');
  });

  it('refuses at registration two classes of one workflow name without distinct versions, with ConfigError', async () => {
    const w = world();
    const make = async (a: RegisterWorkflowOptions, b: RegisterWorkflowOptions) => {
      const created = createWorker({ transport: await w.transport(), history: await w.store(), namespace: w.namespace });
      return () => created.registerWorkflow(DeployV1, a).registerWorkflow(DeploySecond, b);
    };
    for (const [a, b] of [[{}, {}], [{ version: 2 }, { version: 2 }], [{}, { version: 1 }]] as const) {
      expect(await make(a, b)).to.throw(/registerWorkflow\(Deploy\)\.version/).with.property('code', 'CONFIG');
    }
    expect(await make({}, { version: 2 })).to.not.throw();
  });

  const modes: Array<[ReplayCheck, WorkflowClass, 'finishes' | 'blocks']> = [
    ['strict', DeployNewArgs, 'blocks'],
    ['simple', DeployNewArgs, 'finishes'],
    ['simple', DeployNewKind, 'blocks'],
    ['none', DeployNewKind, 'finishes'],
  ];
  for (const [replayCheck, code, outcome] of modes) {
    it(`with replayCheck '${replayCheck}', ${outcome === 'blocks' ? 'blocks' : 'replays'} a history whose first step ${code === DeployNewArgs ? 'changed its arguments' : 'became a timer'}`, async () => {
      const w = world();
      const { id, key, handle, result } = await waitingOn(w, [[DeployV1, {}]]);
      await worker(w, [[code, { replayCheck }]]);
      await handle.send('go', 'now');
      if (outcome === 'blocks') {
        expect(await blockedBy(w, id)).to.equal('NON_DETERMINISM');
        return;
      }
      const done: DeployResult = await result;
      // The recorded outcome of step 1 went to the code's step 1.
      expect(done.a).to.equal(`${key}-a:done`);
      expect(done.b).to.equal(`${key}-b:done`);
    });
  }

  it('fails the workflow with InvalidArgumentsError for a version() call whose range is empty, recording no marker', async () => {
    const w = world();
    await worker(w, [[BadVersionCall, {}]]);
    const client = await w.client();
    const id = freshName('deploy');
    const error = await rejection(client.newWorkflow(BadVersionCall, { id }).run());
    expect(error.code).to.equal('WORKFLOW_FAILED');
    expect(error.cause).to.include({ code: 'INVALID_ARGUMENTS' });
    expect(String((error.cause as Error).message)).to.match(/maxSupported: expected an integer ≥ minSupported \(2\), got 1/);
    expect(await markers(w, id)).to.deep.equal([]);
  });
};
