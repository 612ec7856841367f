import type * as t from 'io-ts';
import { InvalidArgumentsError } from '../errors/invalid-arguments-error';
import type { Deferred } from './deferred';
import type { WorkflowContext } from './workflow-context';

/** The io-ts codecs of a workflow's channels, by name: `static channels = { approvals: t.string }`. */
export type ChannelCodecs = { readonly [channel: string]: t.Mixed };

/** The value types of a workflow class's declared channels; any name and value when it declares none. */
export type ChannelValues<C> = C extends { readonly channels: infer M }
  ? { [K in keyof M & string]: M[K] extends t.Mixed ? t.TypeOf<M[K]> : unknown }
  : Record<string, unknown>;

/**
 * What a `receive()` waits for. `filter`: only values it returns true for (others stay buffered, in arrival
 * order, for other receives). `limit`: the receive completes with an array of up to `limit` values, as soon
 * as at least one is there: all that are buffered (up to `limit`) when it starts, else the next one to come.
 */
export interface ReceiveOptions<T> {
  /** Workflow code, run again on replay: deterministic, and it must not change the value it is given. */
  readonly filter?: (value: T) => boolean;
  /** A whole number ≥ 1. */
  readonly limit?: number;
}

/**
 * A named channel of a workflow instance. Signals sent to it are kept in arrival order and never dropped:
 * one sent before any receive waits is buffered until a receive takes it (up to the workflow's
 * `maxBufferedSignals` per channel; past it the sender gets `ChannelFullError`).
 */
export class Channel<T> {
  constructor(private readonly context: WorkflowContext, readonly name: string) {}

  /** The next value sent to the channel (that `filter` takes), in arrival order. */
  receive(options?: ReceiveOptions<T> & { readonly limit?: undefined }): Deferred<T>;
  /** Up to `limit` values (that `filter` takes), oldest first, as soon as there is one. */
  receive(options: ReceiveOptions<T> & { readonly limit: number }): Deferred<T[]>;
  receive(options: ReceiveOptions<T> = {}): Deferred<T> | Deferred<T[]> {
    const { filter, limit } = options;
    if (filter !== undefined && typeof filter !== 'function') throw new InvalidArgumentsError(`receive on channel ${this.name}`, ['filter must be a function']);
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) {
      throw new InvalidArgumentsError(`receive on channel ${this.name}`, [`limit must be a whole number ≥ 1, got ${String(limit)}`]);
    }
    return this.context.receive(this.name, {
      ...(filter ? { filter: filter as (value: never) => boolean } : {}), ...(limit !== undefined ? { limit } : {}),
    }) as Deferred<T>;
  }
}
