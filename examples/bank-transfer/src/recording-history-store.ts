import type { HistoryStore, NewEvent } from '@cadenza/core';

/** One line of a workflow's timeline: an event appended to its history, or the history being cleared. */
export interface TimelineEntry {
  readonly at: number;
  readonly stream: string;
  readonly what: string;
}

const describe = (event: NewEvent): string => {
  const data = event.data as { type: string; service?: string; method?: string; seq?: number };
  return data.service ? `${data.type} ${data.service}.${data.method} (step ${data.seq})` : data.seq !== undefined ? `${data.type} (step ${data.seq})` : data.type;
};

/** Wraps a history store to record every append and delete, for printing a timeline. */
export const recordingHistoryStore = (store: HistoryStore, onEntry: (entry: TimelineEntry) => void): HistoryStore => ({
  capabilities: store.capabilities,
  read: (stream) => store.read(stream),
  append: async (stream, events, expected) => {
    const revision = await store.append(stream, events, expected);
    for (const event of events) onEntry({ at: Date.now(), stream, what: describe(event) });
    return revision;
  },
  ...(store.appendMany ? {
    appendMany: async (batch: Parameters<NonNullable<HistoryStore['appendMany']>>[0]) => {
      const outcomes = await store.appendMany!(batch);
      batch.forEach((request, i) => {
        if (outcomes[i]?.ok) for (const event of request.events) onEntry({ at: Date.now(), stream: request.stream, what: describe(event) });
      });
      return outcomes;
    },
  } : {}),
  delete: async (stream, kept) => {
    await store.delete(stream, kept);
    onEntry({ at: Date.now(), stream, what: 'history cleared' });
  },
  sweep: (now, limit) => store.sweep(now, limit),
  close: () => store.close(),
});
