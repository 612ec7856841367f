import type { HistoryEvent, HistoryEventOf } from '../model/history-events';

/** A command event: what workflow code asked for at one step. */
export type CommandEvent = HistoryEventOf<'TaskScheduled' | 'TimerStarted' | 'ChildWorkflowStarted' | 'ReceiveStarted' | 'MethodCalled'>;

const COMMAND_TYPES = new Set<HistoryEvent['type']>(['TaskScheduled', 'TimerStarted', 'ChildWorkflowStarted', 'ReceiveStarted', 'MethodCalled']);

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
      return `a receive on channel ${event.channel}`;
    case 'MethodCalled':
      return `method ${event.workflowName}.${event.method}(${args(event.args)}) of instance ${event.workflowId}`;
  }
};

/** Same step, same request: what replay requires (a timer's time may differ: it comes from `now()`). */
export const sameCommand = (a: CommandEvent, b: CommandEvent): boolean => {
  if (a.type !== b.type || a.seq !== b.seq) return false;
  switch (a.type) {
    case 'TimerStarted':
      return true;
    case 'ReceiveStarted':
      return a.channel === (b as typeof a).channel;
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

/** JSON with object keys sorted, so values read back from stores that reorder keys compare equal. */
export const stableStringify = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  ) ?? 'undefined';
