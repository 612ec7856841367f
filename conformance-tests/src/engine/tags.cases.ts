import { type Client, createClient, type HistoryStore, type Logger, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import * as t from 'io-ts';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { Flaky, flakyService, flakyState } from './fixtures';
import { service, type World } from './world';

/** Waits for `go`, then runs its label as a task and returns what the task answered. */
export class TagWaiter extends Workflow {
  static readonly channels = { go: t.string };
  private readonly flaky = this.newService(Flaky);
  async run(label: string): Promise<string> {
    const go = await this.channel<string>('go').receive();
    return `${go}:${await this.flaky.run(label)}`;
  }
}

/** Continues as new at once in its first run (before it ever waits), then waits for `go` in the second. */
export class TagHopper extends Workflow {
  static readonly channels = { go: t.string };
  async run(hops: number): Promise<string> {
    if (hops < 1) return this.continueAsNew(hops + 1);
    return `${await this.channel<string>('go').receive()}:${hops}`;
  }
}

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };
const fast = { initialDelayMs: 10, backoffFactor: 1, jitter: 0 };

/** A client of the world's namespace that reads the world's history store (the tag index). */
const tagClient = async (w: World, history?: HistoryStore): Promise<Client> => {
  const client = createClient({ transport: await w.transport(), history: history ?? (await w.store()), namespace: w.namespace, logger: silent });
  w.onClose(() => client.close());
  return client;
};

/** A world whose store keeps a tag index; the only skip is for a store that declares it keeps none. */
const indexed = async (ctx: Mocha.Context, world: () => World): Promise<World> => {
  const w = world();
  if (!(await w.store()).capabilities.tags) ctx.skip();
  return w;
};

