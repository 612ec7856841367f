import type { AnyUpdateHandler } from '../workflow/channel-updates';
import type { CadenzaCloudEvent } from '../events/cadenza-cloud-event';

/** A running (or ended) workflow instance, as a client sees it. */
export interface WorkflowHandle<R = unknown, C = Record<string, unknown>, U = Record<string, AnyUpdateHandler>> {
  readonly workflowName: string;
  readonly workflowId: string;
  /**
   * The workflow's result once it completes. Rejects with `WorkflowFailedError` (its `cause` says why, e.g. a
   * `TaskFailedError`), `WorkflowCanceledError`, or `WorkflowUnknownError` for an id that does not exist or
   * whose history was cleared.
   */
  result(): Promise<R>;
  /**
   * Runs the failed tasks again and resumes the workflow from the point of failure. Rejects with
   * `WorkflowNotFailedError` when the workflow has not failed (it runs, or it ended otherwise), and with
   * `WorkflowUnknownError` for an id that does not exist or whose history was cleared.
   */
  retry(): Promise<void>;
  /** Cancels the workflow; its waiters get a `WorkflowCanceledError`. */
  cancel(reason?: string): Promise<void>;
  /**
   * Sends a value to one of the workflow's channels; it is kept in arrival order and never dropped (buffered
   * until a receive takes it). Rejects with `InvalidArgumentsError` (before sending) for a value its channel's
   * declared codec refuses, or (from the engine) for one a codec the code gave `this.channel` refuses; with
   * `ChannelFullError` when the channel already buffers `maxBufferedSignals` values; with `WorkflowUnknownError`
   * for an instance that does not exist or has ended.
   */
  send<K extends keyof C & string>(channel: K, value: C[K]): Promise<void>;
  /**
   * Sends an update (Temporal's): resolves with what the workflow's handler `name` returned, once that is
   * recorded; a redelivered update is applied once. Rejects, with nothing recorded, with `UpdateRefusedError`
   * when the update's validator refused it (or the workflow is not running), `NotRegisteredError` for a name
   * the workflow does not declare in `static updates`, `WorkflowUnknownError` for an instance that does not
   * exist or has ended; with `WorkflowFailedError` (its cause the handler's error) when the handler threw.
   */
  update<N extends keyof U & string>(name: N, ...value: U[N] extends (...args: infer A) => unknown ? A : [unknown?]): Promise<U[N] extends (...args: never[]) => infer T ? Awaited<T> : unknown>;
  /** The instance's timeline as CloudEvents: see `Client.history`. */
  history(): Promise<CadenzaCloudEvent[]>;
}
