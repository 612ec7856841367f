import * as t from 'io-ts';

/** `transport: { type: in-memory }`: the embedded default, one broker per process. */
export const InMemoryTransportConfig = t.type({ type: t.literal('in-memory') });
/** `history: { type: in-memory }`: histories kept in this process, lost when it exits. */
export const InMemoryHistoryConfig = t.type({ type: t.literal('in-memory') });

/** The largest message an in-memory transport advertises (`capabilities.maxMessageBytes`); dead letters fit it. */
export const IN_MEMORY_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
