import { checkTagPage, pageOf, type TagIndexEntry, type TagPage, type TagPageOptions } from '@cadenza/core';
import { type EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { drainRead } from './drain-read';
import { append, readSomeWithRevision } from './kept-outcomes';
import { type EsdbCall, translateEsdbError } from './translate-esdb-error';

type Call = Omit<EsdbCall, 'operation' | 'stream'>;

/**
 * The tag index on EventStoreDB, which commits one stream at a time: per scope and tag, a stream of
 * `TagAdded { id, stream }` / `TagRemoved { id }`, and per tagged stream the entry it was indexed with (so its
 * delete knows what to remove). The rule "listed exactly while the stream exists" is kept by order and by
 * checking: entries are added *before* the first append and removed *after* the tombstone, so a crash leaves at
 * most an entry too many, never one missing. Each `TagAdded` names the id of the first event appended after it,
 * and `tagIds` lists an id only after reading that its stream exists, is not deleted, and begins with that
 * event: an entry left by a first append that lost a race, or hit a tombstone, is never listed. Scopes hold no `:` (namespaces and workflow names cannot), so `<scope>:<tag>` is unambiguous.
 */
export const tagStreamOf = (scope: string, tag: string): string => `cadenza:tag:${scope}:${tag}`;
export const tagsOfStream = (stream: string): string => `cadenza:tags-of:${stream}`;

/** Records the entry and adds the id under each tag; called before the stream's first append, whose first event is `first`. */
export const addTags = async (client: EventStoreDBClient, stream: string, index: TagIndexEntry, first: string, call: Call): Promise<void> => {
  const tags = [...new Set(index.tags)];
  if (tags.length === 0) return;
  await append(client, tagsOfStream(stream), { scope: index.scope, id: index.id, tags }, 'TagsOf', call);
  for (const tag of tags) await append(client, tagStreamOf(index.scope, tag), { id: index.id, stream, first }, 'TagAdded', call);
};

/** Removes the stream's ids from their tags; called after the stream is tombstoned (or for an untag). */
export const removeTags = async (client: EventStoreDBClient, stream: string, call: Call): Promise<void> => {
  for (const { data } of await readAll(client, tagsOfStream(stream), call)) {
    const entry = data as TagIndexEntry;
    for (const tag of entry.tags) await append(client, tagStreamOf(entry.scope, tag), { id: entry.id }, 'TagRemoved', call);
  }
};

/** One page of the ids whose stream exists: the tag stream folded, sorted, and each candidate checked. */
export const tagIds = async (client: EventStoreDBClient, scope: string, tag: string, options: TagPageOptions | undefined, call: Call): Promise<TagPage> => {
  const request = checkTagPage(tag, options);
  const listed = new Map<string, { stream: string; firsts: Set<string> }>();
  for (const { data } of await readAll(client, tagStreamOf(scope, tag), call)) {
    const entry = data as { id: string; stream?: string; first?: string };
    if (entry.stream === undefined || entry.first === undefined) {
      listed.delete(entry.id);
      continue;
    }
    const known = listed.get(entry.id);
    if (known) known.firsts.add(entry.first);
    else listed.set(entry.id, { stream: entry.stream, firsts: new Set([entry.first]) });
  }
  const sorted = [...listed.keys()].sort();
  const ids: string[] = [];
  let after = request.after;
  // Pages of candidates until `limit + 1` live ones are found (one more says a next page exists).
  for (;;) {
    const candidates = pageOf(sorted, { ...request, after, limit: request.limit + 1 - ids.length });
    for (const id of candidates.ids) if (await isIndexed(client, listed.get(id)!, call)) ids.push(id);
    if (ids.length > request.limit || candidates.next === undefined) break;
    after = candidates.next;
  }
  const page = ids.slice(0, request.limit);
  return ids.length > request.limit ? { ids: page, next: page[page.length - 1]! } : { ids: page };
};

/** True when the stream exists, is not deleted, and its first event is one an entry named. */
const isIndexed = async (client: EventStoreDBClient, { stream, firsts }: { stream: string; firsts: Set<string> }, call: Call): Promise<boolean> => {
  try {
    const [first] = await drainRead(client.readStream(stream, { direction: FORWARDS, fromRevision: START, maxCount: 1 }), call.deadlineMs, `read of stream ${stream} on EventStoreDB at ${call.target}`);
    return first !== undefined && firsts.has(first.id);
  } catch (error) {
    const type = (error as { type?: unknown }).type;
    if (type === 'stream-not-found' || type === 'stream-deleted') return false;
    throw translateEsdbError(error, { ...call, operation: 'read', stream });
  }
};

const readAll = (client: EventStoreDBClient, stream: string, call: Call) =>
  readSomeWithRevision(client, stream, { direction: FORWARDS, fromRevision: START, maxCount: Number.MAX_SAFE_INTEGER }, call);
