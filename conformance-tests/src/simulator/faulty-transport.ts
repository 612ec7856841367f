import { type Envelope, type PublishOptions, type Transport, TransportError } from '@cadenza/core';
import type { Activity } from './activity';
import type { FaultInjector } from './fault-injector';

/** A transport that can crash like a killed process, as the in-memory transport can. */
export interface CrashableTransport extends Transport {
  crash(): void;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** How often each message-level fault strikes a publish. */
export interface TransportFaultRates {
  readonly duplicate: number;
  readonly lateDuplicate: number;
  readonly delay: number;
  readonly publishFailure: number;
}

/**
 * Wraps a participant's transport: counts its activity and, for the enabled kinds, duplicates, re-sends
 * late, delays, or fails publishes. The client's publishes are only duplicated: a failed one would fail
 * the workload's own call, and a delayed one could overtake its next request to the same workflow, which
 * the per-key order of one producer rules out.
 */
export const faultyTransport = (
  inner: CrashableTransport, faults: FaultInjector, activity: Activity, rates: TransportFaultRates, participant: 'worker' | 'client',
): CrashableTransport => {
  const rng = faults.rng;
  // Clients name their requests by random UUIDs; the log leaves them out so that a rerun prints the same.
  const describe = (topic: string, envelope: Envelope) => `${envelope.message.kind} ${envelope.id.replace(UUID, '<uuid>')} on ${topic}`;
  return {
    capabilities: inner.capabilities,
    publish: async (topic: string, envelope: Envelope, options: PublishOptions = {}) => {
      activity.touch();
      const worker = participant === 'worker';
      const failure = worker && faults.strikes('publish-failures', rates.publishFailure, () => describe(topic, envelope));
      // Half the failures lose the message, half are reported after the broker took it (a lost ack).
      if (failure && rng.chance(0.5)) throw new TransportError(`simulated publish failure: ${envelope.id}`, true);
      // A delayed message keeps its own deliverAt if that is later still.
      const later = (maxMs: number): PublishOptions => ({ ...options, deliverAt: Math.max(options.deliverAt ?? 0, faults.now()) + rng.int(1, maxMs) });
      const delayed = worker && faults.strikes('delays', rates.delay, () => describe(topic, envelope));
      await inner.publish(topic, envelope, delayed ? later(3_000) : options);
      if (faults.strikes('duplicates', rates.duplicate, () => describe(topic, envelope))) await inner.publish(topic, envelope, options);
      if (faults.strikes('late-duplicates', rates.lateDuplicate, () => describe(topic, envelope))) await inner.publish(topic, envelope, later(10_000));
      if (failure) throw new TransportError(`simulated lost publish acknowledgement: ${envelope.id}`, true);
    },
    subscribe: (topic, group, handle, options) => inner.subscribe(topic, group, (delivery) => activity.track(() => handle(delivery)), options),
    close: () => inner.close(),
    crash: () => inner.crash(),
  };
};
