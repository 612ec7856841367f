import type { ErrorData } from '../model/error-data';
import { TaskFailedError } from './task-failed-error';
import { WorkflowCanceledError, WorkflowFailedError } from './workflow-failed-error';

/** An error rebuilt from the wire: it keeps the original name, message, code and stack. */
export class RemoteError extends Error {
  readonly code?: string;
  readonly retriable?: boolean;
  constructor(data: ErrorData) {
    super(data.message, data.cause !== undefined ? { cause: fromErrorData(data.cause as ErrorData) } : undefined);
    this.name = data.name;
    if (data.code !== undefined) this.code = data.code;
    if (data.retriable !== undefined) this.retriable = data.retriable;
    if (data.stack !== undefined) this.stack = data.stack;
  }
}

interface TaskFailure { service: string; method: string; attempt: number; taskId: string }
interface WorkflowFailure { workflowName: string; workflowId: string; reason?: string }

/** Rebuilds a typed Cadenza error where the data says which, and a {@link RemoteError} otherwise. */
export const fromErrorData = (data: ErrorData): Error => {
  const cause = data.cause !== undefined ? fromErrorData(data.cause as ErrorData) : new RemoteError({ name: 'Error', message: data.message });
  if (data.code === 'TASK_FAILED' && isTaskFailure(data.data)) {
    const { service, method, attempt, taskId } = data.data;
    return withStack(new TaskFailedError(service, method, attempt, taskId, cause), data);
  }
  if (data.code === 'WORKFLOW_FAILED' && isWorkflowFailure(data.data)) {
    return withStack(new WorkflowFailedError(data.data.workflowName, data.data.workflowId, cause), data);
  }
  if (data.code === 'WORKFLOW_CANCELED' && isWorkflowFailure(data.data)) {
    return withStack(new WorkflowCanceledError(data.data.workflowName, data.data.workflowId, data.data.reason ?? 'canceled'), data);
  }
  return new RemoteError(data);
};

/** The rebuilt error reads exactly as the original did: same message, same stack. */
const withStack = <E extends Error>(error: E, data: ErrorData): E => {
  error.message = data.message;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
};

const isTaskFailure = (value: unknown): value is TaskFailure =>
  typeof value === 'object' && value !== null && typeof (value as TaskFailure).service === 'string' && typeof (value as TaskFailure).method === 'string';

const isWorkflowFailure = (value: unknown): value is WorkflowFailure =>
  typeof value === 'object' && value !== null && typeof (value as WorkflowFailure).workflowId === 'string';
