import type { Envelope } from '@cadenza/core';

// The in-memory adapter's own tests cannot import @cadenza/conformance (that package tests this one).
let next = 0;

/** A valid envelope carrying `value` as a signal. */
export const signal = (value: unknown): Envelope => ({
  v: 1, id: `clock-test-${next++}`, at: 0,
  message: { kind: 'SendSignal', workflowName: 'ClockTest', workflowId: 'clock-test', channel: 'test', value },
});

/** The value a {@link signal} carries. */
export const signalValue = (envelope: Envelope): unknown => (envelope.message.kind === 'SendSignal' ? envelope.message.value : undefined);
