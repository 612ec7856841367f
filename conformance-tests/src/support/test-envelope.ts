import type { Envelope } from '@cadenza/core';
import { randomUUID } from 'node:crypto';

/** A valid envelope carrying `value`, for transport tests; the id is unique unless given. */
export const testEnvelope = (value: unknown, id = randomUUID()): Envelope => ({
  v: 1,
  id,
  at: Date.now(),
  message: { kind: 'SendSignal', workflowName: 'TransportTest', workflowId: 'transport-test', channel: 'test', value },
});

/** The value a {@link testEnvelope} carries. */
export const valueOf = (envelope: Envelope): unknown =>
  envelope.message.kind === 'SendSignal' ? envelope.message.value : undefined;
