/** Why a listener stopped: see {@link EventListener.stopped}. */
export type EventListenerStopped = { readonly cause: 'stopped' } | { readonly cause: 'failed'; readonly error: Error };

/** A running listener, attached to its group. */
export interface EventListener {
  /**
   * Graceful: starts no new handler call (a handler being retried is not called again, and events gathered
   * for a batch not yet handed over are dropped), waits for the calls in flight, acknowledges what they
   * finished, then leaves the group and closes the transport it built. What was not acknowledged is delivered
   * again, to this group, later.
   */
  stop(): Promise<void>;
  /**
   * Settles once the listener has stopped for good, and never rejects: `{ cause: 'stopped' }` after `stop()`,
   * `{ cause: 'failed', error }` when its subscription died on its own (a broker that refused it, a connection
   * the transport gave up restoring); it then handles nothing more, and its owner should create it again or exit.
   */
  readonly stopped: Promise<EventListenerStopped>;
}
