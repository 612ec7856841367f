import { buildCloudEvent, type CadenzaCloudEvent, type Envelope, EVENT_TYPES, type Logger } from '@cadenza/core';
import type { ListenerCatalogue } from '../../src/create-listener';

/**
 * A stand-in for how the core turns envelopes into events, so the listener's machinery is tested apart from
 * what the engine publishes: an envelope carries its events as the value of a signal, and becomes them as given.
 */

/** What a test puts in an envelope: the fields of one event. */
export interface FakeEvent {
  readonly id: string;
  readonly type: string;
  /** The workflow it belongs to, @default 'Bank'. */
  readonly workflow?: string;
  /** A service that published it, instead of the workflow. */
  readonly service?: string;
}

let sequence = 0;

/** An envelope of the events topic for workflow instance `workflowId`, carrying `events`. */
export const eventsEnvelope = (workflowId: string, events: readonly FakeEvent[]): Envelope => ({
  v: 1, id: `events-${sequence++}`, at: 0,
  message: { kind: 'SendSignal', workflowName: 'Fake', workflowId, channel: 'events', value: events.map((e) => ({ ...e })) },
});

const toCloudEvent = (event: FakeEvent, workflowId: string, namespace: string): CadenzaCloudEvent => buildCloudEvent(
  { namespace, workflowName: event.workflow ?? 'Bank', workflowId },
  { id: event.id, type: event.type, at: 0, data: { amount: 42, password: 'hunter2' } /* a log line must never show it */, ...(event.service ? { service: event.service } : {}) },
);

export const fakeCatalogue: ListenerCatalogue = {
  eventTypes: EVENT_TYPES,
  eventsOf: ({ message }, { namespace }) => message.kind === 'SendSignal'
    ? (message.value as FakeEvent[]).map((event) => toCloudEvent(event, message.workflowId, namespace))
    : [],
};

/** A logger that keeps what it was told, so a test can check what was logged (and that nothing secret was). */
export const recordingLogger = (): Logger & { readonly lines: Array<{ level: string; fields: object; message?: string }> } => {
  const lines: Array<{ level: string; fields: object; message?: string }> = [];
  const at = (level: string) => (fields: object, message?: string) => {
    lines.push({ level, fields, ...(message !== undefined ? { message } : {}) });
  };
  const logger = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return logger;
};
