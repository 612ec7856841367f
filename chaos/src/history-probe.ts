import { type CadenzaConfig, createContainer, createNames, resolveHistoryStore, type StoredEvent } from '@cadenza/core';

const WORKFLOW = 'BankWorkflow';
const READS_AT_ONCE = 16;

/** Reads each workflow's retained history from the run's store; `undefined` for a stream that is gone. */
export const readHistories = async (config: CadenzaConfig, workflowIds: readonly string[]): Promise<Map<string, readonly StoredEvent[] | undefined>> => {
  const store = await resolveHistoryStore(createContainer(config, { transport: false, history: true }));
  const names = createNames(config.namespace);
  const histories = new Map<string, readonly StoredEvent[] | undefined>();
  try {
    let next = 0;
    const reader = async () => {
      while (next < workflowIds.length) {
        const id = workflowIds[next++]!;
        const { events, revision } = await store.read(names.workflowStream(WORKFLOW, id));
        histories.set(id, typeof revision === 'number' ? events : undefined);
      }
    };
    await Promise.all(Array.from({ length: READS_AT_ONCE }, reader));
  } finally {
    await store.close();
  }
  return histories;
};
