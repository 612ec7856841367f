import { fromErrorData } from '../errors/from-error-data';
import { WorkflowCanceledError, WorkflowFailedError } from '../errors/workflow-failed-error';
import { WorkflowUnknownError } from '../errors/workflow-unknown-error';
import type { MessageOf } from '../model/messages';

interface Waiting {
  readonly workflowName: string;
  readonly workflowId: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Requests waiting for their reply, by request id. A duplicate reply finds nobody and is ignored. */
export class PendingReplies {
  private readonly waiting = new Map<string, Waiting>();

  expect(requestId: string, workflowName: string, workflowId: string): Promise<unknown> {
    return new Promise((resolve, reject) => this.waiting.set(requestId, { workflowName, workflowId, resolve, reject }));
  }

  forget(requestId: string): void {
    this.waiting.delete(requestId);
  }

  settle(reply: MessageOf<'WorkflowReply'>): void {
    const waiting = this.waiting.get(reply.requestId);
    if (!waiting) return;
    this.waiting.delete(reply.requestId);
    const { outcome, workflowName, workflowId } = reply;
    switch (outcome.status) {
      case 'completed':
        return waiting.resolve(outcome.result);
      case 'accepted':
        return waiting.resolve(undefined);
      case 'failed':
        return waiting.reject(new WorkflowFailedError(workflowName, workflowId, fromErrorData(outcome.error)));
      case 'canceled':
        return waiting.reject(new WorkflowCanceledError(workflowName, workflowId, outcome.reason));
      case 'unknown':
        return waiting.reject(new WorkflowUnknownError(workflowName, workflowId, outcome.reason));
    }
  }

  rejectAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
