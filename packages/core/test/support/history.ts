import type { RecordedEvent } from '../../src/engine/stored-history';
import type { HistoryEvent } from '../../src/model/history-events';

/** Events recorded together by one decision: same causing message, same time. */
export const decision = (causationId: string, at: number, ...events: HistoryEvent[]): RecordedEvent[] =>
  events.map((event) => ({ event, metadata: { causationId, at } }));

export const workflowStarted = (workflowName: string, method: string, args: unknown[]): HistoryEvent =>
  ({ type: 'WorkflowStarted', workflowName, method, args, tags: ['unit'], meta: { by: 'test' } });

export const taskScheduled = (seq: number, service: string, method: string, args: unknown[]): HistoryEvent =>
  ({ type: 'TaskScheduled', seq, service, method, args });

/** Lets queued microtasks and one macrotask turn run, as the engine's settle does. */
export const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
