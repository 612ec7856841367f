import { buildCloudEvent, type CadenzaCloudEvent } from '@cadenza/core';

/** A workflow event built as the engine builds it, for tests of the sink. */
export const cadenzaEvent = (id: string, type = 'io.cadenza.workflow.started', workflowId = 'wire-1'): CadenzaCloudEvent =>
  buildCloudEvent({ namespace: 'test', workflowName: 'BankWorkflow', workflowId }, {
    type, id, at: Date.parse('2026-12-01T15:00:00.000Z'), data: { workflowName: 'BankWorkflow', workflowId, method: 'wire' },
  });
