import type { Envelope } from '../model/envelope';
import type { ErrorData } from '../model/error-data';
import type { HistoryEvent } from '../model/history-events';
import type { Json } from '../model/json';
import type { MessageOf, WorkflowOutcome } from '../model/messages';
import { taskId } from '../model/names';
import type { PendingChildView, PendingReceiveView, PendingTaskView, PendingTimerView, WorkflowStateView } from '../model/workflow-state-view';
import { timerId } from './complete-timers';
import type { EndedWorkflow } from './ended-workflow';
import { type Outgoing, replyTo } from './outgoing-messages';
import { failedTaskStatus } from './retry-tasks';
import type { WorkflowInstance } from './workflow-instance';

/**
 * The query name under which `state()` travels as a `QueryWorkflow`: answered by the engine itself, never by
 * the workflow class (a name with a dot is no member a class lists in `static queries`). An engine that
 * predates it answers `UnknownQueryError`.
 */
export const STATE_QUERY = 'cadenza.state';

/** Whether a query asks for the instance's {@link WorkflowStateView}. */
export const isStateQuery = (message: MessageOf<'QueryWorkflow'>): boolean => message.query === STATE_QUERY;

/** Nesting past which a property is left out (a cycle, or a structure too deep to be state anyone reads). */
const MAX_DEPTH = 32;

/**
 * A value as JSON carries it, or undefined for what JSON cannot carry without running code: a plain object, an
 * array, a primitive or a `Date` is kept; a function, a class instance (a channel), a `Map`, and an object that
 * answers `toJSON` with a function (a service or child stub answers every name so) are left out.
 */
const plainJson = (value: unknown, depth: number): Json | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((item: unknown) => plainJson(item, depth + 1) ?? null);
  const proto = Object.getPrototypeOf(value) as unknown;
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(value)) {
    const item = plainJson((value as Record<string, unknown>)[key], depth + 1);
    if (item !== undefined) out[key] = item;
  }
  return out;
};

/** The workflow object's own enumerable fields JSON can carry; a field whose read throws is left out. */
const propertiesOf = (workflow: object): Record<string, Json> => {
  const out: Record<string, Json> = {};
  for (const key of Object.keys(workflow)) {
    try {
      const value = plainJson((workflow as Record<string, unknown>)[key], 0);
      if (value !== undefined) out[key] = value;
    } catch {
      // An own getter that throws (or asks for a step, refused while the state is read): not state to show.
    }
  }
  return out;
};

/** The fields a status adds to a view: the result, the failure, the block or the reason. */
const outcomeFields = (outcome: WorkflowOutcome | undefined): Partial<WorkflowStateView> => {
  if (outcome?.status === 'completed') return { result: outcome.result };
  if (outcome?.status === 'failed') return { error: outcome.error };
  if (outcome?.status === 'canceled') return { reason: outcome.reason };
  return {};
};

/** The steps of a live instance that wait, and how many succeeded. */
const stepsOf = (instance: WorkflowInstance): Pick<WorkflowStateView, 'pending' | 'completedSteps'> => {
  const { state, workflowId } = instance;
  const fireAt = new Map<number, number>();
  const channels = new Map<number, string>();
  for (const events of state.applied.values()) {
    for (const event of events as HistoryEvent[]) {
      if (event.type === 'TimerStarted') fireAt.set(event.seq, event.fireAt);
      else if (event.type === 'ReceiveStarted') channels.set(event.seq, event.channel);
    }
  }
  const bySeq = <T extends { seq: number }>(items: T[]): T[] => items.sort((a, b) => a.seq - b.seq);
  let completedSteps = 0;
  /** The failure of a step still pending (undefined while it runs); `succeeded` when its success is recorded, counted. */
  const pendingOf = (seq: number): { failure?: ErrorData } | 'succeeded' => {
    const failure = state.failures?.get(seq);
    if (failure) return { failure };
    if (state.open.has(seq)) return {};
    completedSteps++;
    return 'succeeded';
  };
  const tasks: PendingTaskView[] = [];
  for (const [seq, task] of state.tasks) {
    const pending = pendingOf(seq);
    if (pending === 'succeeded') continue;
    const { failure } = pending;
    const attempt = (failure?.data as { attempt?: unknown } | undefined)?.attempt;
    tasks.push({
      taskId: taskId(workflowId, seq), seq, service: task.service, method: task.method, retry: task.retry,
      status: failure ? failedTaskStatus(failure) : 'running',
      ...(failure ? { error: failure } : {}), ...(typeof attempt === 'number' ? { attempt } : {}),
      ...(task.timeoutAt !== undefined && !failure ? { timeoutAt: task.timeoutAt } : {}),
    });
  }
  const timers: PendingTimerView[] = [];
  for (const seq of state.timers) {
    if (pendingOf(seq) !== 'succeeded') timers.push({ timerId: timerId(workflowId, seq), seq, fireAt: fireAt.get(seq) ?? 0 });
  }
  const children: PendingChildView[] = [];
  for (const [seq, child] of state.children) {
    const pending = pendingOf(seq);
    if (pending === 'succeeded') continue;
    const { failure } = pending;
    children.push({ seq, workflowName: child.workflowName, workflowId: child.workflowId, method: child.method, status: failure ? 'failed' : 'running', ...(failure ? { error: failure } : {}) });
  }
  const receives: PendingReceiveView[] = state.signals.waiting().map((seq) => ({ seq, channel: channels.get(seq) ?? '' }));
  return { pending: { tasks: bySeq(tasks), timers: bySeq(timers), children: bySeq(children), receives: bySeq(receives) }, completedSteps };
};

/**
 * The {@link WorkflowStateView} of an instance the engine holds, read from its fold and its workflow object
 * while nothing else runs on it; no code runs but the reads of the object's own fields, and a step one asks
 * for is refused (as in a query), so reading the state records nothing and changes nothing.
 */
export const stateViewOf = async (instance: WorkflowInstance): Promise<WorkflowStateView> => {
  const { state, started } = instance;
  const { workflow } = instance;
  const properties = workflow ? await instance.whileQuerying(STATE_QUERY, () => propertiesOf(workflow)) : undefined;
  return {
    workflowName: instance.workflowName, workflowId: instance.workflowId, status: state.status,
    method: started.method, args: started.args, tags: started.tags, meta: started.meta,
    ...(state.startedAt !== undefined ? { startedAt: state.startedAt } : {}),
    ...stepsOf(instance),
    ...(properties ? { properties } : {}),
    ...outcomeFields(state.outcome),
    ...(state.status === 'blocked' && state.blockedBy ? { blockedBy: state.blockedBy } : {}),
  };
};

/** The view of an ended workflow whose history was cleared: its kept outcome, how it was started, nothing else. */
export const endedStateView = (ref: { workflowName: string; workflowId: string }, ended: EndedWorkflow): WorkflowStateView => {
  const { outcome } = ended;
  const status = outcome.status === 'failed' || outcome.status === 'canceled' ? outcome.status : 'completed';
  return { ...ref, status, method: ended.method, args: ended.args, ...outcomeFields(outcome) };
};

/** The answer to a `state()` request: the view, as a query's `completed` result. */
export const answerState = async (instance: WorkflowInstance, envelope: Envelope, message: MessageOf<'QueryWorkflow'>, at: number): Promise<Outgoing[]> =>
  [replyTo({ workflowName: instance.workflowName, workflowId: instance.workflowId }, message.replyTo, envelope.id, { status: 'completed', result: await stateViewOf(instance) }, at)];
