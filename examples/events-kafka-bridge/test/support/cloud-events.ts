import { buildCloudEvent, type CadenzaCloudEvent } from '@cadenza/core';

export const EVENT_TIME = '2026-12-01T15:00:00.000Z';

/** An event of one bank transfer, built as the engine builds it. */
export const transferEvent = (id: string, type: string, wireId: string): CadenzaCloudEvent =>
  buildCloudEvent({ namespace: 'bank', workflowName: 'BankWorkflow', workflowId: wireId },
    { type, id, at: Date.parse(EVENT_TIME), data: { workflowName: 'BankWorkflow', workflowId: wireId, amount: 100 } });
