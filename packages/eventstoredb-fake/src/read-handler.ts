import type { ServerWritableStream } from '@grpc/grpc-js';
import { shared, streams } from './proto';
import { streamDeleted, unsupported } from './rpc-errors';
import type { StoredRecord, StreamLog } from './stream-log';
import { toWireUuid } from './uuid';

const BACKWARDS = 1;

/**
 * `Streams.Read` of one stream (forwards or backwards, from start, end or a revision, up to a count).
 * A stream that does not exist or was soft-deleted answers one `stream_not_found` message; a tombstoned
 * stream fails with `stream-deleted`. Reads of `$all` and subscriptions are not part of the fake.
 */
export const handleRead = (log: StreamLog) => (call: ServerWritableStream<streams.ReadReq, streams.ReadResp>): void => {
  const o = call.request.getOptions();
  const so = o?.getStream();
  if (!o || !so) return void call.emit('error', unsupported('reading $all'));
  if (o.hasSubscription()) return void call.emit('error', unsupported('subscriptions'));
  const name = Buffer.from(so.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
  const outcome = log.read(name);
  if (outcome.result === 'stream-deleted') return void call.emit('error', streamDeleted(name));
  if (outcome.result === 'not-found') {
    const notFound = new streams.ReadResp.StreamNotFound().setStreamIdentifier(so.getStreamIdentifier());
    call.write(new streams.ReadResp().setStreamNotFound(notFound));
    return void call.end();
  }
  const backwards = o.getReadDirection() === BACKWARDS;
  // From the end forwards there is nothing to read; `start` is revision 0 in either direction.
  const from = so.hasRevision() ? BigInt(so.getRevision()) : so.hasEnd() ? (backwards ? outcome.lastRevision : undefined) : 0n;
  const count = o.hasCount() ? BigInt(o.getCount()) : BigInt(Number.MAX_SAFE_INTEGER);
  const chosen = (backwards ? [...outcome.events].reverse() : outcome.events)
    .filter((e) => from !== undefined && (backwards ? e.revision <= from : e.revision >= from))
    .slice(0, Number(count > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : count));
  const form = o.getUuidOption()?.hasStructured() ? 'structured' : 'string';
  void writeAll(call, chosen, form);
};

/** Writes with backpressure, as the server pages its reads: a long stream is never buffered whole. */
const writeAll = async (call: ServerWritableStream<streams.ReadReq, streams.ReadResp>, records: readonly StoredRecord[], form: 'string' | 'structured') => {
  for (const record of records) {
    if (call.cancelled) return;
    if (!call.write(new streams.ReadResp().setEvent(toReadEvent(record, form)))) {
      await new Promise<void>((resolve) => {
        const done = () => {
          call.off('drain', done);
          call.off('cancelled', done);
          resolve();
        };
        call.on('drain', done);
        call.on('cancelled', done);
      });
    }
  }
  if (!call.cancelled) call.end();
};

const toReadEvent = (r: StoredRecord, form: 'string' | 'structured'): streams.ReadResp.ReadEvent => {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(toWireUuid(r.id, form))
    .setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(r.stream, 'utf8')))
    .setStreamRevision(r.revision.toString())
    .setPreparePosition(r.position.toString())
    .setCommitPosition(r.position.toString())
    .setData(r.data)
    .setCustomMetadata(r.metadata);
  recorded.getMetadataMap().set('type', r.type).set('content-type', r.contentType).set('created', r.created.toString());
  return new streams.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(r.position.toString());
};
