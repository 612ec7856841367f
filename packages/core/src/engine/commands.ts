import type { HistoryEvent, HistoryEventOf } from '../model/history-events';

/** A command event: what workflow code asked for at one step. */
export type CommandEvent = HistoryEventOf<'TaskScheduled' | 'TimerStarted' | 'ChildWorkflowStarted' | 'ReceiveStarted' | 'SideEffectRecorded' | 'MethodCalled' | 'ReceiveReleased' | 'SignalSent'>;

const COMMAND_TYPES = new Set<HistoryEvent['type']>(['TaskScheduled', 'TimerStarted', 'ChildWorkflowStarted', 'ReceiveStarted', 'SideEffectRecorded', 'MethodCalled', 'ReceiveReleased', 'SignalSent']);

export const isCommandEvent = (event: HistoryEvent): event is CommandEvent => COMMAND_TYPES.has(event.type);

/** A readable rendering of a command for error messages: `BankService.deposit("w1","bob",100)`. */
export const describeCommand = (event: CommandEvent): string => {
  const args = (values: unknown[]) => values.map((v) => JSON.stringify(v) ?? 'undefined').join(',');
  switch (event.type) {
    case 'TaskScheduled':
      return `task ${event.service}.${event.method}(${args(event.args)})`;
    case 'TimerStarted':
      return `a timer`;
    case 'ChildWorkflowStarted':
      return `child workflow ${event.workflowName}.${event.method}(${args(event.args)})`;
    case 'ReceiveStarted':
      return `a receive on channel ${event.channel}${event.filtered ? ' with a filter' : ''}${event.took ? ` taking signals ${JSON.stringify(event.took)}` : ''}`;
    case 'SideEffectRecorded':
      return 'a side effect (inline)';
    case 'MethodCalled':
      return `method ${event.workflowName}.${event.method}(${args(event.args)}) of instance ${event.workflowId}`;
    case 'ReceiveReleased':
      return `the release of the receive on channel ${event.channel}`;
    case 'SignalSent':
      return `a signal to channel ${event.channel} of ${event.workflowName} ${event.workflowId} (${JSON.stringify(event.value) ?? 'undefined'})`;
  }
};

/** Same step, same request: what replay requires (a timer's time may differ: it comes from `now()`). */
export const sameCommand = (a: CommandEvent, b: CommandEvent): boolean => {
  if (a.type !== b.type || a.seq !== b.seq) return false;
  switch (a.type) {
    case 'TimerStarted':
    case 'SideEffectRecorded':
      return true;
    case 'ReceiveStarted': {
      // A filter decides at the receive what it took: code whose filter changed takes other signals.
      const other = b as typeof a;
      return a.channel === other.channel && a.filtered === other.filtered && a.limit === other.limit && stableStringify(a.took) === stableStringify(other.took);
    }
    case 'ReceiveReleased':
      return a.channel === (b as typeof a).channel;
    case 'SignalSent': {
      const other = b as typeof a;
      return a.workflowName === other.workflowName && a.workflowId === other.workflowId && a.channel === other.channel && stableStringify(a.value) === stableStringify(other.value);
    }
    case 'TaskScheduled': {
      const other = b as typeof a;
      return a.service === other.service && a.method === other.method && stableStringify(a.args) === stableStringify(other.args);
    }
    case 'MethodCalled':
    case 'ChildWorkflowStarted': {
      const other = b as typeof a;
      return a.workflowName === other.workflowName && a.workflowId === other.workflowId && a.method === other.method
        && stableStringify(a.args) === stableStringify(other.args);
    }
  }
};

/**
 * How replay compares the commands workflow code produces with those its history recorded (see
 * docs/versioning.md): `strict` (the default, what the engine always did): the same kind of command at the same
 * step, to the same target, with the same arguments ({@link sameCommand}); `simple`: the same kind and target
 * ({@link sameTarget}), arguments may differ; `none`: no comparison, the recorded outcomes are handed to the
 * code by step.
 */
export type ReplayCheck = 'none' | 'simple' | 'strict';

/** The check a workflow class is replayed with when its registration names none. */
export const DEFAULT_REPLAY_CHECK: ReplayCheck = 'strict';

/**
 * Same step, same kind of command, same target, arguments aside: a task's service and method, a child's workflow
 * and method, a called method's workflow, instance and method, a receive's or a release's channel, a signal's
 * workflow and channel. A timer and a side effect match any of their kind.
 */
export const sameTarget = (a: CommandEvent, b: CommandEvent): boolean => {
  if (a.type !== b.type || a.seq !== b.seq) return false;
  switch (a.type) {
    case 'TimerStarted':
    case 'SideEffectRecorded':
      return true;
    case 'ReceiveStarted':
    case 'ReceiveReleased':
      return a.channel === (b as typeof a).channel;
    case 'SignalSent':
      return a.workflowName === (b as typeof a).workflowName && a.channel === (b as typeof a).channel;
    case 'TaskScheduled':
      return a.service === (b as typeof a).service && a.method === (b as typeof a).method;
    case 'MethodCalled':
      return a.workflowName === (b as typeof a).workflowName && a.workflowId === (b as typeof a).workflowId && a.method === (b as typeof a).method;
    case 'ChildWorkflowStarted':
      return a.workflowName === (b as typeof a).workflowName && a.method === (b as typeof a).method;
  }
};

/** True when `produced` passes for `recorded` under `check` (`none`: always). */
export const commandsMatch = (check: ReplayCheck, produced: CommandEvent, recorded: CommandEvent): boolean =>
  check === 'none' || (check === 'simple' ? sameTarget(produced, recorded) : sameCommand(produced, recorded));

/** JSON with object keys sorted, so values read back from stores that reorder keys compare equal. */
export const stableStringify = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  ) ?? 'undefined';
