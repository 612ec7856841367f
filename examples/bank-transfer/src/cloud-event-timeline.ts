import type { CadenzaCloudEvent } from '@cadenza/core';
import { BankWorkflow } from './bank-workflow';
import type { Bank } from './run-bank';

/**
 * Collects one transfer's timeline from `client.history` while it runs: a read after each append, then one
 * after it ended (what the store retains: the event that ended it). The history is cleared right after the
 * end, so each read gives the timeline so far; the reads are merged by CloudEvent id, which is the same in
 * every read, as it is on the events topic.
 */
export const collectTimeline = (bank: Bank, workflowId: string) => {
  const reads: Array<Promise<CadenzaCloudEvent[]>> = [];
  const read = () => reads.push(bank.client.history(BankWorkflow, workflowId).catch(() => []));
  const stop = bank.watch((entry) => {
    if (entry.stream.endsWith(workflowId) && entry.what !== 'history cleared') read();
  });
  return {
    /** Stops reading, reads what is retained, and answers every event seen once, in the order it happened. */
    done: async (): Promise<CadenzaCloudEvent[]> => {
      stop();
      read();
      const seen = new Map<string, CadenzaCloudEvent>();
      for (const events of await Promise.all(reads)) for (const event of events) if (!seen.has(event.id)) seen.set(event.id, event);
      return [...seen.values()];
    },
  };
};

/** One line per event: when, type, and what it is about. */
export const describeEvent = (event: CadenzaCloudEvent, startedAt: number): string => {
  const data = event.data as { service?: string; method?: string; attempt?: number; retryInMs?: number };
  const about = data.service !== undefined ? `${data.service}.${data.method}${event.cadenzaattempt !== undefined ? ` attempt ${String(event.cadenzaattempt)}` : ''}` : '';
  const ms = event.time === undefined ? '?' : String(Date.parse(event.time) - startedAt);
  return `  +${ms.padStart(4)} ms  ${event.type.padEnd(31)} ${about}`.trimEnd();
};
