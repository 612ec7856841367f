import type { Clock, HistoryStore } from '@cadenza/core';
import type { CrashableTransport } from './faulty-transport';

/** One run's broker and store: what the simulator wraps with its fault injectors. */
export interface SimBackendInstance {
  /** A transport of one participant (a worker or the client) on the run's broker. */
  transport(): CrashableTransport;
  /** The one store every engine of the run shares, as processes share a database. */
  readonly store: HistoryStore;
  /** Drops the broker's pending timers and queues. */
  shutdown(): void;
}

/** Makes a fresh broker and store on a clock; the simulator runs on the in-memory adapter's. */
export interface SimBackend {
  readonly name: string;
  open(clock: Clock): SimBackendInstance;
}
