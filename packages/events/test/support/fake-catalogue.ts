import type { Envelope, Logger } from '@cadenza/core';
import type { CadenzaCloudEvent } from '../../src/cadenza-cloud-event';
import type { ListenerCatalogue } from '../../src/create-listener';

/**
 * A stand-in for the core's catalogue, so the listener's machinery is tested apart from how the engine
 * describes its steps: an envelope carries its events as the value of a signal, and becomes them as given.
 */
export const FAKE_TYPES = [
  'io.cadenza.workflow.started', 'io.cadenza.workflow.completed', 'io.cadenza.workflow.failed',
  'io.cadenza.task.scheduled', 'io.cadenza.task.attempt.failed', 'io.cadenza.task.completed',
] as const;

/** What a test puts in an envelope: the fields of one event. */
export interface FakeEvent {
  readonly id: string;
  readonly type: (typeof FAKE_TYPES)[number];
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

const toCloudEvent = (event: FakeEvent, workflowId: string, namespace: string): CadenzaCloudEvent => ({
  id: event.id, type: event.type, subject: workflowId,
  source: event.service ? `/cadenza/${namespace}/services/${event.service}` : `/cadenza/${namespace}/workflows/${event.workflow ?? 'Bank'}`,
  cadenzaworkflow: event.workflow ?? 'Bank',
  data: { amount: 42, password: 'hunter2' }, // a log line must never show it
});

export const fakeCatalogue: ListenerCatalogue = {
  eventTypes: FAKE_TYPES,
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
