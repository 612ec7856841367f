import type { HistoryStore, NewEvent } from '@cadenza/core';

/** Sees every successful append: how a benchmark knows a workflow reached a point without polling. */
export type AppendListener = (stream: string, events: readonly NewEvent[]) => void;

/** A history store that tells `listen`ers about each append once the inner store accepted it. */
export interface WatchingHistoryStore extends HistoryStore {
  /** Calls `listener` after each append until the returned function is called. */
  listen(listener: AppendListener): () => void;
}

/** Wraps a history store; with no listener it adds one loop over an empty set per append. */
export const watchingHistoryStore = (inner: HistoryStore): WatchingHistoryStore => {
  const listeners = new Set<AppendListener>();
  return {
    capabilities: inner.capabilities,
    read: (stream) => inner.read(stream),
    append: async (stream, events, expected) => {
      const revision = await inner.append(stream, events, expected);
      for (const listener of listeners) listener(stream, events);
      return revision;
    },
    delete: (stream, kept) => inner.delete(stream, kept),
    sweep: (now, limit) => inner.sweep(now, limit),
    close: () => inner.close(),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};

/** Resolves once `count` appended events of type `type` have been seen (counting from now). */
export const waitForEvents = (store: WatchingHistoryStore, type: string, count: number): Promise<void> =>
  new Promise((resolve) => {
    let seen = 0;
    const stop = store.listen((_, events) => {
      for (const event of events) if (event.type === type) seen++;
      if (seen >= count) {
        stop();
        resolve();
      }
    });
  });
