import { isLeft } from 'fp-ts/lib/Either';
import type * as t from 'io-ts';
import { CorruptHistoryError } from '../errors/corrupt-history-error';
import * as events from '../model/history-events';
import { EventMetadata, type HistoryEvent } from '../model/history-events';
import { formatValidationErrors } from '../model/validation-report';
import type { NewEvent, StoredEvent } from '../ports/history-store.port';
import { uuidFrom, uuidPlus } from '../support/uuid-from';

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

/** The last group of a UUID: 12 hex digits, 48 bits, which a double holds exactly (and their sum with an index). */
const LAST_GROUP = 2 ** 48;

/**
 * The events to append for one decision; ids repeat when the same message is decided again. One hash per
 * message: the event at `index` among those it caused gets the hash with `index` added to its last 48
 * bits (mod 2^48), so the ids of one message's events differ for every index a history can reach, and
 * stay deterministic per (stream, causation id, index).
 */
export const toNewEvents = (stream: string, decided: readonly HistoryEvent[], metadata: EventMetadata, firstIndex: number): NewEvent[] => {
  if (firstIndex + decided.length > LAST_GROUP) throw new RangeError(`${stream}: ${firstIndex + decided.length} events for one message cannot get distinct ids`);
  const base = uuidFrom(`${stream}/${metadata.causationId}`);
  return decided.map((event, i) => ({ id: uuidPlus(base, firstIndex + i), type: event.type, data: event, metadata }));
};
