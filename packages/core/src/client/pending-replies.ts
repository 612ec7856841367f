import { fromErrorData } from '../errors/from-error-data';
import { TimeoutError } from '../errors/transport-error';
import { WorkflowNotFailedError } from '../errors/workflow-not-failed-error';
import { WorkflowCanceledError, WorkflowFailedError } from '../errors/workflow-failed-error';
import { WorkflowUnknownError } from '../errors/workflow-unknown-error';
import type { ErrorData } from '../model/error-data';
import type { MessageOf } from '../model/messages';
import { type Clock, systemClock } from '../ports/clock.port';
import { jsonCopy } from '../support/json-copy';

interface Waiting {
  readonly workflowName: string;
  readonly workflowId: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Cancels the timeout, when there is one. */
  cancel?: () => void;
}

/** How long one request may wait for its reply. */
export interface ExpectOptions {
  /** In ms; past it the request is forgotten and rejects with {@link TimeoutError}. Unset: no bound.
   *  @default undefined (wait until the reply or `rejectAll`) */
  readonly timeoutMs?: number;
}

/**
 * Requests waiting for their reply, by request id: one promise and one entry each, settled by the reply
 * whatever its status (a refusal included). A duplicate reply finds nobody and is ignored. A
 * request with a timeout is bounded: a reply that is lost rejects it with {@link TimeoutError} and frees
 * its entry, instead of hanging its caller and keeping the entry for the life of the client.
 */
export class PendingReplies {
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly clock: Clock = systemClock) {}

  /** Requests still waiting for a reply. */
  get size(): number {
    return this.waiting.size;
  }

  expect(requestId: string, workflowName: string, workflowId: string, options: ExpectOptions = {}): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const waiting: Waiting = { workflowName, workflowId, resolve, reject };
      this.waiting.set(requestId, waiting);
      const { timeoutMs } = options;
      if (timeoutMs !== undefined) {
        waiting.cancel = this.clock.setTimer(this.clock.now() + timeoutMs, () => {
          if (this.waiting.get(requestId) !== waiting) return;
          this.waiting.delete(requestId);
          reject(new TimeoutError(`reply to request ${requestId} for workflow ${workflowName} ${workflowId}`, timeoutMs));
        });
      }
    });
  }

  forget(requestId: string): void {
    this.waiting.get(requestId)?.cancel?.();
    this.waiting.delete(requestId);
  }

  /** Rejects one request with `error` and forgets it (its request could not be sent); none waiting: nothing. */
  fail(requestId: string, error: unknown): void {
    const waiting = this.waiting.get(requestId);
    if (!waiting) return;
    this.forget(requestId);
    waiting.reject(error);
  }

  settle(reply: MessageOf<'WorkflowReply'>): void {
    const waiting = this.waiting.get(reply.requestId);
    if (!waiting) return;
    this.waiting.delete(reply.requestId);
    waiting.cancel?.();
    const { workflowName, workflowId } = reply;
    // The reply may be the very object the transport holds (the client subscribes readOnly): the caller gets a copy of its own.
    const outcome = jsonCopy(reply.outcome);
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
      case 'refused':
        return waiting.reject(refusalError(outcome.error));
    }
  }

  rejectAll(error: Error): void {
    for (const waiting of this.waiting.values()) {
      waiting.cancel?.();
      waiting.reject(error);
    }
    this.waiting.clear();
  }
}

/** The typed error of a refusal, rebuilt from the data the engine sent. */
const refusalError = (error: ErrorData): Error => {
  const facts = (error.data ?? {}) as { workflowName?: string; workflowId?: string; reason?: string };
  if (error.code === 'WORKFLOW_NOT_FAILED' && facts.workflowName !== undefined && facts.workflowId !== undefined) {
    return new WorkflowNotFailedError(facts.workflowName, facts.workflowId, facts.reason ?? 'has not failed');
  }
  return fromErrorData(error);
};
