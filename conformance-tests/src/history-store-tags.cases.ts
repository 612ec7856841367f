import { hasErrorCode, type HistoryStore, type NewEvent, type TagIndexEntry, type TagPage } from '@cadenza/core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { freshName } from './support/fresh-name';

const event = (type: string): NewEvent => ({ id: randomUUID(), type, data: { n: 1 }, metadata: { causationId: randomUUID(), at: 1_700_000_000_000 } });

const expectCode = async (promise: Promise<unknown>, code: string): Promise<void> => {
  try {
    await promise;
  } catch (error) {
    expect(hasErrorCode(error, code as never), `expected code ${code}, got ${String(error)}`).to.equal(true);
    return;
  }
  throw new Error(`expected a rejection with code ${code}, but it resolved`);
};

/** Every id under the tag, page after page of `limit`. */
const allIds = async (store: HistoryStore, scope: string, tag: string, limit = 500): Promise<string[]> => {
  const ids: string[] = [];
  let page: TagPage = await store.tagIds!(scope, tag, { limit });
  ids.push(...page.ids);
  while (page.next !== undefined) {
    page = await store.tagIds!(scope, tag, { after: page.next, limit });
    ids.push(...page.ids);
  }
  return ids;
};

/** Starts a stream of `scope` under `id` with `tags`, as the engine's first append does. */
const startTagged = async (store: HistoryStore, scope: string, id: string, tags: readonly string[]): Promise<string> => {
  const stream = `${scope}-${id}`;
  const index: TagIndexEntry = { scope, id, tags };
  await store.append(stream, [event('WorkflowStarted')], 'no-stream', { index });
  return stream;
};

/**
 * The tag index of the `HistoryStore` port ("The tag index" in history-store.port.ts), for a store whose
 * `capabilities.tags` is true; the only skip is for a store that declares it keeps none.
 */
