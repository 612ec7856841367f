import { Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { freshName } from '../support/fresh-name';
import { rejection } from '../support/rejection';
import { Flaky, flakyService, flakyState } from './fixtures';
import { service, type World } from './world';

/** How many times each key's side effect ran, across every replay of every test. */
const runs = new Map<string, number>();
const ran = (key: string): number => {
  const count = (runs.get(key) ?? 0) + 1;
  runs.set(key, count);
  return count;
};
/** Every id `uuid()` gave, per key, across replays. */
const uuidsSeen = new Map<string, string[]>();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Side effects around tasks, so that the replay-every-step mode replays past them at every step. */
class EffectsWorkflow extends Workflow {
  private readonly flaky = this.newService(Flaky);

  async once(key: string): Promise<{ first: { run: number; token: string }; tasks: string[]; second: number }> {
    const first = this.inline(() => ({ run: ran(key), token: `${key}:${Math.random()}` }));
    const a = await this.flaky.run(`${key}-a`);
    const second = this.inline(() => ran(`${key}-second`));
    const b = await this.flaky.run(`${key}-b`);
    return { first, tasks: [a, b], second };
  }

  async throws(key: string): Promise<string> {
    let caught = 'nothing';
    try {
      this.inline(() => {
        ran(key);
        throw new RangeError(`no quote for ${key}`);
      });
    } catch (error) {
      caught = `${(error as Error).name}: ${(error as Error).message}`;
    }
    await this.flaky.run(key);
    return caught;
  }

  async nothing(key: string): Promise<string> {
    const value = this.inline(() => void ran(key));
    await this.flaky.run(key);
    return typeof value;
  }

  async promise(key: string): Promise<unknown> {
    await this.flaky.run(key);
    return this.inline(() => Promise.resolve(ran(key)));
  }

  async bigint(key: string): Promise<unknown> {
    await this.flaky.run(key);
    return this.inline(() => BigInt(ran(key)));
  }

  async huge(key: string): Promise<unknown> {
    await this.flaky.run(key);
    // The workflow catches it, and still fails: the value could not be recorded.
    try {
      return this.inline(() => 'x'.repeat(300_000 + ran(key)));
    } catch {
      return 'caught';
    }
  }

  /** The first run records a value JSON cannot carry; once that is fixed (any later run), `retry` records a good one. */
  async fixedOnRetry(key: string): Promise<number> {
    await this.flaky.run(key);
    const value = this.inline(() => {
      const run = ran(key);
      return run === 1 ? (BigInt(run) as unknown as number) : run;
    });
    await this.flaky.run(`${key}-after`);
    return value;
  }

  async waits(key: string): Promise<number> {
    const run = this.inline(() => ran(key));
    await this.channel<string>('go').receive();
    return run;
  }

  async ids(key: string): Promise<string[]> {
    const a = this.uuid();
    uuidsSeen.set(key, [...(uuidsSeen.get(key) ?? []), a]);
    await this.flaky.run(key);
    const b = this.uuid();
    return [a, b];
  }
}

export const effectCases = (h: EngineHarness, world: () => World): void => {
  const start = async (w: World) => {
    await w.worker({ workflows: [EffectsWorkflow], services: [service(Flaky, flakyService(flakyState()))], retainHistory: true });
    return w.client();
  };
  const historyOf = async (w: World, workflowId: string) =>
    (await (await w.store()).read(w.names.workflowStream('EffectsWorkflow', workflowId))).events.map((e) => e.data as { type: string; seq?: number; value?: unknown; error?: { code?: string } });

  it('runs an inline function once, records its value, and gives the recorded value on every replay', async () => {
    const w = world();
    const client = await start(w);
    const key = freshName('once');
    const id = freshName('effects');
    const result = await client.newWorkflow(EffectsWorkflow, { id }).once(key);
    expect(result.first.run).to.equal(1);
    expect(result.second).to.equal(1);
    expect(result.tasks).to.deep.equal([`${key}-a:done`, `${key}-b:done`]);
    expect(runs.get(key)).to.equal(1);
    expect(runs.get(`${key}-second`)).to.equal(1);
    const recorded = (await historyOf(w, id)).filter((e) => e.type === 'SideEffectRecorded');
    expect(recorded).to.deep.equal([{ type: 'SideEffectRecorded', seq: 1, value: result.first }, { type: 'SideEffectRecorded', seq: 3, value: 1 }]);
  });

  it('runs an inline function once when the same start comes again for an instance that is not in the cache', async () => {
    const w = world();
    const client = await start(w);
    const key = freshName('restart');
    const id = freshName('effects');
    const first = await client.start(client.newWorkflow(EffectsWorkflow, { id }).waits, key);
    // A caller attaching and a retried request: the same start twice more (replaying every step, nothing is cached).
    const again = await client.start(client.newWorkflow(EffectsWorkflow, { id }).waits, key);
    await client.start(client.newWorkflow(EffectsWorkflow, { id }).waits, key);
    await client.getById(EffectsWorkflow, id).send('go', 'now');
    expect(await first.result()).to.equal(1);
    expect(await again.result()).to.equal(1);
    expect(runs.get(key)).to.equal(1);
  });

  it('records a throw inside an inline function and throws it at that point of the code, on replays too', async () => {
    const w = world();
    const client = await start(w);
    const key = freshName('throws');
    expect(await client.newWorkflow(EffectsWorkflow).throws(key)).to.equal(`RangeError: no quote for ${key}`);
    expect(runs.get(key)).to.equal(1);
  });

  it('gives undefined back as undefined, and records no value for it', async () => {
    const w = world();
    const client = await start(w);
    const key = freshName('nothing');
    const id = freshName('effects');
    expect(await client.newWorkflow(EffectsWorkflow, { id }).nothing(key)).to.equal('undefined');
    expect(runs.get(key)).to.equal(1);
    expect((await historyOf(w, id)).find((e) => e.type === 'SideEffectRecorded')).to.deep.equal({ type: 'SideEffectRecorded', seq: 1 });
  });

  const fatal = [['promise', 'UNSERIALIZABLE'], ['bigint', 'UNSERIALIZABLE'], ['huge', 'PAYLOAD_TOO_LARGE']] as const;
  for (const [method, code] of fatal) {
    it(`fails the workflow with ${code} when an inline value cannot be recorded (${method}), even if the code catches it`, async () => {
      const w = world();
      const client = await start(w);
      const key = freshName(method);
      const id = freshName('effects');
      const error = await rejection(client.newWorkflow(EffectsWorkflow, { id })[method](key));
      expect(error.code).to.equal('WORKFLOW_FAILED');
      expect((error.cause as { code?: string }).code).to.equal(code);
      expect(runs.get(key)).to.equal(1);
      const history = await historyOf(w, id);
      expect(history.find((e) => e.type === 'SideEffectRecorded')?.error?.code).to.equal(code);
      expect(history[history.length - 1]!.type).to.equal('WorkflowFailed');
    });
  }

  it('runs an inline function again when retry takes back a value that could not be recorded, and records the new one', async () => {
    const w = world();
    const client = await start(w);
    const key = freshName('fixed');
    const id = freshName('effects');
    const error = await rejection(client.newWorkflow(EffectsWorkflow, { id }).fixedOnRetry(key));
    expect((error.cause as { code?: string }).code).to.equal('UNSERIALIZABLE');
    const handle = client.getById(EffectsWorkflow, id);
    await handle.retry();
    expect(await handle.result()).to.equal(2);
    expect(runs.get(key)).to.equal(2);
    const recorded = (await historyOf(w, id)).filter((e) => e.type === 'SideEffectRecorded');
    expect(recorded.map((e) => e.value ?? e.error?.code)).to.deep.equal(['UNSERIALIZABLE', 2]);
  });

  it('gives each uuid() a UUID that stays the same on replays, distinct within a run and between instances', async () => {
    const w = world();
    const client = await start(w);
    const [k1, k2] = [freshName('ids'), freshName('ids')];
    const [first, second] = await Promise.all([client.newWorkflow(EffectsWorkflow).ids(k1), client.newWorkflow(EffectsWorkflow).ids(k2)]);
    for (const id of [...first!, ...second!]) expect(id).to.match(UUID);
    expect(first![0]).to.not.equal(first![1]);
    expect(first![0]).to.not.equal(second![0]);
    expect(new Set(uuidsSeen.get(k1))).to.deep.equal(new Set([first![0]]));
    expect(new Set(uuidsSeen.get(k2))).to.deep.equal(new Set([second![0]]));
  });
};
