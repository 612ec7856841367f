import { CloudEvent } from 'cloudevents';

/** A Cadenza-shaped CloudEvent, as the listener hands it over. */
export const cadenzaEvent = (id: string, type: string, workflowId: string): CloudEvent<unknown> =>
  new CloudEvent<unknown>({
    specversion: '1.0',
    id,
    type,
    source: '/cadenza/test/workflows/BankWorkflow',
    subject: workflowId,
    time: '2026-12-01T15:00:00.000Z',
    datacontenttype: 'application/json',
    data: { workflowName: 'BankWorkflow', amount: 100 },
    cadenzanamespace: 'test',
    cadenzaworkflow: 'BankWorkflow',
    cadenzaworkflowid: workflowId,
  });
