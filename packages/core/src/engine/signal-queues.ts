import type { HistoryEvent } from '../model/history-events';
import type { WorkflowState } from './workflow-state';

/**
 * The signals of each channel that no receive has taken yet, and the receives of each channel that wait
 * for one, both oldest first. A signal goes to the oldest waiting receive of its channel, else it waits
 * for the next receive. Every instance has two of these and most never see a signal: the maps are made
 * when first needed.
 */
export class SignalQueues {
  private values?: Map<string, unknown[]>;
  private receivers?: Map<string, number[]>;

  /** A receive at `seq`: the oldest buffered value of its channel (taken), or undefined when it waits in line. */
  receive(channel: string, seq: number): { value: unknown } | undefined {
    const queue = this.values?.get(channel);
    if (queue !== undefined && queue.length > 0) return { value: queue.shift() };
    this.receivers ??= new Map();
    const line = this.receivers.get(channel);
    if (line) line.push(seq);
    else this.receivers.set(channel, [seq]);
    return undefined;
  }

  /** A signal: the seq of the receive it answers, or undefined when no receive waits and it is buffered. */
  deliver(channel: string, value: unknown): number | undefined {
    const seq = this.receivers?.get(channel)?.shift();
    if (seq !== undefined) return seq;
    this.values ??= new Map();
    const queue = this.values.get(channel);
    if (queue) queue.push(value);
    else this.values.set(channel, [value]);
    return undefined;
  }

  /** The receive at `seq` leaves its channel's line: the next signal is for the receive after it. */
  leave(channel: string, seq: number): void {
    const line = this.receivers?.get(channel);
    const at = line?.indexOf(seq) ?? -1;
    if (at >= 0) line!.splice(at, 1);
  }

  /** Whether a receive of `channel` waits for a signal. */
  waits(channel: string): boolean {
    return (this.receivers?.get(channel)?.length ?? 0) > 0;
  }

  /** The oldest buffered value of `channel`, left in place; undefined when none is buffered. */
  peek(channel: string): { value: unknown } | undefined {
    const queue = this.values?.get(channel);
    return queue !== undefined && queue.length > 0 ? { value: queue[0] } : undefined;
  }

  /** The seqs of the receives that wait, per channel in line order. */
  waiting(): number[] {
    return this.receivers ? [...this.receivers.values()].flat() : [];
  }

  /** The buffered values of each channel that has any, for inspection. */
  buffered(): Record<string, unknown[]> {
    return Object.fromEntries([...(this.values ?? [])].filter(([, queue]) => queue.length > 0).map(([channel, queue]) => [channel, [...queue]]));
  }
}

/** The signals that went to their channel's buffer (no receive waited), and the receives that took a buffered value, with it. */
export interface BufferUses {
  readonly buffered: WeakSet<HistoryEvent>;
  readonly taken: WeakMap<HistoryEvent, unknown>;
}

/**
 * With no code running, notes in `uses` what a signal or a receive does with its channel's buffer, read from
 * the state before `event` folds into it: a signal no receive waits for is buffered; a receive takes the
 * oldest buffered value. (The events topic tells `signal.buffered` and `signal.received` apart by it.)
 */
export const noteBufferUse = (uses: BufferUses, before: WorkflowState, event: HistoryEvent): void => {
  if (event.type === 'SignalReceived') {
    if (!before.signals.waits(event.channel)) uses.buffered.add(event);
  } else if (event.type === 'ReceiveStarted') {
    const taken = before.signals.peek(event.channel);
    if (taken) uses.taken.set(event, taken.value);
  }
};
