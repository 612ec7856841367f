import { CloudEvent, type CloudEventV1, Kafka, type KafkaMessage, ValidationError } from 'cloudevents';
import type { Message } from 'kafkajs';

/**
 * One event as a Kafka record in the structured content mode of the CloudEvents Kafka protocol binding:
 * the whole event as JSON in the value, `content-type: application/cloudevents+json; charset=utf-8`, the
 * event time as the record timestamp, and `key` as the record key (the event itself is not changed).
 */
export const kafkaRecordOf = (event: CloudEventV1<unknown>, key: string | null): Message => {
  // The SDK serializes with the event's own toString(), so a plain object is made an event first.
  const structured = Kafka.structured(event instanceof CloudEvent ? event : new CloudEvent<unknown>({ ...event }, false));
  return { key, value: structured.value, headers: { ...structured.headers } as Record<string, string>, timestamp: structured.timestamp };
};

/** A record as kafkajs delivers it to a consumer (headers as Buffers). */
export interface ConsumedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/**
 * Reads a record written by {@link kafkaRecordOf} back as a CloudEvent and validates it against the
 * CloudEvents 1.0 schema; throws {@link InvalidCloudEventRecordError} for a record that is not a valid event.
 */
export const cloudEventOfRecord = (record: ConsumedRecord): CloudEvent<unknown> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  const value = record.value?.toString();
  const message: KafkaMessage<string | undefined> = { headers, key: record.key?.toString() ?? '', value, body: value };
  try {
    const parsed = Kafka.toEvent(message);
    const event = Array.isArray(parsed) ? parsed[0] : parsed;
    if (!(event instanceof CloudEvent)) throw new TypeError('no event in the record');
    event.validate();
    return event as CloudEvent<unknown>;
  } catch (error) {
    // The SDK throws ValidationError, SyntaxError or RangeError depending on what is wrong; one type here.
    const reason = error instanceof ValidationError && error.errors?.length ? JSON.stringify(error.errors) : String((error as Error).message ?? error);
    throw new InvalidCloudEventRecordError(`record with key ${message.key || '(none)'} is not a valid CloudEvent: ${reason}`, { cause: error });
  }
};

/** Thrown by {@link cloudEventOfRecord} for a record that does not hold a valid CloudEvent 1.0. */
export class InvalidCloudEventRecordError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidCloudEventRecordError';
  }
}
