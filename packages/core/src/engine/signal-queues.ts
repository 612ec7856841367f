import type { HistoryEvent, HistoryEventOf } from '../model/history-events';
import type { WorkflowState } from './workflow-state';

/** A receive waiting in its channel's line: `filtered` ones take only the signals recorded for them. */
export interface Receiver {
  readonly seq: number;
  readonly filtered: boolean;
  /** Set on a receive that completes with an array of up to `limit` values. */
  readonly limit?: number;
}

/** A signal no receive has taken yet; `n` numbers the signals of an instance in arrival order, from 0. */
export interface BufferedSignal {
  readonly n: number;
  readonly value: unknown;
}

type ReceiveStarted = HistoryEventOf<'ReceiveStarted'>;
type SignalReceived = HistoryEventOf<'SignalReceived'>;

/**
 * The signals of each channel that no receive has taken yet, and the receives of each channel that wait
 * for one, both oldest first, as the history tells it. The rules (one place, read by the fold and by the live
 * instance alike):
 * - a `SignalReceived` with a `seq` goes to that receive; without, to the oldest waiting receive of its
 *   channel that has no filter; else it is buffered, never dropped;
 * - a `ReceiveStarted` with `took` takes those buffered signals; without, a receive with no filter takes the
 *   oldest buffered values (one, or up to its `limit`); a receive that took nothing waits in line;
 * - a `ReceiveReleased` takes its receive out of the line.
 * Every instance has one of these and most never see a signal: the maps are made when first needed.
 */
export class SignalQueues {
  private values?: Map<string, BufferedSignal[]>;
  private receivers?: Map<string, Receiver[]>;
  /** How many signals arrived so far: the number of the next one. */
  private arrived = 0;

  /** The buffered signals a `ReceiveStarted` takes, oldest first (read only: {@link receiveStarted} takes them). */
  takenBy(event: ReceiveStarted): BufferedSignal[] {
    const queue = this.values?.get(event.channel);
    if (!queue || queue.length === 0) return [];
    if (event.took) return event.took.map((n) => queue.find((signal) => signal.n === n)).filter((signal): signal is BufferedSignal => signal !== undefined);
    return event.filtered ? [] : queue.slice(0, event.limit ?? 1);
  }

  /** The waiting receive a `SignalReceived` goes to; undefined when it is buffered. */
  targetOf(event: SignalReceived): Receiver | undefined {
    const line = this.receivers?.get(event.channel);
    if (!line) return undefined;
    return event.seq !== undefined ? line.find((receiver) => receiver.seq === event.seq) : line.find((receiver) => !receiver.filtered);
  }

  /** Folds a `ReceiveStarted`: takes what it takes, or puts the receive in line. Returns what it took. */
  receiveStarted(event: ReceiveStarted): BufferedSignal[] {
    const taken = this.takenBy(event);
    if (taken.length > 0) {
      const queue = this.values!.get(event.channel)!;
      // The oldest ones (a receive without a filter) leave from the front, in place; others are picked out.
      if (taken.every((signal, i) => queue[i] === signal)) queue.splice(0, taken.length);
      else this.values!.set(event.channel, queue.filter((signal) => !taken.includes(signal)));
      return taken;
    }
    this.receivers ??= new Map();
    const line = this.receivers.get(event.channel);
    const receiver: Receiver = { seq: event.seq, filtered: event.filtered === true, ...(event.limit !== undefined ? { limit: event.limit } : {}) };
    if (!line) this.receivers.set(event.channel, [receiver]);
    else if (!line.some((waiting) => waiting.seq === event.seq)) line.push(receiver);
    return taken;
  }

  /** Folds a `SignalReceived`: hands it to its receive, which leaves the line, or buffers it. Returns that receive. */
  signalReceived(event: SignalReceived): Receiver | undefined {
    const n = this.arrived++;
    const target = this.targetOf(event);
    if (target) {
      this.leave(event.channel, target.seq);
      return target;
    }
    this.values ??= new Map();
    const queue = this.values.get(event.channel);
    if (queue) queue.push({ n, value: event.value });
    else this.values.set(event.channel, [{ n, value: event.value }]);
    return undefined;
  }

  /** The receive at `seq` leaves its channel's line (a `ReceiveReleased`, or a signal it took). */
  leave(channel: string, seq: number): void {
    const line = this.receivers?.get(channel);
    const at = line?.findIndex((receiver) => receiver.seq === seq) ?? -1;
    if (at < 0) return;
    if (line!.length === 1) this.receivers!.delete(channel);
    else line!.splice(at, 1);
  }

  /** The number the next signal will have. */
  get nextSignal(): number {
    return this.arrived;
  }

  /** The receives of `channel` that wait, in line order. */
  lineOf(channel: string): readonly Receiver[] {
    return this.receivers?.get(channel) ?? [];
  }

  /** The signals of `channel` no receive took yet, oldest first. */
  bufferedOf(channel: string): readonly BufferedSignal[] {
    return this.values?.get(channel) ?? [];
  }

  /** Whether a receive of `channel` waits for a signal. */
  waits(channel: string): boolean {
    return (this.receivers?.get(channel)?.length ?? 0) > 0;
  }

  /** The seqs of the receives that wait, per channel in line order. */
  waiting(): number[] {
    return this.receivers ? [...this.receivers.values()].flat().map((receiver) => receiver.seq) : [];
  }

  /** The buffered values of each channel that has any, for inspection. */
  buffered(): Record<string, unknown[]> {
    return Object.fromEntries([...(this.values ?? [])].filter(([, queue]) => queue.length > 0).map(([channel, queue]) => [channel, queue.map((signal) => signal.value)]));
  }
}

/** The signals that went to their channel's buffer (no receive waited), and the receives that took buffered values, with them. */
export interface BufferUses {
  readonly buffered: WeakSet<HistoryEvent>;
  readonly taken: WeakMap<HistoryEvent, unknown>;
}

/**
 * Notes in `uses` what a signal or a receive does with its channel's buffer, read from the state before
 * `event` folds into it: a signal that no receive takes is buffered; a receive takes buffered values (the
 * value, or an array of them for a receive with a `limit`). The events topic tells `signal.buffered` and
 * `signal.received` apart by it.
 */
export const noteBufferUse = (uses: BufferUses, before: WorkflowState, event: HistoryEvent): void => {
  if (event.type === 'SignalReceived') {
    if (!before.signals.targetOf(event)) uses.buffered.add(event);
  } else if (event.type === 'ReceiveStarted') {
    const taken = before.signals.takenBy(event);
    if (taken.length > 0) uses.taken.set(event, event.limit !== undefined ? taken.map((signal) => signal.value) : taken[0]!.value);
  }
};
