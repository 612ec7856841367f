import { intInRange } from '@cadenza/core';
import * as t from 'io-ts';

/**
 * How much of a topic the in-memory broker keeps after every group has taken it, so that a group created later
 * can start from `earliest` or a `{ time }` (see `SubscribeOptions.start`). Whichever limit is reached first
 * trims the oldest messages; the age limit is applied on the next publish or subscribe to the topic.
 */
export interface InMemoryRetention {
  /** Messages kept per retaining topic, the newest ones; an integer from 0 (keep none) to 10,000,000. Each costs
   *  the heap its envelope takes (about 500 bytes for a small one), so the default holds about 5 MB of small events.
   *  @default 10_000 */
  readonly maxMessages: number;
  /** How long a message is kept after it reached the topic, in ms; an integer ≥ 0.
   *  @default 604_800_000 (7 days) */
  readonly maxAgeMs: number;
  /**
   * Which topics keep a retained log: `'events'`, only the events topics (`<namespace>.events`, what a late
   * event listener reads), or `'all'`. A topic that keeps none still holds everything published before its first
   * group subscribed, for that group; after that a new group's `earliest` is where `latest` is. Keeping every
   * topic holds every workflow's and task's messages in the heap up to `maxMessages` each (see the README).
   * @default 'events' */
  readonly topics: 'events' | 'all';
}

/** The defaults of {@link InMemoryRetention}. */
export const inMemoryRetentionDefaults: InMemoryRetention = { maxMessages: 10_000, maxAgeMs: 7 * 86_400_000, topics: 'events' };

/** `retention` in the transport config: any of {@link InMemoryRetention}'s fields. */
export const InMemoryRetentionConfig = t.partial({
  maxMessages: intInRange(0, 10_000_000, 'a count of messages'),
  maxAgeMs: intInRange(0, Number.MAX_SAFE_INTEGER, 'milliseconds'),
  topics: t.union([t.literal('events'), t.literal('all')]),
}, 'InMemoryRetention');

/** `transport: { type: in-memory, retention? }`: the embedded default, one broker per process. */
export const InMemoryTransportConfig = t.intersection([
  t.type({ type: t.literal('in-memory') }),
  t.partial({ retention: InMemoryRetentionConfig }),
], 'InMemoryTransportConfig');
/** `history: { type: in-memory }`: histories kept in this process, lost when it exits. */
export const InMemoryHistoryConfig = t.type({ type: t.literal('in-memory') });

/** The largest message an in-memory transport advertises (`capabilities.maxMessageBytes`); dead letters fit it. */
export const IN_MEMORY_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

