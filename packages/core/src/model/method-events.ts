import * as t from 'io-ts';
import { ErrorData } from './error-data';
import { JsonValue } from './json';
import { ParentRef } from './parent-ref';

/**
 * A method started on a running instance (a `RunMethod`), beside its main method: `methodRun` numbers the
 * method runs of the instance from 1, in the order they were recorded. Its caller is a client (`replyTo`,
 * `requestId`: the request it answers) or a workflow step (`caller`), or nobody.
 */
export const MethodStarted = t.intersection([
  t.type({ type: t.literal('MethodStarted'), methodRun: t.number, method: t.string, args: t.array(JsonValue) }),
  t.partial({ replyTo: t.string, requestId: t.string, caller: ParentRef }),
]);
/**
 * The workflow called `method` on the running instance `workflowId` of `workflowName` at step `seq`
 * (`this.getWorkflowById(W, id).method(...)`): the step waits for that method's result, which arrives as the
 * step's `ChildWorkflowCompleted` or `ChildWorkflowFailed`.
 */
export const MethodCalled = t.type({ type: t.literal('MethodCalled'), seq: t.number, workflowName: t.string, workflowId: t.string, method: t.string, args: t.array(JsonValue) });
/** The method of run `methodRun` returned `result`. */
export const MethodCompleted = t.type({ type: t.literal('MethodCompleted'), methodRun: t.number, result: JsonValue });
/** The method of run `methodRun` threw `error`; the instance runs on. */
export const MethodFailed = t.type({ type: t.literal('MethodFailed'), methodRun: t.number, error: ErrorData });
