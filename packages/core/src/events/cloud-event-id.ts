/**
 * CloudEvent ids. Every id starts with the instance's run (see `workflowRunId` in model/names.ts), so two
 * runs under one reused workflow id never share one, and the rest is a position that never changes: the
 * history event's index in its stream and which of the CloudEvents it makes (a history event may make two),
 * or the task attempt. A redelivery, a re-publish and `client.history` all derive the same ids.
 */
export const historyEventId = (run: string, index: number, part: number): string => `${run}:${index}.${part}`;

/** The id of an event about one task attempt (`what`: `failed`, or `next` for the attempt it schedules). */
export const attemptEventId = (run: string, taskId: string, retry: number, attempt: number, what: 'failed' | 'next'): string =>
  `${run}:${taskId}:r${retry}#${attempt}.${what}`;
