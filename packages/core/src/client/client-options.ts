import type { Clock } from '../ports/clock.port';
import type { HistoryStore } from '../ports/history-store.port';
import type { Logger } from '../ports/logger.port';
import type { Transport } from '../ports/transport.port';
import type { ReconnectPolicy } from '../worker/worker-options';

/** A client built from a transport you created. */
export interface ClientParts {
  readonly transport: Transport;
  /** The history store the workers write, for `client.history`; without it that call rejects with `ConfigError`.
   *  The client does not close it.
   *  @default none */
  readonly history?: HistoryStore;
  /** @default 'cadenza' */
  readonly namespace?: string;
  /** Names this client's reply topic; unique per client.
   *  @default a random UUID */
  readonly clientId?: string;
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default pino at level `warn`, on stderr */
  readonly logger?: Logger;
  /** Largest encoded arguments, in bytes.
   *  @default 1_048_576 */
  readonly maxPayloadBytes?: number;
  /**
   * Longest wait, in ms, for the reply to a request whose answer should come soon (`cancel`, `retry`,
   * `send`): past it the call rejects with `TimeoutError` (retriable) and its entry is
   * freed, so a lost reply neither hangs the caller nor leaks. The result of a running workflow
   * (`result()`, an awaited method) is not bounded by it: a workflow may rightly run for days.
   * @default undefined (no bound)
   */
  readonly replyTimeoutMs?: number;
  /** How the client subscribes again when its reply subscription dies on its own (`Subscription.stopped`
   *  with `'failed'`); past `giveUpAfterMs` every pending call rejects with the last error.
   *  @default the worker's defaults, see `ReconnectPolicy` */
  readonly reconnect?: ReconnectPolicy;
}

/** Options of a workflow started by a client. */
export interface NewWorkflowOptions {
  /** A custom id: a second start with the same id, method and arguments attaches to the running instance instead
   *  of starting one; another method or other arguments are refused with `WorkflowIdInUseError` (to run another
   *  method on the running instance, use `client.getById(W, id).method(...)`).
   *  @default a random UUID */
  readonly id?: string;
  /** Tags of the instance: recorded in its history, handed to its tasks, and listed in the tag index while it
   *  runs (`client.getIds`, `client.getByTag`; see docs/tags.md). Each 1 to 256 characters, no control
   *  character, else the start rejects with `InvalidTagError`.
   *  @default [] */
  readonly tags?: readonly string[];
  readonly meta?: Readonly<Record<string, string>>;
}
