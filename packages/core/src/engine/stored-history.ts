import { isLeft } from 'fp-ts/lib/Either';
import type * as t from 'io-ts';
import { CorruptHistoryError } from '../errors/corrupt-history-error';
import * as events from '../model/history-events';
import { EventMetadata, type HistoryEvent } from '../model/history-events';
import { formatValidationErrors } from '../model/validation-report';
import type { NewEvent, StoredEvent } from '../ports/history-store.port';
import { uuidFrom } from '../support/uuid-from';

/** A history event with what the engine stored beside it. */
export interface RecordedEvent {
  readonly event: HistoryEvent;
  readonly metadata: EventMetadata;
}

const codecs: Record<string, t.Decoder<unknown, HistoryEvent>> = Object.fromEntries(
  events.HistoryEvent.types.map((codec) => [eventTypeOf(codec), codec as t.Decoder<unknown, HistoryEvent>]),
);

function eventTypeOf(codec: t.Mixed): string {
  const props = (codec as unknown as { props?: Record<string, t.Mixed>; types?: t.Mixed[] }).props
    ?? (codec as unknown as { types: Array<{ props?: Record<string, t.Mixed> }> }).types.find((part) => part.props?.type)?.props;
  return (props?.type as unknown as t.LiteralC<string>).value;
}

/** Decodes one stored event, or throws {@link CorruptHistoryError} naming the stream and revision. */
export const decodeStoredEvent = (stream: string, stored: StoredEvent): RecordedEvent => {
  const codec = codecs[stored.type];
  if (!codec) throw new CorruptHistoryError(stream, stored.revision, `unknown event type ${JSON.stringify(stored.type)}`);
  const event = codec.decode(stored.data);
  if (isLeft(event)) throw new CorruptHistoryError(stream, stored.revision, formatValidationErrors(event.left, 'data').join('; '));
  const metadata = EventMetadata.decode(stored.metadata);
  if (isLeft(metadata)) throw new CorruptHistoryError(stream, stored.revision, formatValidationErrors(metadata.left, 'metadata').join('; '));
  return { event: event.right, metadata: metadata.right };
};

/**
 * The events to append for one decision; ids repeat when the same message is decided again. One hash per
 * decision: the i-th event's id is the decision's id with its last 3 hex digits xor-ed with i.
 */
export const toNewEvents = (stream: string, decided: readonly HistoryEvent[], metadata: EventMetadata, firstIndex: number): NewEvent[] => {
  const base = uuidFrom(`${stream}/${metadata.causationId}`);
  const head = base.slice(0, 33);
  const tail = parseInt(base.slice(33), 16);
  return decided.map((event, i) => ({ id: `${head}${((tail ^ (firstIndex + i)) & 0xfff).toString(16).padStart(3, '0')}`, type: event.type, data: event, metadata }));
};
