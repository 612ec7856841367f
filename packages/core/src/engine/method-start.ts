import { isLeft } from 'fp-ts/lib/Either';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import { MethodAbandonedError } from '../errors/method-abandoned-error';
import { NotRegisteredError } from '../errors/not-registered-error';
import type { Envelope } from '../model/envelope';
import { type ErrorData, toErrorData } from '../model/error-data';
import type { HistoryEventOf } from '../model/history-events';
import type { MessageOf, WorkflowOutcome } from '../model/messages';
import type { Names } from '../model/names';
import type { ParentRef } from '../model/parent-ref';
import { formatValidationErrors } from '../model/validation-report';
import { type WorkflowClass, workflowMethodsOf } from '../workflow/workflow';
import { nextMethodRun } from './method-runs';
import { type Outgoing, replyTo } from './outgoing-messages';
import type { WorkflowInstance } from './workflow-instance';

type RunMethod = MessageOf<'RunMethod'>;

/** Who asked for a method run, and how to answer: the request's id, and its client's topic or its workflow step. */
export interface MethodRequest {
  readonly requestId: string;
  readonly replyTo?: string;
  readonly caller?: ParentRef;
}

/** The request a `RunMethod` envelope makes. */
export const requestOf = (envelope: Envelope, message: RunMethod): MethodRequest => ({
  requestId: envelope.id, ...(message.replyTo !== undefined ? { replyTo: message.replyTo } : {}), ...(message.caller ? { caller: message.caller } : {}),
});

/** The instance a method is started on: what a refusal needs of it. */
interface Target {
  readonly workflowName: string;
  readonly workflowId: string;
}

/** The `MethodStarted` a `RunMethod` records: the next run number, and who waits for the result. */
export const methodStartedFor = (instance: WorkflowInstance, envelope: Envelope, message: RunMethod): HistoryEventOf<'MethodStarted'> => ({
  type: 'MethodStarted', methodRun: nextMethodRun(instance.state), method: message.method, args: message.args, requestId: envelope.id,
  ...(message.replyTo !== undefined ? { replyTo: message.replyTo } : {}),
  ...(message.caller ? { caller: message.caller } : {}),
});

/**
 * Why a `RunMethod` cannot start on this instance, as the messages that tell its caller; empty when it may.
 * A method the class does not have is refused with `NotRegisteredError`, arguments its codec refuses with
 * `InvalidArgumentsError`, and a method on a failed instance with `MethodAbandonedError` (its main method no
 * longer runs: `retry` it first). Nothing is recorded for a refusal.
 */
export const refuseMethod = (workflowClass: WorkflowClass, instance: WorkflowInstance, envelope: Envelope, message: RunMethod, names: Names, at: number): Outgoing[] => {
  const target = { workflowName: instance.workflowName, workflowId: instance.workflowId };
  const methods = workflowMethodsOf(workflowClass);
  if (!methods.includes(message.method)) {
    return answerMethodCaller(target, requestOf(envelope, message), refused(new NotRegisteredError('method', `${target.workflowName}.${message.method}`, methods)), names, at);
  }
  const codec = workflowClass.methods?.[message.method]?.args;
  const decoded = codec?.decode(message.args);
  if (decoded && isLeft(decoded)) {
    return answerMethodCaller(target, requestOf(envelope, message), refused(new InvalidArgumentsError(`${target.workflowName}.${message.method}`, formatValidationErrors(decoded.left, 'args'))), names, at);
  }
  if (instance.status === 'failed') {
    return answerMethodCaller(target, requestOf(envelope, message), refused(new MethodAbandonedError(target.workflowName, target.workflowId, message.method, 'the workflow has failed (retry it first)')), names, at);
  }
  return [];
};

const refused = (error: Error): WorkflowOutcome => ({ status: 'refused', error: toErrorData(error) });

/**
 * Tells the caller of a method run (a client's request, or a workflow's step) its outcome: `completed` with
 * the result, else `refused` with the typed error (`MethodFailedError`, `MethodAbandonedError`, ...); `unknown`
 * for an instance that does not exist or has ended. A workflow step learns it as `ChildWorkflowCompleted` or
 * `ChildWorkflowFailed` of its seq. The ids derive from the request, so a redelivery re-sends the same ones.
 */
export const answerMethodCaller = (target: Target, request: MethodRequest, outcome: WorkflowOutcome, names: Names, at: number): Outgoing[] => {
  const { caller, requestId } = request;
  if (caller) {
    const step = { workflowName: caller.workflowName, workflowId: caller.workflowId, seq: caller.seq };
    const id = `${target.workflowId}:method-reply:${requestId}`;
    const error = errorOf(target, outcome);
    return [{
      topic: names.workflowTopic(caller.workflowName), key: caller.workflowId,
      envelope: { v: 1, id, at, causationId: requestId, message: error ? { kind: 'ChildWorkflowFailed', ...step, error } : { kind: 'ChildWorkflowCompleted', ...step, result: outcome.status === 'completed' ? outcome.result : null } },
    }];
  }
  return request.replyTo === undefined ? [] : [replyTo(target, request.replyTo, requestId, outcome, at)];
};

/** The error a workflow step gets for an outcome that is not a result. */
const errorOf = (target: Target, outcome: WorkflowOutcome): ErrorData | undefined => {
  switch (outcome.status) {
    case 'completed':
    case 'accepted':
      return undefined;
    case 'refused':
    case 'failed':
      return outcome.error;
    case 'canceled':
    case 'unknown':
      return { name: 'WorkflowUnknownError', message: `workflow ${target.workflowName} ${target.workflowId} ${outcome.status === 'unknown' ? outcome.reason : 'was canceled'}`, code: 'WORKFLOW_UNKNOWN', retriable: false, data: { ...target, reason: outcome.status === 'unknown' ? outcome.reason : 'was canceled' } };
  }
};
