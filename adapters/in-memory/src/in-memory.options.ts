import * as t from 'io-ts';

/** `transport: { type: in-memory }`: the embedded default, one broker per process. */
export const InMemoryTransportConfig = t.type({ type: t.literal('in-memory') });
/** `history: { type: in-memory }`: histories kept in this process, lost when it exits. */
export const InMemoryHistoryConfig = t.type({ type: t.literal('in-memory') });
