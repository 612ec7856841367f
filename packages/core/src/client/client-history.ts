import { ConfigError } from '../errors/config-error';
import { WorkflowUnknownError } from '../errors/workflow-unknown-error';
import { cloudEventsOfHistory } from '../events/cloud-events-of-history';
import type { CadenzaCloudEvent } from '../events/cadenza-cloud-event';
import { checkEntityName, type Names } from '../model/names';
import type { HistoryStore } from '../ports/history-store.port';

/** Why `client.history` cannot run: the client was given no history store. */
export const noHistoryStore = (): ConfigError =>
  new ConfigError('history', 'a history store for client.history', undefined,
    'give the client the `history` section the workers use (or ClientParts.history); the client reads that store');

/**
 * The timeline of one instance as CloudEvents, read from the history store: every event of a running (or
 * retained) history, or for an ended instance whose history was cleared, the event that ended it while its
 * outcome is kept. The ids are those the events topic carries, so a listener's copy and this one dedupe.
 * @throws WorkflowUnknownError for an id with no history and nothing kept (never started, or swept).
 */
export const readTimeline = async (store: HistoryStore, names: Names, workflowName: string, workflowId: string): Promise<CadenzaCloudEvent[]> => {
  checkEntityName(workflowName, 'workflowName');
  const stream = names.workflowStream(workflowName, workflowId);
  const read = await store.read(stream);
  if (read.revision === 'no-stream') throw new WorkflowUnknownError(workflowName, workflowId, 'has no history: it never started, or it ended and what was kept is swept');
  return cloudEventsOfHistory({ namespace: names.namespace, workflowName, workflowId, stream }, read);
};