export const tagIndexCases = (store: () => HistoryStore): void => {
  let scope: string;
  beforeEach(function () {
    if (!store().capabilities.tags) return this.skip(); // the store declares it keeps no tag index
    scope = freshName('scope');
  });

  it('lists a stream under each of its tags after its first append, and nowhere else', async () => {
    await startTagged(store(), scope, 'a', ['red', 'blue']);
    await startTagged(store(), scope, 'b', ['red']);
    await store().append(`${scope}-c`, [event('WorkflowStarted')], 'no-stream');
    expect(await allIds(store(), scope, 'red')).to.deep.equal(['a', 'b']);
    expect(await allIds(store(), scope, 'blue')).to.deep.equal(['a']);
    expect(await store().tagIds!(scope, 'green')).to.deep.equal({ ids: [] });
    expect(await store().tagIds!(freshName('scope'), 'red'), 'another scope').to.deep.equal({ ids: [] });
  });

  it('removes the entries when the stream is deleted (with or without a kept outcome) or untagged', async () => {
    const gone = await startTagged(store(), scope, 'gone', ['t']);
    const kept = await startTagged(store(), scope, 'kept', ['t']);
    const untagged = await startTagged(store(), scope, 'untagged', ['t', 'u']);
    await startTagged(store(), scope, 'stays', ['t']);
    await store().delete(gone);
    await store().delete(kept, { outcome: { status: 'completed', result: 1 }, until: Date.now() + 3_600_000 });
    await store().untag!(untagged);
    expect(await allIds(store(), scope, 't')).to.deep.equal(['stays']);
    expect(await allIds(store(), scope, 'u')).to.deep.equal([]);
    expect((await store().read(untagged)).revision, 'untag keeps the history').to.equal(0);
  });

  it('writes no entry for a first append that fails, and ignores an index on a later append', async () => {
    const taken = `${scope}-taken`;
    await store().append(taken, [event('WorkflowStarted')], 'no-stream');
    await expectCode(store().append(taken, [event('WorkflowStarted')], 'no-stream', { index: { scope, id: 'taken', tags: ['t'] } }), 'CONCURRENCY');
    const deleted = `${scope}-deleted`;
    await store().append(deleted, [event('WorkflowStarted')], 'no-stream');
    await store().delete(deleted);
    await expectCode(store().append(deleted, [event('WorkflowStarted')], 'no-stream', { index: { scope, id: 'deleted', tags: ['t'] } }), 'STREAM_DELETED');
    await store().append(taken, [event('TaskScheduled')], 0, { index: { scope, id: 'taken', tags: ['t'] } });
    expect(await allIds(store(), scope, 't')).to.deep.equal([]);
  });

  it('pages by id: each id once, `next` only while more follow, the same pages when read again', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `id-${String(i).padStart(2, '0')}`);
    for (const id of [...ids].reverse()) await startTagged(store(), scope, id, ['paged']);
    const first = await store().tagIds!(scope, 'paged', { limit: 10 });
    expect(first.ids).to.have.length(10);
    expect(first.next).to.equal(first.ids[9]);
    const second = await store().tagIds!(scope, 'paged', { after: first.next!, limit: 10 });
    const third = await store().tagIds!(scope, 'paged', { after: second.next!, limit: 10 });
    expect(third.ids).to.have.length(5);
    expect(third.next).to.equal(undefined);
    expect([...first.ids, ...second.ids, ...third.ids]).to.deep.equal(ids);
    expect(await store().tagIds!(scope, 'paged', { after: first.next!, limit: 10 }), 'read again').to.deep.equal(second);
    expect((await store().tagIds!(scope, 'paged', { limit: 25 })).next, 'an exact last page').to.equal(undefined);
  });

  it('keeps paging stable under concurrent adds and deletes: ids there throughout are listed once each', async () => {
    const before = Array.from({ length: 30 }, (_, i) => `before-${String(i).padStart(2, '0')}`);
    for (const id of before) await startTagged(store(), scope, id, ['busy']);
    const seen: string[] = [];
    let page = await store().tagIds!(scope, 'busy', { limit: 7 });
    let round = 0;
    for (;;) {
      seen.push(...page.ids);
      // Between pages, others start instances with the tag (ids before and after the cursor) and end one.
      await Promise.all([
        startTagged(store(), scope, `added-${round}`, ['busy']),
        startTagged(store(), scope, `zz-added-${round}`, ['busy']),
        startTagged(store(), scope, `aa-added-${round}`, ['busy']),
      ]);
      if (round === 1) await store().delete(`${scope}-before-29`);
      round++;
      if (page.next === undefined) break;
      page = await store().tagIds!(scope, 'busy', { after: page.next, limit: 7 });
    }
    expect(new Set(seen).size, 'no id twice').to.equal(seen.length);
    for (const id of before.slice(0, 29)) expect(seen, id).to.include(id);
    expect(seen).to.not.include('before-29');
  });

  it('lists a stream with many tags under each, and a repeated tag once', async () => {
    const tags = Array.from({ length: 60 }, (_, i) => `tag-${i}`);
    await startTagged(store(), scope, 'many', [...tags, 'tag-0', 'tag-1']);
    for (const tag of tags) expect(await allIds(store(), scope, tag), tag).to.deep.equal(['many']);
  });

  it('keeps tags and ids with odd characters exactly, apart from look-alikes', async () => {
    const odd = ['naïve ✓ 漢字', 'a b', `quote'"\``, '%_\\*', 'emoji 🧪', '$by-tag', 'x'.repeat(256), 'a/b:c;d'];
    for (const [i, tag] of odd.entries()) await startTagged(store(), scope, `odd ✓ ${i}/%`, [tag]);
    for (const [i, tag] of odd.entries()) expect(await allIds(store(), scope, tag), tag).to.deep.equal([`odd ✓ ${i}/%`]);
    expect(await allIds(store(), scope, '%'), 'no pattern matching').to.deep.equal([]);
    expect(await allIds(store(), scope, 'A B'), 'case matters').to.deep.equal([]);
  });

  it('refuses an empty tag, a tag that is not one, and a bad page limit with typed errors', async () => {
    await expectCode(store().tagIds!(scope, ''), 'INVALID_TAG');
    await expectCode(store().tagIds!(scope, 'x'.repeat(257)), 'INVALID_TAG');
    await expectCode(store().tagIds!(scope, 'line\nbreak'), 'INVALID_TAG');
    await expectCode(store().tagIds!(scope, 't', { limit: 0 }), 'INVALID_ARGUMENTS');
    await expectCode(store().tagIds!(scope, 't', { limit: 1.5 }), 'INVALID_ARGUMENTS');
  });

  it('appendMany writes the index entries of its first appends that went in', async function () {
    if (!store().appendMany) return this.skip(); // an optional method: the adapter does not batch
    const existing = `${scope}-existing`;
    await store().append(existing, [event('WorkflowStarted')], 'no-stream');
    const outcomes = await store().appendMany!([
      { stream: `${scope}-one`, events: [event('WorkflowStarted')], expected: 'no-stream', index: { scope, id: 'one', tags: ['batch', 'odd'] } },
      { stream: existing, events: [event('WorkflowStarted')], expected: 'no-stream', index: { scope, id: 'existing', tags: ['batch'] } },
      { stream: `${scope}-two`, events: [event('WorkflowStarted')], expected: 'no-stream', index: { scope, id: 'two', tags: ['batch'] } },
      { stream: `${scope}-three`, events: [event('WorkflowStarted')], expected: 'no-stream' },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.revision : o.error.code))).to.deep.equal([0, 'CONCURRENCY', 0, 0]);
    expect(await allIds(store(), scope, 'batch')).to.deep.equal(['one', 'two']);
    expect(await allIds(store(), scope, 'odd')).to.deep.equal(['one']);
  });
};
