import type { Envelope, HistoryStore, Subscription, Transport, TransportCapabilities } from '@cadenza/core';

/** What the transport suite needs from an adapter's test file. */
export interface TransportHarness {
  /** Shown in every test title, e.g. `kafka`. */
  readonly name: string;
  readonly capabilities: TransportCapabilities;
  /** A new, connected transport; may be called several times (two workers sharing one broker). */
  create(): Promise<Transport>;
  /** Puts raw bytes on a topic, bypassing the envelope encoding: how the suite sends malformed messages. */
  publishRaw(topic: string, bytes: Uint8Array, key?: string): Promise<void>;
  /** Called once after the suite; closes what `create` opened that the suite did not close. */
  teardown(): Promise<void>;
  /**
   * Kills the consumer behind `subscription` (of `topic`, made by a transport from `create`) from outside,
   * as a fault would, so that it stops on its own: a broker refusing it with a non-retriable error, a
   * consumer the adapter gives up on. Absent: the cases that need it show as pending.
   */
  killSubscription?(subscription: Subscription, topic: string): Promise<void>;
  /**
   * The bytes a published envelope may travel as, when a transport from `create` puts more on the wire than
   * `encodeEnvelope` writes (a signed transport adds its signature; one entry per key it may sign with).
   * @default the envelope's plain encoding
   */
  wireEncodings?(envelope: Envelope): Uint8Array[];
  /**
   * Whether a dead letter cut to fit keeps the `origin` of what it carries when it reaches a handler: a signed
   * transport drops it, since the cut bytes no longer verify and nothing vouches for the step it names.
   * @default true
   */
  readonly cutDeadLettersKeepOrigin?: boolean;
}

/** What the history-store suite needs from an adapter's test file. */
export interface HistoryStoreHarness {
  readonly name: string;
  /** A new store; several may be open at once against the same backend (racing engines). */
  create(): Promise<HistoryStore>;
  teardown(): Promise<void>;
}

/** What the engine suite needs: a transport and a store that several workers and clients share. */
export interface EngineHarness {
  readonly name: string;
  /** A transport for one process-like participant (a worker or a client); several may exist at once. */
  createTransport(): Promise<Transport>;
  /** A history store; engines created for one test share the backend. */
  createHistoryStore(): Promise<HistoryStore>;
  teardown(): Promise<void>;
}
