import { attemptEventId, buildCloudEvent, type CadenzaCloudEvent } from '@cadenza/core';

const scopeOf = (taskId: string) => ({ namespace: 'test', workflowName: 'AlertDemo', workflowId: taskId.split(':')[0]! });
const taskData = (taskId: string) => ({ ...scopeOf(taskId), taskId, seq: 1, service: 'FlakyService', method: 'call', retry: 0 });

/** A task event as the engine or the service executor builds it. */
export const taskEvent = (type: string, taskId: string, attempt = 1): CadenzaCloudEvent =>
  buildCloudEvent(scopeOf(taskId), {
    type, id: `run-1:${taskId}:${type}:${attempt}`, at: Date.parse('2026-12-01T15:00:00.000Z'), data: { ...taskData(taskId), attempt },
    service: 'FlakyService', taskId, attempt,
  });

/** Attempt `attempt` of `taskId` failed, as the service executor reports it; `final`: no attempt follows. */
export const failed = (taskId: string, attempt: number, final = false): CadenzaCloudEvent =>
  buildCloudEvent(scopeOf(taskId), {
    type: 'io.cadenza.task.attempt.failed', id: attemptEventId('run-1', taskId, 0, attempt, 'failed'), at: Date.parse('2026-12-01T15:00:00.000Z'),
    data: { ...taskData(taskId), attempt, error: { name: 'Error', message: `boom ${attempt}`, retriable: true }, ...(final ? {} : { retryInMs: 10 }) },
    service: 'FlakyService', taskId, attempt,
  });

export const completed = (taskId: string): CadenzaCloudEvent => taskEvent('io.cadenza.task.completed', taskId);
