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

  /** The seqs of the receives that wait, per channel in line order. */
  waiting(): number[] {
    return this.receivers ? [...this.receivers.values()].flat() : [];
  }

  /** The buffered values of each channel that has any, for inspection. */
  buffered(): Record<string, unknown[]> {
    return Object.fromEntries([...(this.values ?? [])].filter(([, queue]) => queue.length > 0).map(([channel, queue]) => [channel, [...queue]]));
  }
}
