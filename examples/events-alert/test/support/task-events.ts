import { CloudEvent } from 'cloudevents';

/** A task event as the listener hands it over: the id is deterministic per task, type and attempt. */
export const taskEvent = (type: string, taskId: string, attempt = 1): CloudEvent<unknown> =>
  new CloudEvent<unknown>({
    specversion: '1.0',
    id: `${taskId}/${type}/${attempt}`,
    type,
    source: '/cadenza/test/services/FlakyService',
    subject: taskId.split(':')[0],
    time: '2026-12-01T15:00:00.000Z',
    datacontenttype: 'application/json',
    data: type.endsWith('attempt.failed') ? { attempt, error: { name: 'Error', message: `boom ${attempt}` } } : {},
    cadenzanamespace: 'test',
    cadenzaworkflowid: taskId.split(':')[0],
    cadenzataskid: taskId,
    cadenzaattempt: attempt,
  });

export const failed = (taskId: string, attempt: number) => taskEvent('io.cadenza.task.attempt.failed', taskId, attempt);
export const completed = (taskId: string) => taskEvent('io.cadenza.task.completed', taskId);