/** Tags: the index of running instances by tag, and requests sent to all of them at once. */
export const tagCases = (_h: EngineHarness, world: () => World): void => {
  /** A worker running {@link TagWaiter}, three instances with `batch` (ids `t1`…`t3`) and one without (`u1`), all waiting for `go`. */
  const fourWaiting = async (w: World, labels: { tagged: string; untagged: string } = { tagged: 'job', untagged: 'solo' }, retainHistory = false) => {
    const state = flakyState();
    await w.worker({ workflows: [TagWaiter], services: [service(Flaky, flakyService(state), { retry: fast })], retainHistory });
    const client = await tagClient(w);
    const handles = await Promise.all(['t1', 't2', 't3'].map((id) => client.start(client.newWorkflow(TagWaiter, { id, tags: ['batch', 'other'] }).run, labels.tagged)));
    const untagged = await client.start(client.newWorkflow(TagWaiter, { id: 'u1' }).run, labels.untagged);
    await eventually(async () => expect((await client.getIds(TagWaiter, 'batch')).ids).to.deep.equal(['t1', 't2', 't3']));
    return { client, state, handles, untagged };
  };

  it('lists the three tagged instances, not the untagged one, by each tag and page after page; an unknown tag is empty', async function () {
    const w = await indexed(this, world);
    const { client } = await fourWaiting(w);
    expect(await client.getIds(TagWaiter, 'batch')).to.deep.equal({ ids: ['t1', 't2', 't3'] });
    expect(await client.getIds('TagWaiter', 'other')).to.deep.equal({ ids: ['t1', 't2', 't3'] });
    expect(await client.getIds(TagWaiter, 'batch', { limit: 2 })).to.deep.equal({ ids: ['t1', 't2'], next: 't2' });
    expect(await client.getIds(TagWaiter, 'batch', { after: 't2', limit: 2 })).to.deep.equal({ ids: ['t3'] });
    expect(await client.getIds(TagWaiter, 'nobody')).to.deep.equal({ ids: [] });
    const listed: string[] = [];
    for await (const id of client.getByTag(TagWaiter, 'batch', { pageSize: 1 }).ids()) listed.push(id);
    expect(listed).to.deep.equal(['t1', 't2', 't3']);
  });

  it('sends a signal to every instance with the tag; they end and leave the index, the untagged one still waits', async function () {
    const w = await indexed(this, world);
    const { client, handles, untagged } = await fourWaiting(w);
    const sent = await client.getByTag(TagWaiter, 'batch', { pageSize: 2 }).send('go', 'now');
    expect(sent).to.deep.equal({ count: 3, skipped: [], failed: [] });
    expect(await Promise.all(handles.map((h) => h.result()))).to.deep.equal(['now:job:done', 'now:job:done', 'now:job:done']);
    await eventually(async () => expect(await client.getIds(TagWaiter, 'batch')).to.deep.equal({ ids: [] }));
    expect(await client.getByTag(TagWaiter, 'batch').send('go', 'again'), 'nobody left').to.deep.equal({ count: 0, skipped: [], failed: [] });
    await client.getById(TagWaiter, 'u1').send('go', 'later');
    expect(await untagged.result()).to.equal('later:solo:done');
  });

  it('refuses a value the channel does not take once, before sending anything', async function () {
    const w = await indexed(this, world);
    const { client, handles } = await fourWaiting(w);
    const refused = await rejection(client.getByTag(TagWaiter, 'batch').send('go', 7 as never));
    expect(refused.code).to.equal('INVALID_ARGUMENTS');
    expect((await client.getIds(TagWaiter, 'batch')).ids).to.have.length(3);
    await client.getByTag(TagWaiter, 'batch').send('go', 'fine');
    expect(await Promise.all(handles.map((h) => h.result()))).to.have.length(3);
  });

  it('cancels every instance with the tag; the untagged one runs on', async function () {
    const w = await indexed(this, world);
    const { client, handles, untagged } = await fourWaiting(w);
    const canceled = await client.getByTag(TagWaiter, 'batch').cancel('by tag');
    expect(canceled.count).to.equal(3);
    for (const h of handles) expect((await rejection(h.result())).code).to.equal('WORKFLOW_CANCELED');
    await eventually(async () => expect(await client.getIds(TagWaiter, 'other')).to.deep.equal({ ids: [] }));
    await client.getById(TagWaiter, 'u1').send('go', 'still');
    expect(await untagged.result()).to.equal('still:solo:done');
  });

  it('retries every failed instance with the tag; a running one is skipped, not failed', async function () {
    const w = await indexed(this, world);
    const { client, state, handles } = await fourWaiting(w, { tagged: 'bad', untagged: 'fine' });
    state.terminal.add('bad');
    const waiting = await client.start(client.newWorkflow(TagWaiter, { id: 't0-running', tags: ['batch'] }).run, 'fine');
    await eventually(async () => expect((await client.getIds(TagWaiter, 'batch')).ids).to.include('t0-running'));
    for (const id of ['t1', 't2', 't3']) await client.getById(TagWaiter, id).send('go', 'try');
    for (const h of handles) expect((await rejection(h.result())).code).to.equal('WORKFLOW_FAILED');
    expect((await client.getIds(TagWaiter, 'batch')).ids, 'failed instances stay listed').to.deep.equal(['t0-running', 't1', 't2', 't3']);
    state.terminal.clear();
    const retried = await client.getByTag(TagWaiter, 'batch').retry();
    expect(retried.count).to.equal(3);
    expect(retried.failed).to.deep.equal([]);
    expect(retried.skipped.map((s) => [s.workflowId, s.error.code])).to.deep.equal([['t0-running', 'WORKFLOW_NOT_FAILED']]);
    expect(await Promise.all(['t1', 't2', 't3'].map((id) => client.getById(TagWaiter, id).result()))).to.deep.equal(['try:bad:done', 'try:bad:done', 'try:bad:done']);
    await eventually(async () => expect((await client.getIds(TagWaiter, 'batch')).ids).to.deep.equal(['t0-running']));
    await client.getById(TagWaiter, 't0-running').send('go', 'last');
    expect(await waiting.result()).to.equal('last:fine:done');
  });

  it('lists an instance whose first run continues as new before it first waits, and unlists it at its end', async function () {
    const w = await indexed(this, world);
    await w.worker({ workflows: [TagHopper] });
    const client = await tagClient(w);
    const handle = await client.start(client.newWorkflow(TagHopper, { id: 'hop', tags: ['batch'] }).run, 0);
    await eventually(async () => expect((await client.getIds(TagHopper, 'batch')).ids).to.deep.equal(['hop']));
    await client.getById(TagHopper, 'hop').send('go', 'now');
    expect(await handle.result()).to.equal('now:1');
    await eventually(async () => expect((await client.getIds(TagHopper, 'batch')).ids).to.deep.equal([]));
  });

  it('unlists an ended instance whose history is retained', async function () {
    const w = await indexed(this, world);
    const { client, handles } = await fourWaiting(w, undefined, true);
    await client.getById(TagWaiter, 't2').send('go', 'one');
    expect(await handles[1]!.result()).to.equal('one:job:done');
    await eventually(async () => expect((await client.getIds(TagWaiter, 'batch')).ids).to.deep.equal(['t1', 't3']));
    expect((await (await w.store()).read(w.names.workflowStream('TagWaiter', 't2'))).revision, 'the history is kept').to.be.a('number');
  });

  it('refuses bad tags with InvalidTagError, and answers typed errors without a store or an index', async () => {
    const w = world();
    await w.worker({ workflows: [TagWaiter], services: [service(Flaky, flakyService(flakyState()))] });
    const client = await tagClient(w);
    expect((await rejection(client.getIds(TagWaiter, ''))).code).to.equal('INVALID_TAG');
    expect((await rejection(client.getIds(TagWaiter, 'x'.repeat(257)))).code).to.equal('INVALID_TAG');
    expect(() => client.getByTag(TagWaiter, 'tab\there')).to.throw().with.property('code', 'INVALID_TAG');
    const start = await rejection(client.newWorkflow(TagWaiter, { tags: ['fine', ''] }).run('x'));
    expect([start.code, start.field]).to.deep.equal(['INVALID_TAG', 'tags.1']);
    expect((await rejection(client.getIds('not a name', 'batch'))).code).to.equal('INVALID_NAME');
    const without = await w.client();
    expect((await rejection(without.getIds(TagWaiter, 'batch'))).code).to.equal('CONFIG');
    const store = await w.store();
    const noIndex = await tagClient(w, { ...store, capabilities: { ...store.capabilities, tags: false }, close: async () => undefined });
    expect((await rejection(noIndex.getByTag(TagWaiter, 'batch').cancel())).code).to.equal('TAGS_UNSUPPORTED');
  });
};
